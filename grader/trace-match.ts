// Matching one trace event against a call pattern from lab.json: argument matchers, captured values,
// call aliases, and the why-not of a near miss (e.g. "backlog is 0, expected at least 1").
import type { ArgValue, SockAddr, SyscallEvent, TraceEvent } from '../common/events';
import { restartOf } from '../common/events';
import type { CallPattern, Matcher } from './spec';
import { FILE_IO_CALLS, fdOf, RECV_CALLS, SEND_CALLS } from '../common/syscalls';
import { isSwappedPort, SWAPPED_PORT_HINT } from '../common/teaching';

export type Vars = Record<string, ArgValue>;

const ALIASES: Record<string, string[]> = {
  '@send': [...SEND_CALLS],
  '@recv': [...RECV_CALLS],
  '@accept': ['accept', 'accept4'],
  '@close': ['close'],
  '@spawn': ['@spawn'],
};

export function callNames(p: CallPattern): string[] {
  const list = Array.isArray(p.call) ? p.call : [p.call];
  return list.flatMap((n) => ALIASES[n] ?? [n]);
}

export { fdOf };

export function isSocketFdCall(ev: SyscallEvent): boolean {
  if (!FILE_IO_CALLS.has(ev.name)) return true;  // calls that also act on files count only on a socket
  if (ev.sock) return true;
  const fd = fdOf(ev);
  return fd !== undefined && fd > 2;
}

type Buf = { len: number; hex?: string };
function isBuf(v: ArgValue | undefined): v is Buf & ArgValue {
  return !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { len?: unknown }).len === 'number';
}

/** The buffers a send-like call offers: one, or its iovecs (writev's iov, sendmsg's msg.msg_iov). */
function sendBuffers(ev: SyscallEvent): Buf[] | undefined {
  if (ev.name === 'writev' || ev.name === 'sendmsg') {
    const msg = ev.args.msg;
    const iov = ev.name === 'writev' ? ev.args.iov : msg && typeof msg === 'object' && !Array.isArray(msg) ? (msg as Record<string, ArgValue>).msg_iov : undefined;
    return Array.isArray(iov) && iov.every(isBuf) ? (iov as Buf[]) : undefined;
  }
  const v = ev.args.len ?? ev.args.count;
  const buf = ev.args.buf;
  if (typeof v === 'number') return [{ len: v, hex: isBuf(buf) ? buf.hex : undefined }];
  return isBuf(buf) ? [buf] : undefined;
}

/** How many bytes a send-like call asked to send (all its iovecs together), and the first of those bytes
 * as the tracer kept them (hex; fewer than asked when the payload was cut), when it kept any. */
export function sentBytes(ev: SyscallEvent): { len?: number; hex?: string } {
  const bufs = sendBuffers(ev);
  if (!bufs) return {};
  const len = bufs.reduce((n, b) => n + b.len, 0);
  let hex = '';
  for (const b of bufs) {
    if (typeof b.hex !== 'string') return { len, hex: hex || undefined };
    hex += b.hex;
    if (b.hex.length < b.len * 2) break; // the rest was not kept
  }
  return { len, hex };
}

// ---- rendering, for messages -----------------------------------------------------------------

export function renderValue(v: ArgValue | undefined): string {
  if (v === undefined) return '?';
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? nulRuns(v) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(renderValue).join(', ')}]`;
  if ('family' in v) return renderAddr(v as SockAddr);
  if ('hex' in v && 'len' in v) {
    const text = Buffer.from(String(v.hex), 'hex').toString('latin1');
    return `${JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}...` : text)}`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${k}=${renderValue(x)}`).join(', ')}}`;
}

function renderAddr(a: SockAddr): string {
  if ('port' in a) return a.family === 'AF_INET6' ? `[${a.addr}]:${a.port}` : `${a.addr}:${a.port}`;
  if ('raw' in a) return `{family ${a.family}}`;
  if ('nl_pid' in a) return `netlink pid ${a.nl_pid}`;
  if (a.abstract !== undefined) return `@${nulRuns(a.abstract)}`;
  return a.path !== undefined ? nulRuns(a.path) : '(unnamed)';
}

/** NUL bytes in a name as \0, a run of them counted: `name\0×92`. */
function nulRuns(s: string): string {
  return s.replace(/\0+/g, (run) => (run.length === 1 ? '\\0' : `\\0×${run.length}`));
}

/** "bind(3, 127.0.0.1:5000, 16) = 0", with the errno on failure. */
export function renderCall(ev: SyscallEvent): string {
  const args = Object.values(ev.args).map(renderValue).join(', ');
  const restart = restartOf(ev);
  if (restart) return `${ev.name}(${args}) = ? ${restart}`;
  if (ev.ret === null) return `${ev.name}(${args}) (never returned)`;
  const ret = String(ev.ret);
  return `${ev.name}(${args}) = ${ret}${ev.errno ? ` ${ev.errno}` : ''}${ev.injected ? ' (injected by the grader)' : ''}`;
}

/** What a call writes back (bytes received, the peer's address and its length): not there yet while it blocks. */
const OUT_ARGS = new Set(['buf', 'msg', 'iov', 'src_addr', 'addr', 'addrlen', 'msgvec']);

/** A call the program was blocked in at some moment: what it later wrote back shown as `...`. */
export function renderBlocked(ev: SyscallEvent): string {
  const out = RECV_CALLS.has(ev.name) || ev.name === 'accept' || ev.name === 'accept4';
  return `${ev.name}(${Object.entries(ev.args).map(([k, v]) => (out && OUT_ARGS.has(k) ? '...' : renderValue(v))).join(', ')})`;
}

/** " at echo.c:42" when the tracer resolved the call's source line. */
export function at(ev: { site?: { file: string; line: number } } | undefined): string {
  if (!ev?.site) return '';
  return ` at ${ev.site.file.split('/').pop()}:${ev.site.line}`;
}

// ---- matching --------------------------------------------------------------------------------

function lookup(args: Record<string, ArgValue>, name: string): ArgValue | undefined {
  if (name in args) return args[name];
  if (name === 'fd') return args.sockfd;
  if (name === 'sockfd') return args.fd;
  return undefined;
}

function numeric(v: ArgValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** Why `actual` fails `m` (a phrase), or null when it matches. `name` is the argument's name. */
export function mismatch(m: Matcher, actual: ArgValue | undefined, name: string, vars: Vars): string | null {
  if (typeof m === 'string' && m.startsWith('$')) {
    if (!(m.slice(1) in vars)) return null; // an unbound capture matches anything
    const want = vars[m.slice(1)];
    if (want !== null && typeof want === 'object') {
      return JSON.stringify(want) === JSON.stringify(actual) ? null : `${name} is ${renderValue(actual)}, expected ${renderValue(want)}`;
    }
    return mismatch(want as Matcher, actual, name, vars);
  }
  const shown = `${name} is ${renderValue(actual)}`;
  if (m === null || typeof m !== 'object') {
    const n = numeric(m);
    const a = numeric(actual);
    if (n !== undefined && a !== undefined) {
      if (n === a) return null;
      const hint = /port$/.test(name) && isSwappedPort(a, n) ? ` ${SWAPPED_PORT_HINT}` : '';
      return `${shown}, expected ${n}${hint}`;
    }
    if (actual === m) return null;
    // a socket name the program meant, and then NUL bytes: its length counted all of sun_path
    const nuls = typeof actual === 'string' && typeof m === 'string' && actual.startsWith(m) ? actual.slice(m.length) : '';
    if (nuls && /^\0+$/.test(nuls)) {
      return `${shown}, expected ${renderValue(m as ArgValue)}: the name followed by ${nuls.length} NUL bytes, as the addrlen given ` +
        'counts the whole of sun_path (sizeof the struct) instead of the name\'s own length';
    }
    return `${shown}, expected ${renderValue(m as ArgValue)}`;
  }
  if ('flag' in m) {
    const parts = typeof actual === 'string' ? actual.split('|').map((s) => s.trim()) : [];
    return parts.includes(m.flag) ? null : `${shown}, expected ${m.flag}`;
  }
  if ('oneOf' in m) {
    return m.oneOf.some((x) => mismatch(x, actual, name, vars) === null) ? null
      : `${shown}, expected one of ${m.oneOf.map((x) => renderValue(x as ArgValue)).join(', ')}`;
  }
  if ('not' in m) return mismatch(m.not, actual, name, vars) === null ? `${shown}, which this lab does not want` : null;
  if ('regex' in m) return typeof actual === 'string' && new RegExp(m.regex).test(actual) ? null : `${shown}, expected to match /${m.regex}/`;
  if ('fields' in m) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${shown}, expected an address or structure`;
    for (const [k, sub] of Object.entries(m.fields)) {
      const why = mismatch(sub, (actual as Record<string, ArgValue>)[k], `${name}.${k}`, vars);
      if (why) return why;
    }
    return null;
  }
  const a = numeric(actual);
  if (a === undefined) return `${shown}, expected a number`;
  if (m.min !== undefined && a < m.min) return `${shown}, expected at least ${m.min}`;
  if (m.max !== undefined && a > m.max) return `${shown}, expected at most ${m.max}`;
  return null;
}

/** Fills {placeholders} in every string of a pattern (ports and paths chosen for this run). */
export function fillPattern<T>(value: T, fill: (s: string) => string): T {
  if (typeof value === 'string') return fill(value) as T;
  if (Array.isArray(value)) return value.map((v) => fillPattern(v, fill)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPattern(v, fill)])) as T;
  }
  return value;
}

function capturePath(ev: SyscallEvent, where: string): ArgValue | undefined {
  if (where === 'ret') return ev.ret;
  let v: ArgValue | undefined = ev.args as ArgValue;
  for (const part of where.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      if (Array.isArray(v) && /^\d+$/.test(part)) {
        v = v[Number(part)];
        continue;
      }
      return undefined;
    }
    v = part === 'fd' || part === 'sockfd' ? lookup(v as Record<string, ArgValue>, part) : (v as Record<string, ArgValue>)[part];
  }
  return v;
}

/**
 * How many of a pattern's wanted arguments (and its result) a call of its name matches: the call that
 * matches most is the one the student meant, when none matches all.
 */
export function argsMatched(p: CallPattern, ev: SyscallEvent, vars: Vars): number {
  let n = 0;
  for (const [name, m] of Object.entries(p.args ?? {})) {
    if (name === '*') n += Object.entries(ev.args).some(([k, v]) => mismatch(m, v, k, vars) === null) ? 1 : 0;
    else n += countFields(m, lookup(ev.args, name), name, vars);
  }
  if (p.ret !== undefined && ev.ret !== null && mismatch(p.ret, ev.ret, 'the result', vars) === null) n++;
  if (p.ret === undefined && p.errno === undefined && ev.ret !== -1) n++;
  return n;
}

/** A structure's wanted fields count one each (an address with the right family but the wrong port is closer). */
function countFields(m: Matcher, actual: ArgValue | undefined, name: string, vars: Vars): number {
  if (m !== null && typeof m === 'object' && 'fields' in m && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    return Object.entries(m.fields).reduce((n, [k, sub]) => n + countFields(sub, (actual as Record<string, ArgValue>)[k], `${name}.${k}`, vars), 0);
  }
  return mismatch(m, actual, name, vars) === null ? 1 : 0;
}

export type MatchResult = { ok: true; vars: Vars } | { ok: false; why: string; sameCall: boolean };

/** Matches an event against a pattern; on success returns the variables with this call's captures. */
export function matchEvent(p: CallPattern, ev: TraceEvent, vars: Vars): MatchResult {
  const names = callNames(p);
  if (ev.type === 'spawn') return names.includes('@spawn') ? { ok: true, vars } : { ok: false, why: '', sameCall: false };
  if (ev.type !== 'syscall' || !names.includes(ev.name)) return { ok: false, why: '', sameCall: false };
  if (Array.isArray(p.call) || String(p.call).startsWith('@')) {
    if (!isSocketFdCall(ev)) return { ok: false, why: '', sameCall: false };
  }
  if (ev.unfinished && ev.ret === null) return { ok: false, why: 'it never returned', sameCall: true };
  // the program saw this call restarted (the next event of its thread) or EINTR, never this result
  if (restartOf(ev)) return { ok: false, why: 'a signal interrupted it (the program then saw EINTR, or the call restarted)', sameCall: true };
  // A pattern names a call that works unless it asks for a failure.
  if (p.ret === undefined && p.errno === undefined && ev.ret === -1) {
    return { ok: false, why: `it failed with ${ev.errno ?? 'an error'}`, sameCall: true };
  }
  for (const [name, m] of Object.entries(p.args ?? {})) {
    if (name === '*') {
      // "*": any one argument will do (e.g. O_NONBLOCK in fcntl's arg or SOCK_NONBLOCK in accept4's flags)
      if (Object.entries(ev.args).some(([n, v]) => mismatch(m, v, n, vars) === null)) continue;
      return { ok: false, why: `no argument is ${renderValue(m as ArgValue)}`, sameCall: true };
    }
    const why = mismatch(m, lookup(ev.args, name), name, vars);
    if (why) return { ok: false, why, sameCall: true };
  }
  if (p.ret !== undefined) {
    const why = mismatch(p.ret, ev.ret ?? undefined, 'the result', vars);
    if (why) return { ok: false, why: `${why}${ev.errno ? ` (${ev.errno})` : ''}`, sameCall: true };
  }
  if (p.errno !== undefined && ev.errno !== p.errno) {
    return { ok: false, why: `it ${ev.errno ? `failed with ${ev.errno}` : 'succeeded'}, expected ${p.errno}`, sameCall: true };
  }
  const next = { ...vars };
  for (const [name, where] of Object.entries(p.capture ?? {})) {
    const v = capturePath(ev, where);
    if (v !== undefined) next[name] = v;
  }
  return { ok: true, vars: next };
}
