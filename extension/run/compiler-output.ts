// Turns what the compiler printed into problems with positions: gcc's JSON diagnostics
// (-fdiagnostics-format=json), and the classic `file:line:col: error: message` text that clang and the
// linker print. Pure; the diagnostics module turns these into VS Code diagnostics.

export type Severity = 'error' | 'warning' | 'note';

export interface CompilerProblem {
  severity: Severity;
  message: string;
  /** as the compiler wrote it (relative to the compiler's working directory, or absolute) */
  file?: string;
  /** 1-based; undefined for problems with no place (a linker error) */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** the warning option, e.g. -Wunused-variable */
  option?: string;
  related: { message: string; file?: string; line?: number; column?: number }[];
}

interface GccLoc {
  caret?: { file?: string; line?: number; column?: number };
  finish?: { file?: string; line?: number; column?: number };
}

interface GccDiag {
  kind?: string;
  message?: string;
  option?: string;
  locations?: GccLoc[];
  children?: GccDiag[];
}

function severity(kind: string | undefined): Severity {
  if (kind === 'warning') return 'warning';
  if (kind === 'note') return 'note';
  return 'error';
}

function fromGcc(d: GccDiag): CompilerProblem {
  const loc = d.locations?.[0];
  const caret = loc?.caret;
  const finish = loc?.finish;
  return {
    severity: severity(d.kind),
    message: d.message ?? '(no message)',
    file: caret?.file,
    line: caret?.line,
    column: caret?.column,
    // gcc's finish is the last character, inclusive
    endLine: finish?.line ?? caret?.line,
    endColumn: finish?.column !== undefined ? finish.column + 1 : undefined,
    option: d.option,
    related: (d.children ?? []).map((c) => {
      const at = c.locations?.[0]?.caret;
      return { message: c.message ?? '', file: at?.file, line: at?.line, column: at?.column };
    }),
  };
}

const TEXT_DIAG = /^(.+?):(\d+):(?:(\d+):)?\s*(fatal error|error|warning|note):\s*(.*)$/;
const LINKER = /(undefined reference to|multiple definition of|ld returned|cannot find -l)/;

/** Every problem in the compiler's output, in the order printed. Notes attached to a problem stay with it. */
export function parseCompilerOutput(output: string): CompilerProblem[] {
  const out: CompilerProblem[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    if (!line) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      try {
        const list = JSON.parse(line) as GccDiag[];
        if (Array.isArray(list)) {
          out.push(...list.map(fromGcc));
          continue;
        }
      } catch { /* not JSON after all: read it as text */ }
    }
    const m = TEXT_DIAG.exec(line);
    if (m) {
      const sev = m[4] === 'fatal error' ? 'error' : (m[4] as Severity);
      const p: CompilerProblem = { severity: sev, message: m[5], file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, related: [] };
      const prev = out[out.length - 1];
      if (sev === 'note' && prev) prev.related.push({ message: p.message, file: p.file, line: p.line, column: p.column });
      else out.push(p);
      continue;
    }
    if (LINKER.test(line) && !line.startsWith('collect2')) {
      const ref = /^(.+?):\(/.exec(line);
      out.push({ severity: 'error', message: line.replace(/^.*?: /, ''), file: ref?.[1], related: [] });
    }
  }
  return out;
}
