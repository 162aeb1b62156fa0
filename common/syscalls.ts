// The facts about traced calls that the grader, the trace model, the inject parser and the tests use, all
// derived from the tracer's one table (common/syscall-table.ts, generated from native/src/syscalls.cc).
import { SYSCALL_TABLE, type SyscallRole } from './syscall-table';

/** libc's names for calls the kernel (x86_64) knows by another: send() is sendto(), recv() is recvfrom(). */
export const LIBC_NAMES: Readonly<Record<string, string>> = { send: 'sendto', recv: 'recvfrom' };

function named(test: (role: readonly SyscallRole[], cuttable: boolean) => boolean, withLibc = false): ReadonlySet<string> {
  const names = SYSCALL_TABLE.filter((s) => test(s.roles, s.lengthArg >= 0 || s.iovecCut)).map((s) => s.name);
  if (withLibc) names.push(...Object.keys(LIBC_NAMES).filter((alias) => names.includes(LIBC_NAMES[alias])));
  return new Set(names);
}

/** Every call the tracer reports. */
export const TRACED_CALLS: readonly string[] = SYSCALL_TABLE.map((s) => s.name);
/** Calls reported only when their fd (first argument) is a socket: read, write, close, fcntl... */
export const ON_SOCKET_CALLS = named((r) => r.includes('onSocket'));
/** Calls that move bytes out through their fd, and in (libc's send and recv included). */
export const SEND_CALLS = named((r) => r.includes('send'), true);
export const RECV_CALLS = named((r) => r.includes('recv'), true);
/** Sends a short-count fault can cut, and whose byte count the event shows (send, write, writev, sendmsg...). */
export const COUNTED_SEND_CALLS = named((r, cuttable) => r.includes('send') && cuttable, true);
/** Calls whose byte count a short-count fault can cut (--inject NAME:short=N). */
export const SHORTABLE_CALLS = named((_r, cuttable) => cuttable, true);
/** Calls that return a new fd on success; the subset that makes a socket. */
export const NEW_FD_CALLS = named((r) => r.includes('newFd'));
export const SOCKET_MAKING_CALLS = named((r) => r.includes('makesSocket'));
/** Calls that return a new socket's fd: socket, accept, accept4 (socketpair writes its two into an array). */
export const NEW_SOCKET_FD_CALLS = named((r) => r.includes('makesSocket') && r.includes('newFd'));
/** Calls that wait for fds to be ready: poll, select, epoll_wait and their variants. */
export const WAIT_CALLS = named((r) => r.includes('wait'));
/** Calls that wait on a blocking socket until it is ready: sends, receives (libc's too), accept, connect. */
export const BLOCKING_CALLS = named((r) => r.includes('blocks'), true);
/** Calls whose first argument is an fd (fd, sockfd, oldfd, epfd, out_fd, fd_in), as the man pages name it. */
export const FD_FIRST_CALLS = new Set(SYSCALL_TABLE.filter((s) => /fd$|^fd_/.test(s.args[0] ?? '')).map((s) => s.name));
/**
 * The socket calls: those that make a socket, move bytes, wait for readiness, are traced per socket, or take
 * a socket (`sockfd`); not the calls that only manage fds (dup, epoll_create, epoll_ctl, close_range, splice).
 */
export const SOCKET_CALLS = new Set(SYSCALL_TABLE.filter((s) => s.args[0] === 'sockfd' ||
  s.roles.some((r) => r === 'makesSocket' || r === 'send' || r === 'recv' || r === 'wait' || r === 'onSocket')).map((s) => s.name));
/** The dup family: a new fd for the same open file (the new-fd calls that take one, `oldfd`). */
export const DUP_CALLS = new Set(SYSCALL_TABLE.filter((s) => s.roles.includes('newFd') && s.args[0] === 'oldfd').map((s) => s.name));
/** Calls that act on files as well as sockets, moving bytes (read, write, readv, writev). */
export const FILE_IO_CALLS = new Set([...ON_SOCKET_CALLS].filter((n) => SEND_CALLS.has(n) || RECV_CALLS.has(n)));

const ROWS = new Map(SYSCALL_TABLE.map((s) => [s.name, s]));

/** The fd a call acts on: its argument the tracer's table marks as the fd (sockfd, fd, oldfd, out_fd, fd_in,
 * epoll_ctl's fd), as the tracer itself decides which fd a call is on. Undefined for a call on no fd. */
export function fdOf(e: { name: string; args: Readonly<Record<string, unknown>> }): number | undefined {
  const row = ROWS.get(e.name);
  const v = row && row.fdArg >= 0 ? e.args[row.args[row.fdArg]] : undefined;
  return typeof v === 'number' ? v : undefined;
}
