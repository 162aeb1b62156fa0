// Which statement of the student's printed a line of output, and where the values in it came from: the
// printf whose format reads as the line, the statements before it that set its arguments, and what the trace
// shows of the calls there (the socket() that made the fd a getsockopt() asked about, the fd still open that
// made socket() return the next number). A line no format explains may be bytes the program read and wrote out
// as they were: the read that got them.
import type { SyscallEvent, TraceEvent } from '../common/events';
import { NEW_FD_CALLS, RECV_CALLS } from '../common/syscalls';
import { sourceName, type CFile, type CSource } from './c-source';
import { argumentsOf, calleeName, functionOf, identifiersIn, lineOf, literalPieces, nodes, oneLine, statementOf, walk, type Node } from './c-syntax';
import { tracedNames } from './hint-lines';
import type { RelatedLine } from './source-lines';
import { at, fdOf, renderCall } from './trace-match';

/** Calls that print a format, and which argument it is. */
const PRINTERS: Record<string, number> = { printf: 0, fprintf: 1, dprintf: 1, puts: 0, fputs: 0 };

const CONVERSION = /%[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|j|z|t|L|q)?([diouxXeEfFgGaAcspn%])/g;

const VALUE: Record<string, string> = {
  d: '(-?\\d+)', i: '(-?\\d+)', u: '(\\d+)', o: '([0-7]+)', x: '([0-9a-f]+)', X: '([0-9A-F]+)', c: '([\\s\\S])', s: '(.*?)',
  p: '(0x[0-9a-f]+|\\(nil\\))', e: '(\\S+)', E: '(\\S+)', f: '(\\S+)', F: '(\\S+)', g: '(\\S+)', G: '(\\S+)', a: '(\\S+)', A: '(\\S+)',
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A format line as a pattern with a group per conversion, and how many literal characters it holds. */
function pattern(format: string): { re: RegExp; literal: number; convs: number } {
  let re = '';
  let literal = 0;
  let last = 0;
  let convs = 0;
  for (const m of format.matchAll(CONVERSION)) {
    const text = format.slice(last, m.index);
    re += escape(text);
    literal += text.length;
    if (m[1] === '%') {
      re += '%';
      literal++;
    } else {
      re += VALUE[m[1]] ?? '(.*?)';
      convs++;
    }
    last = (m.index ?? 0) + m[0].length;
  }
  const rest = format.slice(last);
  return { re: new RegExp(`^${re}${escape(rest)}$`), literal: literal + rest.length, convs };
}

interface Printed {
  file: CFile;
  call: Node;
  /** the values the line has for each of the format's arguments */
  values: (string | undefined)[];
  args: Node[];
}

/** The printing call whose format reads as `line` (the one with the most fixed text, when several do). */
function printer(src: CSource, line: string): Printed | undefined {
  let best: (Printed & { literal: number }) | undefined;
  for (const { file, call } of src.calls()) {
    const at = PRINTERS[calleeName(call)];
    if (at === undefined) continue;
    const args = argumentsOf(call);
    const pieces = literalPieces(args[at]);
    if (!pieces) continue;
    const format = pieces.map((p) => p.text).join('') + (calleeName(call) === 'puts' ? '\n' : '');
    // each line the format prints; a format without a newline is a line's start or middle: not matched here
    const lines = format.split('\n');
    let convsBefore = 0;
    for (const l of lines.slice(0, -1)) {
      const p = pattern(l);
      const m = p.re.exec(line);
      if (m && p.literal > 0 && (!best || p.literal > best.literal)) {
        const values: (string | undefined)[] = [];
        for (let i = 0; i < p.convs; i++) values[convsBefore + i] = m[i + 1];
        best = { file, call, values, args: args.slice(at + 1), literal: p.literal };
      }
      convsBefore += p.convs;
    }
  }
  return best;
}

/** The last statement before `limit` in its function that set variable `v`: `v = ...`, `int v = ...`, `f(&v)`. */
function setterOf(fn: Node, v: string, limit: Node): Node | undefined {
  let last: Node | undefined;
  walk(fn, (n) => {
    if (n.startIndex >= limit.startIndex) return;
    const sets = (n.type === 'assignment_expression' && n.childForFieldName('left')?.text === v)
      || (n.type === 'init_declarator' && identifiersIn(n.childForFieldName('declarator') as Node)[0] === v && n.childForFieldName('value') !== null)
      || (n.type === 'pointer_expression' && n.child(0)?.text === '&' && n.childForFieldName('argument')?.text === v && n.parent?.type === 'argument_list');
    if (sets && (!last || n.startIndex > last.startIndex)) last = n;
  });
  return last && statementOf(last);
}

/** Does a traced value hold the printed number (its result or one of its arguments)? */
function holds(ev: SyscallEvent, value: string | undefined): boolean {
  if (value === undefined || !/^-?\d+$/.test(value)) return false;
  const n = Number(value);
  return ev.ret === n || Object.values(ev.args).some((a) => a === n);
}

/** What the trace says about the call on a setter's line that produced the printed value. */
function traced(events: TraceEvent[], file: string, dir: string, stmt: Node, value: string | undefined): RelatedLine[] {
  const calls = new Set<string>();
  walk(stmt, (n) => { if (n.type === 'call_expression') tracedNames(calleeName(n)).forEach((x) => calls.add(x)); });
  const line = lineOf(stmt);
  const here = events.filter((e): e is SyscallEvent => e.type === 'syscall' && !!e.site && e.site.line === line && sourceName(e.site.file, dir) === file && calls.has(e.name));
  const ev = here.find((e) => holds(e, value)) ?? (here.length === 1 ? here[0] : undefined);
  if (!ev) return [];
  const out: RelatedLine[] = [];
  const mine = events.filter((e): e is SyscallEvent => e.type === 'syscall' && e.pid === ev.pid && e.seq < ev.seq);
  const fd = fdOf(ev);
  if (fd !== undefined && !NEW_FD_CALLS.has(ev.name)) {
    // the call asked about an fd: the call that made it says what it is
    const made = mine.filter((e) => NEW_FD_CALLS.has(e.name) && e.ret === fd).pop();
    if (made?.site) out.push({ file: sourceName(made.site.file, dir), line: made.site.line, note: `${renderCall(made)} made fd ${fd}, which ${ev.name}() asked about` });
  }
  if (NEW_FD_CALLS.has(ev.name) && ev.ret !== null && ev.ret > 3) {
    // the kernel gives the lowest free fd: a lower one still open is why this one is higher
    const open = new Map<number, SyscallEvent>();
    for (const e of mine) {
      if (NEW_FD_CALLS.has(e.name) && e.ret !== null && e.ret >= 3) open.set(e.ret, e);
      if (e.name === 'close' && typeof e.args.fd === 'number') open.delete(e.args.fd);
    }
    const lower = [...open.entries()].filter(([n]) => n < (ev.ret as number)).sort((a, b) => a[0] - b[0])[0];
    if (lower?.[1].site) {
      out.push({ file: sourceName(lower[1].site.file, dir), line: lower[1].site.line,
        note: `fd ${lower[0]} from ${lower[1].name}() here was still open, so ${ev.name}()${at(ev)} got ${ev.ret}` });
    }
  }
  return out;
}

/** The read whose bytes are the printed line: a program that writes out what it received. */
function readFor(events: TraceEvent[], line: string, dir: string): RelatedLine | undefined {
  if (line === '') return undefined;
  const ev = events.find((e): e is SyscallEvent => {
    if (e.type !== 'syscall' || !RECV_CALLS.has(e.name) || !e.site) return false;
    const b = e.args.buf;
    const text = b && typeof b === 'object' && 'hex' in b && typeof b.hex === 'string' ? Buffer.from(b.hex, 'hex').toString('latin1') : '';
    return text.length > 0 && (text.includes(line) || line.startsWith(text.replace(/\n$/, '')));
  });
  return ev?.site ? { file: sourceName(ev.site.file, dir), line: ev.site.line, note: `${renderCall(ev)} read the bytes printed` } : undefined;
}

/** Where `line` of the program's output was printed, and where its values came from. */
export function printedBy(src: CSource | undefined, line: string, events: TraceEvent[]): { location?: { file: string; line: number }; related: RelatedLine[] } {
  const p = src && printer(src, line);
  if (!src || !p) {
    const read = src ? readFor(events, line, src.dir) : undefined;
    return read ? { location: { file: read.file, line: read.line }, related: [] } : { related: [] };
  }
  const fn = functionOf(p.call);
  const related: RelatedLine[] = [];
  p.args.forEach((arg, i) => {
    if (arg.type !== 'identifier' || !fn) return;
    const stmt = setterOf(fn, arg.text, p.call);
    if (!stmt) return;
    const value = p.values[i];
    related.push({ file: p.file.name, line: lineOf(stmt), note: `${oneLine(stmt.text, 40)} sets ${arg.text}${value !== undefined ? ` (printed as ${value})` : ''}` });
    related.push(...traced(events, p.file.name, src.dir, stmt, value));
  });
  return { location: { file: p.file.name, line: lineOf(p.call) }, related };
}

/** The text every line a pattern matches begins with (`child got ` of `^child got \w+$`), '' if it has none. */
export function fixedStart(re: string): string {
  return /^\^((?:[^\\.*+?^$()[\]{}|]|\\[^\w])*)/.exec(re)?.[1].replace(/\\(.)/g, '$1') ?? '';
}

const EXITS = ['_exit', '_Exit'];

/**
 * A line the output should have and has not: the printing call whose format would print it (its fixed text
 * and the pattern's share their start), and, when its process then leaves by _exit() with no fflush() between,
 * that _exit(): it throws away what stdio still buffers, which is all of it when standard output is a pipe.
 */
export function missingPrinted(src: CSource | undefined, re: string): { location?: { file: string; line: number }; related: RelatedLine[] } {
  const start = fixedStart(re);
  if (!src || start.length < 4) return { related: [] };
  let best: { file: CFile; call: Node; n: number } | undefined;
  for (const { file, call } of src.calls()) {
    const at = PRINTERS[calleeName(call)];
    if (at === undefined) continue;
    const pieces = literalPieces(argumentsOf(call)[at]);
    if (!pieces) continue;
    for (const l of pieces.map((p) => p.text).join('').split('\n')) {
      const fixed = l.split('%')[0];
      let n = 0;
      while (n < fixed.length && n < start.length && fixed[n] === start[n]) n++;
      // the whole of the shorter fixed start agrees, and it is more than a word's first letters
      if (n >= 4 && (n === fixed.length || n === start.length) && (!best || n > best.n)) best = { file, call, n };
    }
  }
  if (!best) return { related: [] };
  const location = { file: best.file.name, line: lineOf(best.call) };
  const fn = functionOf(best.call);
  const after = fn ? nodes(fn, 'call_expression').filter((c) => c.startIndex > best.call.endIndex).sort((a, b) => a.startIndex - b.startIndex) : [];
  const exit = after.find((c) => EXITS.includes(calleeName(c)) || calleeName(c) === 'fflush');
  if (!exit || !EXITS.includes(calleeName(exit))) {
    return { location, related: [{ ...location, note: `${oneLine(best.call.text, 40)} prints that line: it never ran, or what it printed was lost` }] };
  }
  return {
    location,
    related: [
      { ...location, note: `${oneLine(best.call.text, 40)} prints that line into stdio's buffer` },
      { file: best.file.name, line: lineOf(exit), note: `${oneLine(exit.text, 40)} ends the process without flushing that buffer: call fflush(stdout) before it` },
    ],
  };
}
