// What a failed call means in a student's program, and how to fix it: the text of the diagnostic at the
// line that made the call. Also spots a port written without htons. Pure.
import type { SyscallEvent } from '../../common/events';
import { errnoText } from '../../common/format';
import { isAddr } from '../../common/trace-model';

export type AdviceLevel = 'error' | 'warning' | 'info';

export interface Advice {
  level: AdviceLevel;
  message: string;
  /** a short code shown with the diagnostic, e.g. the errno name */
  code: string;
}

const ERRNO_ADVICE: Record<string, string> = {
  EADDRINUSE: 'another socket (maybe your previous run, in TIME_WAIT) already holds this address. Set SO_REUSEADDR with setsockopt() before bind().',
  EADDRNOTAVAIL: 'the address is not one of this machine\'s. Bind to INADDR_ANY or 127.0.0.1, and check the byte order (htonl).',
  EACCES: 'ports below 1024 need privileges. Use a port of 1024 or more.',
  ECONNREFUSED: 'nothing listens at that address. Start the server first, check the port (and htons), or retry after a pause.',
  ECONNRESET: 'the peer reset the connection (it closed with unread data, or aborted). Treat it as the end of this client: close the socket and go on.',
  EPIPE: 'the peer has closed its end. Without MSG_NOSIGNAL (or SIGPIPE ignored) this also sends SIGPIPE, which ends the program.',
  ENOTCONN: 'the socket is not connected: connect() it first, or use sendto() with an address for UDP.',
  EISCONN: 'the socket is already connected.',
  EBADF: 'the fd is not open: it may have been closed already, or never created (check the return value of socket()/accept()).',
  ENOTSOCK: 'the fd is not a socket: check which variable you passed.',
  EINVAL: 'an argument is not valid here: for example listen() or accept() on a socket that is not bound or listening, or a wrong address length.',
  EAFNOSUPPORT: 'the address family does not match the socket\'s (for example an AF_INET6 address on an AF_INET socket).',
  EDESTADDRREQ: 'a datagram socket needs a destination: use sendto() with an address, or connect() first.',
  EMFILE: 'the process has too many open fds: close the sockets you no longer use.',
  ETIMEDOUT: 'the peer did not answer in time.',
  ENETUNREACH: 'no route to that network: check the address.',
  EHOSTUNREACH: 'no route to that host: check the address.',
  EFAULT: 'a pointer argument points outside the program\'s memory: check the buffer and address arguments.',
  EMSGSIZE: 'the datagram is larger than the socket can send at once.',
  EOPNOTSUPP: 'this socket type does not support the call (for example listen() on a UDP socket).',
  ENOPROTOOPT: 'the option is not known at that level: check the level (SOL_SOCKET, IPPROTO_TCP...) and the option name.',
  EPROTONOSUPPORT: 'the protocol does not go with this family and type: pass 0 to let the kernel pick.',
};

/** Errnos a correct program meets in normal work; they get an information note, not a warning. */
const EXPECTED: Record<string, string> = {
  EAGAIN: 'the non-blocking socket has nothing to do right now; wait for readiness with poll() or epoll and retry.',
  EWOULDBLOCK: 'the non-blocking socket has nothing to do right now; wait for readiness with poll() or epoll and retry.',
  EINPROGRESS: 'a non-blocking connect() has started; poll for writability and read SO_ERROR to learn how it ended.',
  EINTR: 'a signal interrupted the call; retry it.',
};

/** The diagnostic for a failed call; undefined when the call did not fail. */
export function failureAdvice(e: SyscallEvent, name = e.name): Advice | undefined {
  // ERESTART* (traces from before `restart`): a call a signal interrupted is no failure (lens-model interrupted)
  if (!e.errno || e.errno.startsWith('ERESTART')) return undefined;
  const text = errnoText(e.errno);
  const head = `${name}() failed with ${e.errno}${text ? ` (${text})` : ''}${e.injected ? ', injected by the tracer' : ''}`;
  const short = e.errno === 'EINVAL' && !e.injected ? shortAddress(e) : undefined;
  if (short) return { level: 'warning', code: 'addrlen', message: `${head}: ${short}` };
  const expected = EXPECTED[e.errno];
  if (expected) return { level: 'info', code: e.errno, message: `${head}: ${expected}` };
  const why = ERRNO_ADVICE[e.errno];
  return { level: e.injected ? 'info' : 'warning', code: e.errno, message: why ? `${head}: ${why}` : `${head}.` };
}

/** The bytes of an address structure per family, as the kernel wants them for bind(), connect() and sendto(). */
const ADDRESS_SIZE: Record<string, { size: number; struct: string }> = {
  AF_INET: { size: 16, struct: 'struct sockaddr_in' },
  AF_INET6: { size: 28, struct: 'struct sockaddr_in6' },
};

/** An address length too short for the socket's family: what it was, what was needed, and the usual cause. */
function shortAddress(e: SyscallEvent): string | undefined {
  if (e.name !== 'bind' && e.name !== 'connect' && e.name !== 'sendto') return undefined;
  const len = e.args.addrlen;
  const addr = e.args.addr ?? e.args.dest_addr;
  const family = e.sock?.family ?? (isAddr(addr) ? addr.family : undefined);
  const want = typeof family === 'string' ? ADDRESS_SIZE[family] : undefined;
  if (typeof len !== 'number' || !want || len >= want.size) return undefined;
  const cause = len === 8
    ? ' 8 is the size of a pointer: the length was written sizeof(&addr) (or sizeof of a pointer) where sizeof(addr) was meant.'
    : ' Give the size of the structure itself, sizeof(addr).';
  return `the address length was ${len} bytes, and a ${want.struct} for ${family} needs ${want.size}.${cause}`;
}

function swap16(n: number): number {
  return ((n & 0xff) << 8) | ((n >> 8) & 0xff);
}

/** bind()/connect() to the byte-swapped form of the port that was meant: htons() was forgotten. */
export function portAdvice(e: SyscallEvent, meantPort: number | undefined): Advice | undefined {
  if (meantPort === undefined || (e.name !== 'bind' && e.name !== 'connect' && e.name !== 'sendto')) return undefined;
  const addr = e.args.addr ?? e.args.dest_addr;
  if (!isAddr(addr) || !('port' in addr)) return undefined;
  if (addr.port === meantPort || swap16(addr.port) !== meantPort) return undefined;
  return {
    level: 'warning', code: 'htons',
    message: `${e.name}() used port ${addr.port}, which is ${meantPort} with its bytes swapped: write the port as htons(${meantPort}), in network byte order.`,
  };
}
