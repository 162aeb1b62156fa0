// One line of text per event (the tracer's strace-like rendering, common/format.ts) and its split into
// coloured tokens.
import type { TraceEvent } from '../common/events';
import { failed } from '../common/events';
import { formatEvent, formatSyscall } from '../common/format';

/** The list's text of an event: pid, duration and call site have columns of their own. */
export function eventText(e: TraceEvent): string {
  return e.type === 'syscall' ? formatSyscall(e) : formatEvent(e, false);
}

export type TokenKind = 'call' | 'num' | 'str' | 'const' | 'key' | 'punct' | 'ret' | 'err' | 'note' | 'plain';
export interface Token {
  k: TokenKind;
  t: string;
}

/** Splits a rendered line into tokens: the call name, strings, numbers, constants, the return value and errno. */
export function tokenize(line: string, isSyscall: boolean): Token[] {
  if (!isSyscall) return [{ k: 'note', t: line }];
  const out: Token[] = [];
  const open = line.indexOf('(');
  if (open <= 0) return [{ k: 'plain', t: line }];
  out.push({ k: 'call', t: line.slice(0, open) });
  const eq = line.lastIndexOf(') = ');
  const argsEnd = eq >= 0 ? eq + 1 : line.length;
  scanArgs(line.slice(open, argsEnd), out);
  if (eq >= 0) {
    out.push({ k: 'punct', t: ' = ' });
    const rest = line.slice(eq + 4);
    const m = /^(-?\d+|\?)(.*)$/.exec(rest);
    if (m && m[2].trim()) {
      // `= ?`: the call did not return to the program (interrupted by a signal, or unfinished): no error
      const k = m[1] === '?' ? 'note' : 'err';
      out.push({ k, t: m[1] });
      out.push({ k, t: m[2] });
    } else out.push({ k: 'ret', t: rest });
  }
  return out;
}

function scanArgs(s: string, out: Token[]): void {
  let i = 0;
  const re = /"(?:[^"\\]|\\.)*"(?:\.\.\.)?|-?\b(?:0x[0-9a-f]+|\d+)\b|[A-Za-z_][A-Za-z0-9_]*(?==)|\b[A-Z][A-Z0-9_]*(?:\|[A-Z][A-Z0-9_]*)*\b|NULL/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m.index > i) out.push({ k: 'punct', t: s.slice(i, m.index) });
    const t = m[0];
    const k: TokenKind = t.startsWith('"') ? 'str' : /^-?(0x|\d)/.test(t) ? 'num' : s[m.index + t.length] === '=' ? 'key' : 'const';
    out.push({ k, t });
    i = m.index + t.length;
  }
  if (i < s.length) out.push({ k: 'punct', t: s.slice(i) });
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
