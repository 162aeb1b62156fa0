// Where the bytes a send-like call sent were built: its buffer argument followed back through the student's
// code, into the callers of a helper such as send_all(fd, buf, len), to the snprintf, strcpy, recv or literal
// that filled it; for a format, the piece of it (its own line) that wrote the part a failure is about, and the
// argument that filled that piece's conversion. The candidates are told apart by the bytes the trace kept.
import type { SyscallEvent } from '../common/events';
import type { CFile, CSource } from './c-source';
import {
  argumentsOf, baseName, calleeName, functionName, functionOf, identifiersIn, lineOf, literalPieces, oneLine, parameterNames,
  statementOf, walk, type LiteralPiece, type Node,
} from './c-syntax';
import type { RelatedLine } from './source-lines';
import { sentBytes } from './trace-match';

/** Calls that fill their `dest` argument: from a format, a copied source, or bytes read. */
const FILLERS: Record<string, { dest: number; src: number; how: 'format' | 'copy' | 'append' | 'read' }> = {
  snprintf: { dest: 0, src: 2, how: 'format' }, sprintf: { dest: 0, src: 1, how: 'format' },
  vsnprintf: { dest: 0, src: 2, how: 'format' }, vsprintf: { dest: 0, src: 1, how: 'format' },
  strcpy: { dest: 0, src: 1, how: 'copy' }, strncpy: { dest: 0, src: 1, how: 'copy' }, stpcpy: { dest: 0, src: 1, how: 'copy' },
  strlcpy: { dest: 0, src: 1, how: 'copy' }, memcpy: { dest: 0, src: 1, how: 'copy' }, memmove: { dest: 0, src: 1, how: 'copy' },
  strcat: { dest: 0, src: 1, how: 'append' }, strncat: { dest: 0, src: 1, how: 'append' }, strlcat: { dest: 0, src: 1, how: 'append' },
  recv: { dest: 1, src: -1, how: 'read' }, read: { dest: 1, src: -1, how: 'read' }, recvfrom: { dest: 1, src: -1, how: 'read' },
};

/** The source calls a traced send-like call may be, and which of their arguments is the buffer. */
const SENDS: Record<string, { names: string[]; buf: number }> = {
  sendto: { names: ['send', 'sendto'], buf: 1 }, write: { names: ['write'], buf: 1 }, send: { names: ['send'], buf: 1 },
};

// a printf conversion: flags, width, precision, length, conversion (%% is a literal percent sign)
const CONVERSION = /%[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|j|z|t|L|q)?[diouxXeEfFgGaAcspn%]/g;

/** One statement that wrote into the buffer. */
interface Write {
  file: CFile;
  at: Node;
  how: 'format' | 'copy' | 'append' | 'read' | 'literal' | 'assign';
  pieces?: LiteralPiece[];
  /** a format's arguments, in order */
  args?: Node[];
}

interface Origin {
  writes: Write[];
  /** the calls that passed the buffer on to the helper that sent it, innermost first */
  via: { file: CFile; call: Node }[];
}

/** The text a piece of a format can produce around its conversions, as its fixed parts. */
function fixedParts(p: LiteralPiece, format: boolean): string[] {
  return format ? p.text.split(CONVERSION) : [p.text];
}

/** How much of the origin's fixed text is found, in order, in the bytes sent. */
function score(o: Origin, bytes: string): number {
  let at = 0;
  let n = 0;
  for (const w of o.writes) {
    for (const p of w.pieces ?? []) {
      for (const part of fixedParts(p, w.how === 'format')) {
        if (part === '') continue;
        const i = bytes.indexOf(part, at);
        if (i >= 0) {
          n += part.length;
          at = i + part.length;
        } else if (at + part.length <= bytes.length) {
          return n - part.length;  // a fixed part the bytes do not have: not where they came from
        }
      }
    }
  }
  return n;
}

function before(n: Node, limit: Node): boolean {
  return n.startIndex < limit.startIndex;
}

/** The statements of `fn` before `limit` that filled `name`: the last one that set it whole, and appends after. */
function writesTo(file: CFile, fn: Node, name: string, limit: Node): { writes: Write[]; value?: Node } {
  const found: { node: Node; how: Write['how']; value?: Node; src?: Node; args?: Node[] }[] = [];
  walk(fn, (n) => {
    if (!before(n, limit)) return;
    if (n.type === 'call_expression') {
      const f = FILLERS[calleeName(n)];
      const args = argumentsOf(n);
      if (!f || baseName(args[f.dest]) !== name) return;
      // `snprintf(buf + used, ...)` adds to what is there
      const offset = args[f.dest]?.type === 'binary_expression';
      found.push({ node: n, how: offset && f.how !== 'read' ? 'append' : f.how, src: f.src >= 0 ? args[f.src] : undefined, args: f.how === 'format' ? args.slice(f.src + 1) : undefined });
    } else if (n.type === 'assignment_expression' && n.child(1)?.text === '=' && n.childForFieldName('left')?.text === name) {
      found.push({ node: n, how: 'assign', value: n.childForFieldName('right') ?? undefined });
    } else if (n.type === 'init_declarator' && identifiersIn(n.childForFieldName('declarator') as Node)[0] === name && n.childForFieldName('value')) {
      found.push({ node: n, how: 'assign', value: n.childForFieldName('value') ?? undefined });
    }
  });
  found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  let start = -1;
  for (let i = found.length - 1; i >= 0; i--) if (found[i].how !== 'append') { start = i; break; }
  const used = start >= 0 ? found.slice(start) : found;
  const writes = used.filter((f) => f.how !== 'assign').map((f): Write => ({
    file, at: statementOf(f.node), how: f.how, pieces: literalPieces(f.src), args: f.args,
  }));
  const first = used[0];
  if (first?.how === 'assign') {
    const lit = literalPieces(first.value);
    if (lit) writes.unshift({ file, at: statementOf(first.node), how: 'literal', pieces: lit });
    else return { writes, value: first.value };
  }
  return { writes };
}

/** The origins of the bytes an expression points at, before `limit` in `fn`. */
function originsOf(src: CSource, file: CFile, fn: Node | undefined, e: Node | undefined, limit: Node,
  via: Origin['via'], depth: number): Origin[] {
  const lit = literalPieces(e);
  if (lit && e) return [{ writes: [{ file, at: e, how: 'literal', pieces: lit }], via }];
  const name = baseName(e);
  if (!name || !fn || depth > 4) return [];
  const { writes, value } = writesTo(file, fn, name, limit);
  if (writes.length > 0) return [{ writes, via }];
  if (value) return originsOf(src, file, fn, value, limit, via, depth + 1);
  const k = parameterNames(fn).indexOf(name);
  if (k < 0) return [];
  const fname = functionName(fn);
  return src.callersOf(fname).filter((c) => c.fn !== fn).flatMap((c) =>
    originsOf(src, c.file, c.fn, argumentsOf(c.call)[k], c.call, [...via, { file: c.file, call: c.call }], depth + 1));
}

function said(w: Write): string {
  const call = w.at.type === 'expression_statement' || w.at.type === 'declaration' ? w.at : statementOf(w.at);
  const text = w.how === 'literal' ? oneLine(w.at.type === 'string_literal' || w.at.type === 'concatenated_string' ? w.at.text : call.text, 40) : oneLine(call.text, 40);
  return text;
}

/**
 * The piece of a write that produced `about`: one whose fixed text holds it (a header's name: its value is the
 * piece's conversion, `named`), or one whose fixed text the line `about` holds ("HTTP/1.1 %d %s\n" for
 * "HTTP/1.1 200 OK").
 */
function pieceAbout(w: Write, about: string): { piece: LiteralPiece; named: boolean } | undefined {
  const a = about.toLowerCase().replace(/\r?\n$/, '');
  for (const piece of w.pieces ?? []) {
    for (const part of fixedParts(piece, w.how === 'format')) {
      const t = part.toLowerCase().replace(/[\r\n]+$/, '').replace(/^[\r\n]+/, '');
      if (t.length >= 3 && t.includes(a)) return { piece, named: true };
      if (t.length >= 3 && a.includes(t)) return { piece, named: false };
    }
  }
  return undefined;
}

/** The format arguments that fill the conversions of `piece` (conversions of earlier pieces come first). */
function argsOf(w: Write, piece: LiteralPiece): { arg: Node; conv: string }[] {
  let index = 0;
  const out: { arg: Node; conv: string }[] = [];
  for (const p of w.pieces ?? []) {
    for (const m of p.text.matchAll(CONVERSION)) {
      if (m[0] === '%%') continue;
      // a `*` width or precision takes an argument of its own
      index += (m[0].match(/\*/g) ?? []).length;
      if (p === piece && w.args?.[index]) out.push({ arg: w.args[index], conv: m[0] });
      index++;
    }
  }
  return out;
}

/**
 * The lines that built the bytes `ev` sent: the statement(s) that filled its buffer, the piece of a format that
 * wrote `about`, the argument of that piece's conversion, and the helper calls the buffer came through.
 */
export function bytesOrigin(src: CSource, ev: SyscallEvent, about?: string): RelatedLine[] {
  const sends = SENDS[ev.name];
  if (!sends || !ev.site) return [];
  const file = src.file(ev.site.file);
  if (!file) return [];
  const call = src.callOn(file, ev.site.line, sends.names);
  if (!call || !sends.names.includes(calleeName(call))) return [];
  const hex = sentBytes(ev).hex;
  const bytes = hex ? Buffer.from(hex, 'hex').toString('latin1') : '';
  const origins = originsOf(src, file, functionOf(call), argumentsOf(call)[sends.buf], call, [], 0);
  if (origins.length === 0) return [];
  const best = origins.map((o) => ({ o, s: score(o, bytes) })).sort((a, b) => b.s - a.s)[0].o;
  const out: RelatedLine[] = [];
  const add = (f: CFile, line: number, note: string) => { if (!out.some((r) => r.file === f.name && r.line === line)) out.push({ file: f.name, line, note }); };
  if (about !== undefined && about.length < 2) about = undefined;
  for (const w of best.writes) {
    const found = about ? pieceAbout(w, about) : undefined;
    const piece = found?.piece;
    const what = w.how === 'read' ? 'read the bytes that were sent back' : w.how === 'literal' ? `holds the bytes ${ev.name}() sent` : `builds the bytes ${ev.name}() sent`;
    const lacking = about && !piece && w.how === 'format' ? `, with no ${JSON.stringify(about)} in its format` : '';
    add(w.file, lineOf(w.at), `${said(w)} ${what}${lacking}`);
    if (!piece) continue;
    add(w.file, piece.line, `${oneLine(piece.node.text, 40)} writes ${JSON.stringify(about)}`);
    // a header's value comes from the piece's conversion; a line's shape (its "\r\n") from the piece alone
    if (found.named) for (const { arg, conv } of argsOf(w, piece)) add(w.file, lineOf(arg), `${oneLine(arg.text, 40)} fills its ${conv}`);
  }
  for (const v of best.via) add(v.file, lineOf(v.call), `${calleeName(v.call)}() is given the buffer here`);
  return out;
}
