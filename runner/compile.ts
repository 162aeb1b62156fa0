// Compiling the student's C with the system's compiler: debug info for call sites, warnings on.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TraceError } from './errors';

export interface CompileOptions {
  out: string;
  cwd?: string;
  /** compiler command; default: $CC, else cc, gcc or clang from PATH */
  compiler?: string;
  flags?: string[];
  /** ask gcc for JSON diagnostics (the extension reads them) */
  json?: boolean;
  color?: boolean;
}

export interface CompileResult {
  ok: boolean;
  /** what the compiler printed (its own format) */
  output: string;
  compiler: string;
}

// DWARF 4: binutils 2.40's addr2line misreads the file table of gcc 12's DWARF 5 (a call in a header is
// reported in the .c file that includes it)
export const DEFAULT_FLAGS = ['-g', '-gdwarf-4', '-O0', '-Wall', '-Wextra', '-std=gnu11'];

function onPath(cmd: string): string | undefined {
  if (cmd.includes('/')) return fs.existsSync(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return undefined;
}

export function findCompiler(preferred?: string): string {
  const candidates = [preferred, process.env.CC, 'cc', 'gcc', 'clang'].filter((c): c is string => !!c);
  for (const c of candidates) if (onPath(c)) return c;
  throw new TraceError('noCompiler', `no C compiler found (looked for ${candidates.join(', ')})`);
}

export function compile(files: string[], o: CompileOptions): Promise<CompileResult> {
  const compiler = findCompiler(o.compiler);
  const flags = o.flags ?? DEFAULT_FLAGS;
  const extra = o.json ? ['-fdiagnostics-format=json'] : [o.color ? '-fdiagnostics-color=always' : '-fdiagnostics-color=never'];
  const args = [...flags, ...extra, '-o', o.out, ...files];
  return new Promise((resolve) => {
    execFile(compiler, args, { cwd: o.cwd, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: stdout + stderr, compiler });
    });
  });
}
