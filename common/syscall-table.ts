// Generated from the tracer's syscall table (native/src/syscalls.cc) by `npm run gen:syscalls`: do not edit.
// test/native/syscall-table.test.ts fails when this file and the table differ.

/** What a traced call is for: traced per socket fd, returns a new fd, moves bytes out or in, waits for
 * readiness, makes a socket, waits on a blocking socket. */
export type SyscallRole = 'onSocket' | 'newFd' | 'send' | 'recv' | 'wait' | 'makesSocket' | 'blocks';

export interface SyscallRow {
  nr: number;
  name: string;
  roles: readonly SyscallRole[];
  /** argument names, as the events carry them */
  args: readonly string[];
  /** the argument that is the fd the call acts on (its first fd argument), or -1 */
  fdArg: number;
  /** the argument with the byte count of the call's buffer (what a short-count fault cuts), or -1 */
  lengthArg: number;
  /** a short-count fault cuts it in its iovecs instead (writev, sendmsg) */
  iovecCut: boolean;
}

export const SYSCALL_TABLE: readonly SyscallRow[] = [
  { nr: 0, name: 'read', roles: ['onSocket', 'recv', 'blocks'], args: ['fd', 'buf', 'count'], fdArg: 0, lengthArg: 2, iovecCut: false },
  { nr: 1, name: 'write', roles: ['onSocket', 'send', 'blocks'], args: ['fd', 'buf', 'count'], fdArg: 0, lengthArg: 2, iovecCut: false },
  { nr: 3, name: 'close', roles: ['onSocket'], args: ['fd'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 7, name: 'poll', roles: ['wait'], args: ['fds', 'nfds', 'timeout'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 16, name: 'ioctl', roles: ['onSocket'], args: ['fd', 'request', 'argp'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 19, name: 'readv', roles: ['onSocket', 'recv', 'blocks'], args: ['fd', 'iov', 'iovcnt'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 20, name: 'writev', roles: ['onSocket', 'send', 'blocks'], args: ['fd', 'iov', 'iovcnt'], fdArg: 0, lengthArg: -1, iovecCut: true },
  { nr: 23, name: 'select', roles: ['wait'], args: ['nfds', 'readfds', 'writefds', 'exceptfds', 'timeout'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 32, name: 'dup', roles: ['newFd'], args: ['oldfd'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 33, name: 'dup2', roles: ['newFd'], args: ['oldfd', 'newfd'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 40, name: 'sendfile', roles: ['send', 'blocks'], args: ['out_fd', 'in_fd', 'offset', 'count'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 41, name: 'socket', roles: ['newFd', 'makesSocket'], args: ['domain', 'type', 'protocol'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 42, name: 'connect', roles: ['blocks'], args: ['sockfd', 'addr', 'addrlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 43, name: 'accept', roles: ['newFd', 'makesSocket', 'blocks'], args: ['sockfd', 'addr', 'addrlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 44, name: 'sendto', roles: ['send', 'blocks'], args: ['sockfd', 'buf', 'len', 'flags', 'dest_addr', 'addrlen'], fdArg: 0, lengthArg: 2, iovecCut: false },
  { nr: 45, name: 'recvfrom', roles: ['recv', 'blocks'], args: ['sockfd', 'buf', 'len', 'flags', 'src_addr', 'addrlen'], fdArg: 0, lengthArg: 2, iovecCut: false },
  { nr: 46, name: 'sendmsg', roles: ['send', 'blocks'], args: ['sockfd', 'msg', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: true },
  { nr: 47, name: 'recvmsg', roles: ['recv', 'blocks'], args: ['sockfd', 'msg', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 48, name: 'shutdown', roles: [], args: ['sockfd', 'how'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 49, name: 'bind', roles: [], args: ['sockfd', 'addr', 'addrlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 50, name: 'listen', roles: [], args: ['sockfd', 'backlog'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 51, name: 'getsockname', roles: [], args: ['sockfd', 'addr', 'addrlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 52, name: 'getpeername', roles: [], args: ['sockfd', 'addr', 'addrlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 53, name: 'socketpair', roles: ['makesSocket'], args: ['domain', 'type', 'protocol', 'sv'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 54, name: 'setsockopt', roles: [], args: ['sockfd', 'level', 'optname', 'optval', 'optlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 55, name: 'getsockopt', roles: [], args: ['sockfd', 'level', 'optname', 'optval', 'optlen'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 72, name: 'fcntl', roles: ['onSocket'], args: ['fd', 'cmd', 'arg'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 213, name: 'epoll_create', roles: ['newFd'], args: ['size'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 232, name: 'epoll_wait', roles: ['wait'], args: ['epfd', 'events', 'maxevents', 'timeout'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 233, name: 'epoll_ctl', roles: [], args: ['epfd', 'op', 'fd', 'event'], fdArg: 2, lengthArg: -1, iovecCut: false },
  { nr: 270, name: 'pselect6', roles: ['wait'], args: ['nfds', 'readfds', 'writefds', 'exceptfds', 'timeout', 'sigmask'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 271, name: 'ppoll', roles: ['wait'], args: ['fds', 'nfds', 'tmo_p', 'sigmask', 'sigsetsize'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 275, name: 'splice', roles: [], args: ['fd_in', 'off_in', 'fd_out', 'off_out', 'len', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 281, name: 'epoll_pwait', roles: ['wait'], args: ['epfd', 'events', 'maxevents', 'timeout', 'sigmask', 'sigsetsize'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 288, name: 'accept4', roles: ['newFd', 'makesSocket', 'blocks'], args: ['sockfd', 'addr', 'addrlen', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 291, name: 'epoll_create1', roles: ['newFd'], args: ['flags'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 292, name: 'dup3', roles: ['newFd'], args: ['oldfd', 'newfd', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 299, name: 'recvmmsg', roles: ['recv', 'blocks'], args: ['sockfd', 'msgvec', 'vlen', 'flags', 'timeout'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 307, name: 'sendmmsg', roles: ['send', 'blocks'], args: ['sockfd', 'msgvec', 'vlen', 'flags'], fdArg: 0, lengthArg: -1, iovecCut: false },
  { nr: 436, name: 'close_range', roles: [], args: ['first', 'last', 'flags'], fdArg: -1, lengthArg: -1, iovecCut: false },
  { nr: 441, name: 'epoll_pwait2', roles: ['wait'], args: ['epfd', 'events', 'maxevents', 'timeout', 'sigmask', 'sigsetsize'], fdArg: -1, lengthArg: -1, iovecCut: false },
];
