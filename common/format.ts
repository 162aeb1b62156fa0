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

/** An address cut to the program's buffer: its family and the bytes the kernel wrote after it. */
function truncatedText(v: { [key: string]: ArgValue }): string {
  const raw = typeof v.raw === 'string' ? v.raw : '';
  const bytes = hexToBytes(raw);
  return `{${v.family !== undefined ? `${argText(v.family)}, ` : ''}sa_data=${cString(bytes, 128)} (truncated)}`;
}

export function argText(v: ArgValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return '[' + v.map(argText).join(', ') + ']';
  if (isPayload(v)) return payloadText(v);
  // strace's `[16 => 28]`: the buffer's size given, then the length the kernel returned
  if (isLenInOut(v)) return `[${v.in} => ${v.out}]`;
  if ((v as { truncated?: unknown }).truncated === true && 'raw' in v) return truncatedText(v as { [key: string]: ArgValue });
  if (isSockAddr(v)) return `{${v.family}, ${addrText(v)}${'truncated' in v ? ' (truncated)' : ''}}`;
  return '{' + Object.entries(v).map(([k, x]) => `${k}=${argText(x)}`).join(', ') + '}';
}

export function siteText(s: CallSite): string {
  const base = s.file.slice(s.file.lastIndexOf('/') + 1);
  return `<${base}:${s.line} ${s.function}>`;
}

export function resultText(e: SyscallEvent): string {
  const restart = restartOf(e);
  if (restart) return `= ? ${restart} (${errnoText(restart)})`;
  if (e.ret === null) return '= ? <unfinished>';
  if (e.errno) {
    const t = errnoText(e.errno);
    return `= -1 ${e.errno}${t ? ` (${t})` : ''}`;
  }
  return `= ${e.ret}`;
}

/** `name(args) = ret` without the pid prefix, duration or site. */
export function callText(e: SyscallEvent): string {
  return `${e.name}(${Object.values(e.args).map(argText).join(', ')}) ${resultText(e)}`;
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
