// The edits behind the Quick Fixes for failed calls: SO_REUSEADDR set before a bind() that met EADDRINUSE,
// and htons() around a port written in host byte order. Computed on the C text alone; pure.
import { blankNonCode } from './source-calls';

export interface TextEdit {
  /** offsets in the text: [start, end) is replaced by newText */
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off + column;
}

const OPEN = '([{';
const CLOSE = ')]}';

/** The top-level arguments of the call whose `(` is at `open` in `code`, as [start, end) ranges. */
export function callArgs(code: string, open: number): [number, number][] | undefined {
  const args: [number, number][] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      depth--;
      if (depth === 0) {
        args.push([from, i]);
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push([from, i]);
      from = i + 1;
    }
  }
  return undefined;
}

function trimmed(text: string, [s, e]: [number, number]): [number, number] {
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return [s, e];
}

/** The last character of code before `at` that is not white space, or '' at the start. */
function codeBefore(code: string, at: number): string {
  for (let i = at - 1; i >= 0; i--) if (!/\s/.test(code[i])) return code[i];
  return '';
}

/**
 * EADDRINUSE at `bind(` (0-based line and column of the name): a setsockopt(SO_REUSEADDR) on the same socket
 * on a line of its own before the statement that binds. None when the socket is not a plain expression,
 * when SO_REUSEADDR is already set on it before the bind, or when a line inserted there would change what
 * the program does (the bind is the body of an unbraced if, else or loop).
 */
export function reuseAddrFix(text: string, line: number, column: number): Fix | undefined {
  const code = blankNonCode(text);
  const at = offsetOf(text, line, column);
  if (code.slice(at, at + 4) !== 'bind') return undefined;
  const open = code.indexOf('(', at + 4);
  if (open < 0 || code.slice(at + 4, open).trim() !== '') return undefined;
  const args = callArgs(code, open);
  if (!args || args.length !== 3) return undefined;
  const [s, e] = trimmed(code, args[0]);
  const fd = text.slice(s, e);
  if (!/^[A-Za-z_][\w]*(\s*(\.|->)\s*[A-Za-z_]\w*|\s*\[[^\]()]*\])*$/.test(fd)) return undefined;
  const lineStart = offsetOf(text, line, 0);
  const prefix = code.slice(lineStart, at);
  // the bind is in the line's first statement, which a new line above can precede
  if (/[;{}]/.test(prefix) || /^\s*(else|case|default)\b/.test(prefix)) return undefined;
  if (!['', ';', '{', '}'].includes(codeBefore(code, lineStart))) return undefined;
  const fdRe = fd.replace(/[.[\]\\*+?^$()|-]/g, '\\$&');
  if (new RegExp(`setsockopt\\s*\\(\\s*${fdRe}\\s*,\\s*SOL_SOCKET\\s*,\\s*SO_REUSEADDR\\b`).test(code.slice(0, at))) return undefined;
  // an AF_UNIX address in use is a socket file left behind: unlink() it, SO_REUSEADDR does not help there
  if (new RegExp(`${fdRe}\\s*=\\s*socket\\s*\\(\\s*(AF|PF)_(UNIX|LOCAL)\\b`).test(code)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return {
    title: `Set SO_REUSEADDR on ${fd} before bind()`,
    edits: [{
      start: lineStart, end: lineStart,
      newText: `${indent}/* let bind() take the port while connections of an earlier run are in TIME_WAIT */\n`
        + `${indent}setsockopt(${fd}, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));\n`,
    }],
  };
}

/** Every `sin_port =` / `sin6_port =` in the code (member or designated initialiser) with its value's range. */
function portAssignments(code: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of code.matchAll(/\bsin6?_port\s*=(?!=)/g)) {
    let depth = 0;
    let i = (m.index ?? 0) + m[0].length;
    for (; i < code.length; i++) {
      const c = code[i];
      if (OPEN.includes(c)) depth++;
      else if (CLOSE.includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if ((c === ';' || c === ',') && depth === 0) break;
    }
    const r = trimmed(code, [(m.index ?? 0) + m[0].length, i]);
    if (r[1] > r[0]) out.push(r);
  }
  return out;
}

/**
 * A port seen byte-swapped at the call on `line`: htons() around the value given to sin_port (the nearest
 * assignment above the call, else the first in the file), or around the one literal `port` in the code.
 * None when that value already goes through htons().
 */
export function htonsFix(text: string, line: number, port: number | undefined): Fix | undefined {
  const code = blankNonCode(text);
  const callAt = offsetOf(text, line, 0);
  const assigned = portAssignments(code);
  let target = [...assigned].reverse().find(([s]) => s < callAt) ?? assigned[0];
  if (!target && port !== undefined) {
    const literals = [...code.matchAll(new RegExp(`(?<![\\w.])${port}(?![\\w.])`, 'g'))];
    if (literals.length === 1) target = [literals[0].index ?? 0, (literals[0].index ?? 0) + String(port).length];
  }
  if (!target) return undefined;
  const value = text.slice(target[0], target[1]);
  if (/^(htons|ntohs)\s*\(/.test(value)) return undefined;
  return {
    title: `Write the port in network byte order: htons(${value})`,
    edits: [{ start: target[0], end: target[1], newText: `htons(${value})` }],
  };
}

/** Applies edits to text (for tests and previews); edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
