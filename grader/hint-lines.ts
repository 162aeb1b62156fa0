// A failure's hints (grader/hints.ts) answered from the student's source: each becomes a related line, the
// file:line and what happened there, that the reports and the editor show beside the failure's own line.
import type { SyscallEvent } from '../common/events';
import { LIBC_NAMES } from '../common/syscalls';
import { bytesOrigin } from './byte-origin';
import { sourceName, type CFile, type CSource } from './c-source';
import { pathAfter, resultName } from './control-path';
import { argumentsOf, calleeName, functionName, functionOf, identifiersIn, inForkChild, lineOf, literalPieces, nodes, oneLine, statementOf, type Node } from './c-syntax';
import type { SourceHint } from './hints';
import type { RelatedLine } from './source-lines';

/** The names a traced call may have in C: send() for sendto, accept() for accept4. */
export function sourceNames(syscall: string): string[] {
  const out = [syscall, ...Object.keys(LIBC_NAMES).filter((alias) => LIBC_NAMES[alias] === syscall)];
  if (syscall === 'accept4') out.push('accept');
  if (syscall === 'accept') out.push('accept4');
  return out;
}

/** The names the trace gives a C call: sendto for send(); accept4 may stand for accept(). */
export function tracedNames(cName: string): string[] {
  const out = [cName];
  if (LIBC_NAMES[cName]) out.push(LIBC_NAMES[cName]);
  if (cName === 'accept') out.push('accept4');
  return out;
}

/** The traced call's node in the source, with its file. */
export function callOf(src: CSource, ev: SyscallEvent): { file: CFile; call: Node } | undefined {
  if (!ev.site) return undefined;
  const file = src.file(ev.site.file);
  const call = file && src.callOn(file, ev.site.line, sourceNames(ev.name));
  return file && call ? { file, call } : undefined;
}

const LOOPS = ['for_statement', 'while_statement', 'do_statement'];

function loopLine(src: CSource, h: Extract<SourceHint, { kind: 'loop' }>): RelatedLine | undefined {
  const c = callOf(src, h.ev);
  if (!c) return undefined;
  let n: Node | null = c.call.parent;
  while (n && n.type !== 'function_definition' && !LOOPS.includes(n.type)) n = n.parent;
  return n && LOOPS.includes(n.type) ? { file: c.file.name, line: lineOf(n), note: h.note } : undefined;
}

function nextCall(src: CSource, h: Extract<SourceHint, { kind: 'next-call' }>): RelatedLine | undefined {
  const c = callOf(src, h.ev);
  const fn = c && functionOf(c.call);
  if (!c || !fn) return undefined;
  const next = nodes(fn, 'call_expression').filter((n) => n.startIndex > c.call.endIndex && h.names.includes(calleeName(n)))
    .sort((a, b) => a.startIndex - b.startIndex)[0];
  return next ? { file: c.file.name, line: lineOf(next), note: h.note } : undefined;
}

/** How well a helper's call fits the traced call it made: its literal arguments against the call's values. */
function fit(call: Node, ev: SyscallEvent): number {
  const hex = Object.values(ev.args).find((v): v is { hex: string; len: number } => !!v && typeof v === 'object' && 'hex' in v);
  const text = hex ? Buffer.from(hex.hex, 'hex').toString('latin1') : undefined;
  const numbers = Object.values(ev.args).filter((v): v is number => typeof v === 'number');
  let n = 0;
  for (const a of argumentsOf(call)) {
    const lit = literalPieces(a);
    if (lit && text !== undefined) n += text.startsWith(lit.map((p) => p.text).join('')) ? 2 : -2;
    else if (a.type === 'number_literal') n += numbers.includes(Number(a.text)) ? 1 : 0;
  }
  return n;
}

function callerLine(src: CSource, h: Extract<SourceHint, { kind: 'caller' }>): RelatedLine | undefined {
  const c = callOf(src, h.ev);
  const fn = c && functionOf(c.call);
  const name = fn ? functionName(fn) : '';
  if (!c || !fn || name === 'main' || name === '') return undefined;
  const all = src.callersOf(name).filter((x) => x.fn !== fn);
  const ran = h.inChild === undefined ? all : all.filter((x) => inForkChild(x.call) === h.inChild);
  const callers = ran.length > 0 ? ran : all;
  if (callers.length === 0) return undefined;
  const scored = callers.map((x) => ({ x, s: fit(x.call, h.ev) })).sort((a, b) => b.s - a.s);
  // two calls that fit as well: the trace cannot tell which one it was
  if (scored.length > 1 && scored[0].s === scored[1].s && lineOf(scored[0].x.call) !== lineOf(scored[1].x.call)) return undefined;
  const best = scored[0].x;
  return { file: best.file.name, line: lineOf(best.call), note: h.note.replace('{fn}', `${name}()`) };
}

/** The statement after the call's own and the `if`s that test its result: `int fd = socket(...); if (fd < 0) ...;` */
function belongsAfter(src: CSource, h: Extract<SourceHint, { kind: 'belongs-after' }>): RelatedLine | undefined {
  const c = callOf(src, h.ev);
  if (!c) return undefined;
  const stmt = statementOf(c.call);
  const block = stmt.parent;
  if (block?.type !== 'compound_statement') return undefined;
  const name = resultName(c.call);
  const list = block.namedChildren.filter((x): x is Node => x !== null && x.type !== 'comment');
  const rest = list.slice(list.findIndex((x) => x.startIndex === stmt.startIndex) + 1);
  const tests = (s: Node) => s.type === 'if_statement' && !!name && identifiersIn(s.childForFieldName('condition') as Node).includes(name);
  const next = rest.find((s) => !tests(s));
  return next ? { file: c.file.name, line: lineOf(next), note: h.note } : undefined;
}

const WAITS = ['waitpid', 'wait', 'wait3', 'wait4', 'waitid'];

/** Where the program reaps its children, or why it never does. */
function reaperLines(src: CSource): RelatedLine[] {
  const calls = src.calls();
  const waits = calls.filter((c) => WAITS.includes(calleeName(c.call)));
  const forks = calls.filter((c) => calleeName(c.call) === 'fork');
  if (waits.length === 0) {
    return forks.slice(0, 1).map((f) => ({ file: f.file.name, line: lineOf(f.call), note: 'fork() makes a child here, and the program never calls waitpid()' }));
  }
  const w = waits[0];
  const handler = functionOf(w.call);
  const hname = handler ? functionName(handler) : '';
  const out: RelatedLine[] = [];
  const installs = calls.filter((c) => ['sigaction', 'signal'].includes(calleeName(c.call)) && /SIGCHLD/.test(argumentsOf(c.call)[0]?.text ?? ''));
  if (hname && hname !== 'main' && installs.length === 0) {
    // the handler is named somewhere (sa.sa_handler = on_child) but never installed for SIGCHLD
    for (const f of src.files) {
      const ref = nodes(f.root, 'identifier').find((i) => i.text === hname && i.parent?.type !== 'function_declarator' && i.parent?.type !== 'call_expression');
      if (ref) out.push({ file: f.name, line: lineOf(ref), note: `${oneLine(ref.parent?.text ?? hname, 40)}: but no sigaction(SIGCHLD, ...) installs ${hname}()` });
    }
  }
  for (const i of installs.slice(0, 1)) out.push({ file: i.file.name, line: lineOf(i.call), note: `${oneLine(i.call.text, 40)} installs the handler` });
  out.push({ file: w.file.name, line: lineOf(w.call), note: `${oneLine(w.call.text, 40)} reaps a child${hname && hname !== 'main' ? ` (in ${hname}())` : ''}` });
  return out;
}

/** The related lines for a failure's hints, in order, without repeats. */
export function hintLines(src: CSource | undefined, hints: SourceHint[], dir: string): RelatedLine[] {
  const out: RelatedLine[] = [];
  const add = (r: RelatedLine | undefined) => {
    if (r && !out.some((x) => x.file === r.file && x.line === r.line)) out.push(r);
  };
  for (const h of hints) {
    if (h.kind === 'call') {
      if (h.ev.site) add({ file: sourceName(h.ev.site.file, dir), line: h.ev.site.line, note: h.note });
      continue;
    }
    if (!src) continue;
    try {
      if (h.kind === 'sent') bytesOrigin(src, h.ev, h.about).forEach(add);
      else if (h.kind === 'loop') add(loopLine(src, h));
      else if (h.kind === 'next-call') add(nextCall(src, h));
      else if (h.kind === 'caller') {
        const line = callerLine(src, h);
        add(line ?? (h.otherwise && h.ev.site ? { file: sourceName(h.ev.site.file, dir), line: h.ev.site.line, note: h.otherwise } : undefined));
      }
      else if (h.kind === 'after') add(pathAfter(src, h.ev));
      else if (h.kind === 'belongs-after') add(belongsAfter(src, h));
      else if (h.kind === 'reaper') reaperLines(src).forEach(add);
    } catch {
      // a source the parser reads oddly names fewer lines, never fails the grading
    }
  }
  return out;
}
