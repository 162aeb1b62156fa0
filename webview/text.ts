// One line of text per event (the tracer's strace-like rendering, common/format.ts) and its coloured tokens,
// made from the same pieces as the text.
import type { TraceEvent } from '../common/events';
import { failed } from '../common/events';
import { emitCall, formatEvent, formatSyscall, type Piece } from '../common/format';

/** The list's text of an event: pid, duration and call site have columns of their own. */
export function eventText(e: TraceEvent): string {
  return e.type === 'syscall' ? formatSyscall(e) : formatEvent(e, false);
}

export type TokenKind = 'call' | 'num' | 'str' | 'const' | 'key' | 'punct' | 'ret' | 'err' | 'note' | 'plain';
export interface Token {
  k: TokenKind;
  t: string;
}

/** An event's line as coloured tokens: for a call, its name and arguments, then (from the parenthesis that
 * closes them) its result. Made from the event's pieces (common/format.ts), never from the line's text. */
export interface LineTokens {
  call: Token[];
  result: Token[];
}

const PIECE_KIND: Record<Exclude<Piece, 'value' | 'close'>, TokenKind> = {
  name: 'call', punct: 'punct', key: 'key', bytes: 'str', ret: 'ret', errno: 'err',
  // `= ?`: the call did not return to the program (interrupted by a signal, or unfinished): no error
  pending: 'note',
};

export function eventTokens(e: TraceEvent): LineTokens {
  if (e.type !== 'syscall') return { call: [{ k: 'note', t: eventText(e) }], result: [] };
  const line: LineTokens = { call: [], result: [] };
  let into = line.call;
  // the result's tokens are the parenthesis, " = ", then the value
  let fresh = false;
  emitCall(e, (piece, text) => {
    if (piece === 'close') {
      into = line.result;
      into.push({ k: 'punct', t: text });
      fresh = true;
    } else if (piece === 'value') valueTokens(text, into);
    else if (fresh) {
      into.push({ k: PIECE_KIND[piece], t: text });
      fresh = false;
    } else push(into, PIECE_KIND[piece], text);
  });
  return line;
}

function push(out: Token[], k: TokenKind, t: string): void {
  const last = out[out.length - 1];
  if (k === 'punct' && last?.k === 'punct') last.t += t;
  else out.push({ k, t });
}

/**
 * A value as the tracer gave it, coloured by what it holds: a number, a constant or flag set
 * (`SOCK_STREAM|SOCK_CLOEXEC`), an address's numbers (`127.0.0.1:8080`), `name=` fields (a netlink address).
 */
function valueTokens(s: string, out: Token[]): void {
  let i = 0;
  const re = /"(?:[^"\\]|\\.)*"(?:\.\.\.)?|-?\b(?:0x[0-9a-f]+|\d+)\b|[A-Za-z_][A-Za-z0-9_]*(?==)|\b[A-Z][A-Z0-9_]*(?:\|[A-Z][A-Z0-9_]*)*\b|NULL/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m.index > i) push(out, 'punct', s.slice(i, m.index));
    const t = m[0];
    const k: TokenKind = t.startsWith('"') ? 'str' : /^-?(0x|\d)/.test(t) ? 'num' : s[m.index + t.length] === '=' ? 'key' : 'const';
    out.push({ k, t });
    i = m.index + t.length;
  }
  if (i < s.length) push(out, 'punct', s.slice(i));
}

export function formatDur(ns: number): string {
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 1 : 0)}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)}ms`;
  return `${(ns / 1e9).toFixed(2)}s`;
}

/** How long a call took; one that never returned (`unfinished`) had waited at least until the trace's end,
 * `endTs`, so "≥" that long, not the 0 it carries. */
export function tookText(e: TraceEvent, endTs: number): string {
  if (e.type !== 'syscall') return '';
  return e.unfinished ? `≥${formatDur(Math.max(0, endTs - e.ts))}` : formatDur(e.dur);
}

export function formatTs(ns: number): string {
  return (ns / 1e9).toFixed(6);
}

export function isError(e: TraceEvent): boolean {
  // a call a signal interrupted (`restart`) did not fail
  return e.type === 'syscall' ? failed(e) : e.type === 'exit' ? !!e.signal || (e.code ?? 0) !== 0 : false;
}
