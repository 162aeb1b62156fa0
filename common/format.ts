// The one-line, strace-like text of an event, shared by the CLI and the trace panel.
// e.g. `connect(3, {AF_INET, 127.0.0.1:8080}, 16) = 0 <0.000120> <client.c:21 main>`
import type { ArgValue, CallSite, LenInOut, Payload, SockAddr, SyscallEvent, TraceEvent } from './events';
import { restartOf } from './events';

const ERRNO_TEXT: Record<string, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', EINTR: 'Interrupted system call',
  EBADF: 'Bad file descriptor', EAGAIN: 'Resource temporarily unavailable', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EFAULT: 'Bad address', ESRCH: 'No such process', EIO: 'Input/output error',
  ENXIO: 'No such device or address', E2BIG: 'Argument list too long', ENOEXEC: 'Exec format error',
  ECHILD: 'No child processes', EBUSY: 'Device or resource busy', EEXIST: 'File exists', ENODEV: 'No such device',
  ENOTDIR: 'Not a directory', EISDIR: 'Is a directory', ENFILE: 'Too many open files in system',
  ENOTTY: 'Inappropriate ioctl for device', ENOSPC: 'No space left on device', ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system', ENAMETOOLONG: 'File name too long', ELOOP: 'Too many levels of symbolic links',
  EOVERFLOW: 'Value too large for defined data type', ESOCKTNOSUPPORT: 'Socket type not supported',
  EPFNOSUPPORT: 'Protocol family not supported', ENETRESET: 'Network dropped connection on reset',
  ESHUTDOWN: 'Cannot send after transport endpoint shutdown', EHOSTDOWN: 'Host is down',
  ETOOMANYREFS: 'Too many references: cannot splice', ECANCELED: 'Operation canceled', EINVAL: 'Invalid argument', EMFILE: 'Too many open files',
  EPIPE: 'Broken pipe', ENOSYS: 'Function not implemented', ENOTSOCK: 'Socket operation on non-socket',
  EDESTADDRREQ: 'Destination address required', EMSGSIZE: 'Message too long',
  EPROTOTYPE: 'Protocol wrong type for socket', ENOPROTOOPT: 'Protocol not available',
  EPROTONOSUPPORT: 'Protocol not supported', EOPNOTSUPP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol', EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address', ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable', ECONNABORTED: 'Software caused connection abort',
  ECONNRESET: 'Connection reset by peer', ENOBUFS: 'No buffer space available',
  EISCONN: 'Transport endpoint is already connected', ENOTCONN: 'Transport endpoint is not connected',
  ETIMEDOUT: 'Connection timed out', ECONNREFUSED: 'Connection refused', EHOSTUNREACH: 'No route to host',
  EALREADY: 'Operation already in progress', EINPROGRESS: 'Operation now in progress',
  ERESTARTSYS: 'To be restarted if SA_RESTART is set', ERESTARTNOHAND: 'To be restarted if no handler',
  ERESTARTNOINTR: 'To be restarted', ERESTART_RESTARTBLOCK: 'Interrupted by signal',
};

/** The strerror text of an errno name, or '' when we have none. */
export function errnoText(name: string): string {
  return ERRNO_TEXT[name] ?? '';
}

function hexToBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** Bytes as a C string literal: printable ASCII as is, the rest escaped. */
export function cString(bytes: number[], max = 32): string {
  let s = '"';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s + '"';
}

export function isPayload(v: ArgValue): v is Payload {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Payload).hex === 'string'
    && typeof (v as Payload).len === 'number';
}

export function isSockAddr(v: ArgValue): v is SockAddr {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'family' in v;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `/tmp/s`, `@name`, `(unnamed)` */
export function addrText(a: SockAddr): string {
  if ('port' in a) return a.family === 'AF_INET6' ? `[${a.addr}]:${a.port}` : `${a.addr}:${a.port}`;
  if ('path' in a && a.path !== undefined) return a.path;
  if ('abstract' in a && a.abstract !== undefined) return '@' + a.abstract;
  if ('nl_pid' in a) return `pid=${a.nl_pid}, groups=${a.nl_groups}`;
  if ('raw' in a) return `raw=${a.raw}`;
  return '(unnamed)';
}

function payloadText(p: Payload): string {
  const bytes = hexToBytes(p.hex);
  const more = p.len > 32 || bytes.length < p.len;
  return cString(bytes) + (more ? '...' : '');
}

/** A value-result length the kernel changed: `{in: 16, out: 28}`. */
export function isLenInOut(v: ArgValue): v is LenInOut {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as LenInOut).in === 'number' && typeof (v as LenInOut).out === 'number';
}

/**
 * What a piece of an event's line is, so that a reader (the panel's colours) never has to read the line back:
 * the call's name; punctuation; a field's name; a value as the tracer gave it (a number, a constant or flag set,
 * an address); bytes of a buffer, as a C string; the parenthesis closing the arguments; and the result: a
 * return value, an error (`-1 ECONNREFUSED (...)`), or none yet (`? ERESTARTSYS`, `? <unfinished>`).
 */
export type Piece = 'name' | 'punct' | 'key' | 'value' | 'bytes' | 'close' | 'ret' | 'errno' | 'pending';
export type PieceSink = (piece: Piece, text: string) => void;

/** An address cut to the program's buffer: its family and the bytes the kernel wrote after it. */
function emitTruncated(v: { [key: string]: ArgValue }, out: PieceSink): void {
  const raw = typeof v.raw === 'string' ? v.raw : '';
  out('punct', '{');
  if (v.family !== undefined) {
    emitArg(v.family, out);
    out('punct', ', ');
  }
  out('key', 'sa_data');
  out('punct', '=');
  out('bytes', cString(hexToBytes(raw), 128));
  out('punct', ' (truncated)}');
}

function emitList(items: readonly ArgValue[], out: PieceSink): void {
  items.forEach((x, i) => {
    if (i > 0) out('punct', ', ');
    emitArg(x, out);
  });
}

/** An argument's text, piece by piece. */
export function emitArg(v: ArgValue, out: PieceSink): void {
  if (v === null) return out('value', 'NULL');
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return out('value', String(v));
  if (Array.isArray(v)) {
    out('punct', '[');
    emitList(v, out);
    return out('punct', ']');
  }
  if (isPayload(v)) return out('bytes', payloadText(v));
  // strace's `[16 => 28]`: the buffer's size given, then the length the kernel returned
  if (isLenInOut(v)) {
    out('punct', '[');
    out('value', String(v.in));
    out('punct', ' => ');
    out('value', String(v.out));
    return out('punct', ']');
  }
  if ((v as { truncated?: unknown }).truncated === true && 'raw' in v) return emitTruncated(v as { [key: string]: ArgValue }, out);
  if (isSockAddr(v)) {
    out('punct', '{');
    out('value', String(v.family));
    out('punct', ', ');
    out('value', addrText(v));
    return out('punct', `${'truncated' in v ? ' (truncated)' : ''}}`);
  }
  out('punct', '{');
  Object.entries(v).forEach(([k, x], i) => {
    if (i > 0) out('punct', ', ');
    out('key', k);
    out('punct', '=');
    emitArg(x, out);
  });
  out('punct', '}');
}

function joined(emit: (out: PieceSink) => void): string {
  let s = '';
  emit((_, t) => {
    s += t;
  });
  return s;
}

export function argText(v: ArgValue): string {
  return joined((out) => emitArg(v, out));
}

export function siteText(s: CallSite): string {
  const base = s.file.slice(s.file.lastIndexOf('/') + 1);
  return `<${base}:${s.line} ${s.function}>`;
}

/** A call's result, piece by piece: `= 3`, `= -1 ECONNREFUSED (Connection refused)`, `= ? <unfinished>`. */
export function emitResult(e: SyscallEvent, out: PieceSink): void {
  out('punct', '= ');
  const restart = restartOf(e);
  if (restart) {
    out('pending', '?');
    return out('pending', ` ${restart} (${errnoText(restart)})`);
  }
  if (e.ret === null) {
    out('pending', '?');
    return out('pending', ' <unfinished>');
  }
  if (e.errno) {
    const t = errnoText(e.errno);
    out('errno', '-1');
    return out('errno', ` ${e.errno}${t ? ` (${t})` : ''}`);
  }
  out('ret', String(e.ret));
}

export function resultText(e: SyscallEvent): string {
  return joined((out) => emitResult(e, out));
}

/** `name(args) = ret`, piece by piece. */
export function emitCall(e: SyscallEvent, out: PieceSink): void {
  out('name', e.name);
  out('punct', '(');
  emitList(Object.values(e.args), out);
  out('close', ')');
  out('punct', ' ');
  emitResult(e, out);
}

/** `name(args) = ret` without the pid prefix, duration or site. */
export function callText(e: SyscallEvent): string {
  return joined((out) => emitCall(e, out));
}

export function durationText(ns: number): string {
  return `<${(ns / 1e9).toFixed(6)}>`;
}

/** The whole line for any event; pidPrefix adds `[pid N] ` as strace -f does. */
export function formatEvent(e: TraceEvent, pidPrefix = true): string {
  const who = e.type === 'syscall' || e.type === 'signal' || (e.type === 'exit' && e.tid !== undefined) ? (e as { tid: number }).tid : e.pid;
  const pre = pidPrefix ? `[pid ${who}] ` : '';
  switch (e.type) {
    case 'syscall': {
      let s = pre + callText(e);
      if (e.injected) s += ` (INJECTED ${e.injected})`;
      if (e.ret !== null || e.restart) s += ' ' + durationText(e.dur);
      if (e.site) s += ' ' + siteText(e.site);
      return s;
    }
    case 'spawn':
      return `${pre}+++ ${e.thread ? 'thread' : 'process'} ${e.thread ? e.tid : e.pid} started by ${e.parent} (${e.how}) +++`;
    case 'exec':
      return `${pre}execve(${JSON.stringify(e.path)}, ${JSON.stringify(e.argv)}) = 0`;
    case 'exit':
      return e.signal !== undefined
        ? `${pre}+++ killed by ${e.signal}${e.core ? ' (core dumped)' : ''} +++`
        : `${pre}+++ ${e.tid !== undefined && e.tid !== e.pid ? 'thread ' : ''}exited with ${e.code} +++`;
    case 'signal':
      return `${pre}--- ${e.signal}${e.addr !== undefined ? ` {si_addr=${e.addr}}` : ''}${e.from !== undefined ? ` from pid ${e.from}` : ''} ---` +
        (e.site ? ` ${siteText(e.site)}` : '');
  }
}

/** Shorthand used by the panel for the event list. */
export function formatSyscall(e: SyscallEvent): string {
  return callText(e);
}
