// What an errno means when a socket call returns it, and what to do about it: shown on hover over the name,
// after a failed call in the editor's problems, and in the grader's diagnosis. Our own words; pure data.
// Plain text with calls written `name()`, so it reads the same as markdown and as a terminal line.

export interface ErrnoAdvice {
  /** what it means from any socket call, and the fix; whole sentences */
  text: string;
  /** what it means from one call, where that call says more */
  calls?: Readonly<Record<string, string>>;
}

const NOT_LISTENING = 'accept() needs a listening socket: call listen() on it first.';

export const ERRNO_ADVICE: Readonly<Record<string, ErrnoAdvice>> = {
  EADDRINUSE: { text: 'The address and port are already taken: another program listens there, or connections of your previous run are in TIME_WAIT. Set SO_REUSEADDR before bind(), or use another port.' },
  EADDRNOTAVAIL: { text: 'The address is not one of this machine\'s. Bind to INADDR_ANY or 127.0.0.1, and check the byte order (htonl).' },
  EACCES: {
    text: 'Not allowed: ports below 1024 need privileges; or a file system permission for an AF_UNIX path.',
    calls: { bind: 'Ports below 1024 need privileges: use the port you were given.' },
  },
  ECONNREFUSED: { text: 'Nothing listens at that address and port: start the server first, and check the port\'s byte order. On UDP, an earlier datagram was answered by "port unreachable".' },
  ECONNRESET: { text: 'The peer reset the connection (it closed with unread data, or aborted). Treat it as the end of this client: close the socket and go on.' },
  ECONNABORTED: { text: 'A connection was aborted while waiting in the accept queue; accept the next one.' },
  EPIPE: { text: 'The peer has closed its end. Without MSG_NOSIGNAL (or SIGPIPE ignored) this also sends SIGPIPE, which ends the program.' },
  ENOTCONN: { text: 'The socket is not connected: connect() it first, or use sendto() with an address for UDP.' },
  EISCONN: { text: 'The socket is already connected.' },
  EAGAIN: { text: 'A non-blocking call would have to wait (nothing to read, no room to write, no client to accept), or a receive timeout ran out. Wait with poll() or epoll and retry.' },
  EWOULDBLOCK: { text: 'The same as EAGAIN on Linux: the non-blocking call would have to wait.' },
  EINPROGRESS: { text: 'A non-blocking connect() has started. Wait for POLLOUT, then read SO_ERROR to learn whether it succeeded.' },
  EALREADY: { text: 'A non-blocking connect() is still in progress on this socket.' },
  EINTR: { text: 'A signal arrived while the call was waiting. Nothing went wrong: call it again.' },
  EBADF: { text: 'That fd is not open: was it closed already, or is it the -1 of a failed call?' },
  ENOTSOCK: { text: 'The fd is not a socket: check which variable you passed.' },
  EINVAL: {
    text: 'An argument is not valid for this socket in its state: e.g. accept() on a socket that is not listening, bind() twice, or a wrong address length.',
    calls: {
      accept: NOT_LISTENING, accept4: NOT_LISTENING,
      bind: 'The socket is already bound, or the address length is wrong for its family.',
    },
  },
  EAFNOSUPPORT: { text: 'The address family does not match the socket\'s (for example an AF_INET6 address on an AF_INET socket).' },
  EPROTONOSUPPORT: { text: 'The protocol does not go with this family and type: pass 0 to let the kernel pick.' },
  EOPNOTSUPP: {
    text: 'The socket type does not support this call, e.g. listen() or accept() on a UDP socket.',
    calls: { listen: 'Only stream sockets listen: this socket is not SOCK_STREAM.' },
  },
  ENOPROTOOPT: { text: 'The option is not known at that level: check the level (SOL_SOCKET, IPPROTO_TCP...) and the option name.' },
  EDESTADDRREQ: { text: 'A datagram socket needs a destination: use sendto() with an address, or connect() first.' },
  EMSGSIZE: { text: 'The datagram is too large to send in one piece.' },
  EMFILE: { text: 'The process has too many open fds: close the sockets you no longer use.' },
  ENFILE: { text: 'The whole system has run out of open files.' },
  ENOBUFS: { text: 'The kernel is out of buffer memory for sockets.' },
  ETIMEDOUT: { text: 'The peer did not answer in time (connection attempt or a lost connection).' },
  ENETUNREACH: { text: 'No route to that network: check the address.' },
  EHOSTUNREACH: { text: 'No route to that host: check the address.' },
  EFAULT: { text: 'A pointer argument does not point into the program\'s memory: check buffers, addresses and length pointers.' },
  ENOENT: { text: 'For an AF_UNIX address: no socket file at that path.' },
};

/** What `errno` means from `call` (its own sentence where it has one), or undefined for an errno not listed. */
export function errnoAdvice(errno: string, call?: string): string | undefined {
  const a = ERRNO_ADVICE[errno];
  return a && ((call !== undefined ? a.calls?.[call] : undefined) ?? a.text);
}
