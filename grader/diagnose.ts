// When a behaviour check fails, the trace usually says why: a failed call, a fatal signal, a short write,
// or the calls the program made last. This turns that into a sentence naming the source line.
import type { SignalEvent, SyscallEvent, TraceEvent } from '../common/events';
import { signalLimitSentence } from './limits';
import type { PeerFailure } from './peer';
import type { Limits } from './run-adapter';
import { at, isSocketFdCall, renderCall } from './trace-match';
import { COUNTED_SEND_CALLS } from '../common/syscalls';

const QUIET_ERRNOS = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINPROGRESS', 'EALREADY']);
const SOCKET_CALLS = new Set([
  'socket', 'bind', 'listen', 'accept', 'accept4', 'connect', 'sendto', 'recvfrom', 'sendmsg', 'recvmsg',
  'read', 'write', 'close', 'shutdown', 'setsockopt', 'socketpair', 'poll', 'epoll_wait', 'select',
]);

/** What a teacher would say about a failed call, by "name:errno" (or "*:errno" for any call). */
const ADVICE: Record<string, string> = {
  'accept:EINVAL': 'accept() needs a listening socket: call listen() on it first.',
  'accept4:EINVAL': 'accept() needs a listening socket: call listen() on it first.',
  'bind:EADDRINUSE': 'The port is taken: by old connections in TIME_WAIT (set SO_REUSEADDR before bind) or by another socket.',
  'bind:EACCES': 'Ports below 1024 need privileges: use the port you were given.',
  'bind:EINVAL': 'The socket is already bound, or the address length is wrong for its family.',
  'connect:ECONNREFUSED': 'Nothing listens at that address: check the address and the port (htons?).',
  'listen:EOPNOTSUPP': 'Only stream sockets listen: this socket is not SOCK_STREAM.',
  '*:EBADF': 'That fd is not open: was it closed already, or is it the -1 of a failed call?',
  '*:ENOTSOCK': 'That fd is not a socket.',
  '*:ENOTCONN': 'The socket is not connected: a stream socket needs connect() (or to come from accept()) first.',
  '*:EAFNOSUPPORT': 'The address family does not match the socket\'s family.',
};

function syscalls(events: TraceEvent[]): SyscallEvent[] {
  return events
    .filter((e): e is SyscallEvent => e.type === 'syscall' && SOCKET_CALLS.has(e.name) && isSocketFdCall(e))
    .sort((a, b) => a.seq - b.seq);
}

export interface Diagnosis {
  /** one or two sentences, or '' when the trace adds nothing (or there is none) */
  text: string;
  /** the call the sentences are about */
  blame?: SyscallEvent;
}

export function diagnose(events: TraceEvent[], failure: PeerFailure, limits?: Limits): Diagnosis {
  if (events.length === 0) return { text: '' };
  // a process the kernel stopped at a per-process limit (CPU time, file size) explains what followed
  const limited = signalLimitSentence(events, limits);
  if (limited) return limited;
  const calls = syscalls(events);
  const fatal = events.find((e): e is SignalEvent => e.type === 'signal' && ['SIGPIPE', 'SIGSEGV', 'SIGBUS', 'SIGABRT'].includes(e.signal));
  if (fatal) {
    const before = calls.filter((c) => c.ts <= fatal.ts && c.pid === fatal.pid).pop();
    const pipe = fatal.signal === 'SIGPIPE'
      ? ' Writing to a connection the peer has closed raises SIGPIPE, which ends the process: send with MSG_NOSIGNAL (or ignore SIGPIPE) and handle EPIPE.'
      : '';
    return { text: `The trace shows ${fatal.signal} delivered${before ? ` during ${renderCall(before)}${at(before)}` : ''}.${pipe}`, blame: before };
  }
  const failed = calls.find((c) => c.ret === -1 && !QUIET_ERRNOS.has(c.errno ?? ''));
  if (failed) {
    const advice = ADVICE[`${failed.name}:${failed.errno}`] ?? ADVICE[`*:${failed.errno}`];
    return {
      text: `The trace shows ${renderCall(failed)}${at(failed)}` +
        `${failed.injected ? ' — a fault the grader injected on purpose, which the program must survive' : ''}.` +
        (advice && !failed.injected ? ` ${advice}` : ''),
      blame: failed,
    };
  }
  const short = calls.find((c) => COUNTED_SEND_CALLS.has(c.name) && c.injected !== undefined && c.ret !== null && c.ret >= 0);
  if (short) return { text: `The trace shows ${renderCall(short)}${at(short)}: only part of the data was sent, and the rest never followed.`, blame: short };
  if (failure.what === 'no-reply' || failure.what === 'wrong-reply' || failure.what === 'closed') {
    const last = calls.slice(-3);
    if (last.length === 0) return { text: 'The trace shows no socket calls at all.' };
    return { text: `The program's last socket calls were: ${last.map((c) => `${renderCall(c)}${at(c)}`).join('; ')}.`, blame: last[last.length - 1] };
  }
  return { text: '' };
}
