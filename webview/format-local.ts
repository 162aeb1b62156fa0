// A minimal strace-like one-line rendering of a syscall, used until common/format.ts provides formatSyscall.
import type { ArgValue, Payload, SyscallEvent } from '../common/events';

const STRERROR: Record<string, string> = {
  EACCES: 'Permission denied', EADDRINUSE: 'Address already in use', EAGAIN: 'Resource temporarily unavailable',
  EBADF: 'Bad file descriptor', ECONNREFUSED: 'Connection refused', ECONNRESET: 'Connection reset by peer',
  EINPROGRESS: 'Operation now in progress', EINTR: 'Interrupted system call', EINVAL: 'Invalid argument',
  EISCONN: 'Transport endpoint is already connected', ENOENT: 'No such file or directory',
  ENOTCONN: 'Transport endpoint is not connected', ENOTSOCK: 'Socket operation on non-socket',
  EPIPE: 'Broken pipe', ETIMEDOUT: 'Connection timed out', ENETUNREACH: 'Network is unreachable',
  EADDRNOTAVAIL: 'Cannot assign requested address', EMFILE: 'Too many open files',
};

const MAX_TEXT = 32;

export function isPayload(v: ArgValue | undefined): v is Payload {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Payload).hex === 'string' && typeof (v as Payload).len === 'number';
}

export function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** C-style escaped text of some bytes, as strace shows a buffer. */
export function cString(bytes: number[], max = MAX_TEXT): string {
  let s = '';
  for (const b of bytes.slice(0, max)) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

export function formatValue(v: ArgValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return /^[A-Z0-9_|]+$|^0x[0-9a-f]+$|^-?\d+$/.test(v) ? v : quote(v);
  if (Array.isArray(v)) return '[' + v.map(formatValue).join(', ') + ']';
  if (!Array.isArray(v) && 'family' in v && ('addr' in v || 'path' in v || 'abstract' in v)) {
    // addresses read as strace writes them: {family=AF_INET, addr=127.0.0.1, port=8080}
    return '{' + Object.entries(v).map(([k, x]) => `${k}=${k === 'addr' && typeof x === 'string' ? x : formatValue(x)}`).join(', ') + '}';
  }
  if (isPayload(v)) {
    const bytes = hexBytes(v.hex);
    return '"' + cString(bytes) + '"' + (v.len > Math.min(bytes.length, MAX_TEXT) ? '...' : '');
  }
  return '{' + Object.entries(v).map(([k, x]) => `${k}=${formatValue(x)}`).join(', ') + '}';
}

export function formatSyscall(e: SyscallEvent): string {
  const args = Object.values(e.args).map(formatValue).join(', ');
  const head = `${e.name}(${args})`;
  if (e.unfinished || e.ret === null) return `${head} = ? <unfinished>`;
  if (e.errno) return `${head} = ${e.ret} ${e.errno} (${STRERROR[e.errno] ?? e.errno})`;
  return `${head} = ${e.ret}`;
}
