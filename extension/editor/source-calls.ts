// Finds the socket API calls in C source text, so lenses sit above real calls only: comments, string and
// character literals and preprocessor lines (macro bodies) are skipped. The extension plugs in tree-sitter's
// C parser (c-parser.ts) once it has loaded; until then, and where it cannot load, a small lexer does it. Pure.

/** The calls that get a lens: the socket API and the fd calls the tracer reports on sockets. */
export const SOCKET_API: ReadonlySet<string> = new Set([
  'socket', 'socketpair', 'bind', 'listen', 'accept', 'accept4', 'connect', 'shutdown', 'getsockname',
  'getpeername', 'setsockopt', 'getsockopt', 'send', 'sendto', 'sendmsg', 'sendmmsg', 'recv', 'recvfrom',
  'recvmsg', 'recvmmsg', 'read', 'write', 'readv', 'writev', 'close', 'poll', 'ppoll', 'select', 'pselect',
  'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_wait', 'epoll_pwait', 'fcntl', 'ioctl', 'dup', 'dup2',
  'dup3', 'sendfile', 'fork',
]);

export interface SourceCall {
  name: string;
  /** 0-based, as VS Code counts */
  line: number;
  column: number;
}

/** Replaces comments, literals and preprocessor lines by spaces, keeping every offset and newline. */
export function blankNonCode(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  let lineStart = true;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') { lineStart = true; i++; continue; }
    if (lineStart && c === '#') {
      // a directive runs to the end of the line, continued by backslash-newline
      let j = i;
      while (j < text.length && !(text[j] === '\n' && text[j - 1] !== '\\')) j++;
      blank(i, j);
      i = j;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      blank(i, j);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? text.length : end + 2;
      blank(i, j);
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i, Math.min(j + 1, text.length));
      i = j + 1;
    } else i++;
  }
  return out.join('');
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

let parserFinder: ((text: string) => SourceCall[]) | undefined;

/** From now on, calls are found by `finder` (a real parser); undefined goes back to the lexer. */
export function useCallFinder(finder: ((text: string) => SourceCall[]) | undefined): void {
  parserFinder = finder;
}

/** Every call of a SOCKET_API function in the code, by the parser when one is plugged in. */
export function findSocketCalls(text: string): SourceCall[] {
  if (parserFinder) {
    try {
      return parserFinder(text);
    } catch { /* a parser failure must not cost the lenses: the lexer answers */ }
  }
  return lexSocketCalls(text);
}

/** The lexer's answer: `name (` not preceded by `.`, `->` or a type name. */
export function lexSocketCalls(text: string): SourceCall[] {
  const code = blankNonCode(text);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const out: SourceCall[] = [];
  let line = 0;
  for (const m of code.matchAll(IDENT)) {
    const name = m[0];
    if (!SOCKET_API.has(name)) continue;
    const at = m.index ?? 0;
    let j = at + name.length;
    while (code[j] === ' ' || code[j] === '\t') j++;
    if (code[j] !== '(') continue;
    const before = code.slice(Math.max(0, at - 2), at);
    if (before.endsWith('.') || before.endsWith('->')) continue;
    // `int close(int fd)` declares or defines a function of that name: no call there
    const prev = /([A-Za-z_][A-Za-z0-9_]*|\*)\s*$/.exec(code.slice(Math.max(0, at - 40), at));
    if (prev && /^(int|void|ssize_t|size_t|char|long|unsigned|static|extern|\*)$/.test(prev[1])) continue;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= at) line++;
    out.push({ name, line, column: at - lineStarts[line] });
  }
  return out;
}
