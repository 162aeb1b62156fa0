// Rules about each socket's own history, per process and fd: every socket the program uses is non-blocking
// before its first wait-prone call (`all-nonblocking`), and a socket whose connect() failed is not connected
// again (`new-socket-per-connect`: after a failed connect a socket's state is unspecified, POSIX connect(3p)).
import type { SyscallEvent, TraceEvent } from '../common/events';
import type { RuleResult } from './trace-rules';
import { at, fdOf, renderCall } from './trace-match';
import { BLOCKING_CALLS, NEW_SOCKET_FD_CALLS } from '../common/syscalls';
import { NORMAL_ERRNOS } from '../common/errnos';

function says(v: unknown, flag: string): boolean {
  return typeof v === 'string' && v.split('|').includes(flag);
}

/** Does the call make fd `fd` non-blocking (for a socket or accept4, the fd it returns)? */
function makesNonblocking(e: SyscallEvent): number | undefined {
  if ((e.name === 'socket' && says(e.args.type, 'SOCK_NONBLOCK')) || (e.name === 'accept4' && says(e.args.flags, 'SOCK_NONBLOCK'))) {
    return e.ret ?? undefined;
  }
  if (e.name === 'fcntl' && e.args.cmd === 'F_SETFL' && says(e.args.arg, 'O_NONBLOCK') && e.ret === 0) return fdOf(e);
  if (e.name === 'ioctl' && e.args.request === 'FIONBIO' && e.ret === 0) return fdOf(e);
  return undefined;
}

interface Sock {
  made: SyscallEvent;
  nonblocking: boolean;
  /** the connect() on it that failed, if one did */
  refused?: SyscallEvent;
}

/** Per-process fd tables of the sockets the program made; a child starts with a copy of its parent's. */
function walk(evs: TraceEvent[], on: (e: SyscallEvent, s: Sock | undefined, table: Map<number, Sock>) => RuleResult | undefined): RuleResult {
  const tables = new Map<number, Map<number, Sock>>();
  const table = (pid: number) => {
    let t = tables.get(pid);
    if (!t) tables.set(pid, (t = new Map()));
    return t;
  };
  for (const e of evs) {
    if (e.type === 'spawn') {
      if (!e.thread && !tables.has(e.pid)) tables.set(e.pid, new Map([...table(e.parent)].map(([fd, s]) => [fd, { ...s }])));
      continue;
    }
    if (e.type !== 'syscall' || e.ret === null) continue;
    const t = table(e.pid);
    const fd = fdOf(e);
    const verdict = on(e, fd === undefined ? undefined : t.get(fd), t);
    if (verdict) return verdict;
    if (NEW_SOCKET_FD_CALLS.has(e.name) && e.ret >= 0) t.set(e.ret, { made: e, nonblocking: false });
    if (e.name === 'close' && fd !== undefined) t.delete(fd);
    const nb = makesNonblocking(e);
    const s = nb === undefined ? undefined : t.get(nb);
    if (s) s.nonblocking = true;
  }
  return { pass: true };
}

/** The first call on the fd `made` returned, after it, in the same process. */
function firstUse(events: TraceEvent[], made: SyscallEvent): SyscallEvent | undefined {
  return events.find((e): e is SyscallEvent => e.type === 'syscall' && e.pid === made.pid && e.seq > made.seq && fdOf(e) === made.ret);
}

/** Every socket the program made is non-blocking before it first waits on it. */
export function allNonblocking(events: TraceEvent[]): RuleResult {
  return walk(events, (e, s) => {
    if (!s || s.nonblocking || !BLOCKING_CALLS.has(e.name)) return undefined;
    if (e.name === 'connect' && e.errno === 'EINPROGRESS') return undefined;
    const kind = s.made.name === 'socket' ? 'socket' : 'accepted socket';
    const first = firstUse(events, s.made);
    return {
      pass: false,
      blame: s.made,
      // the first use of the fd is where it should already be non-blocking
      hints: first ? [{ kind: 'call', ev: first, note: `the first call on fd ${s.made.ret}: make it non-blocking before this` }] : undefined,
      message: `Expected every socket to be non-blocking before it is used. The ${kind} fd ${s.made.ret} from ${s.made.name}()${at(s.made)} ` +
        `was still blocking when the program called ${renderCall(e)}${at(e)}. A socket from accept() does not inherit O_NONBLOCK from ` +
        'the listening socket: make each one non-blocking (fcntl with O_NONBLOCK, or accept4 with SOCK_NONBLOCK).',
      compared: { expected: `fd ${s.made.ret} from ${s.made.name}()${at(s.made)}: non-blocking`, actual: `blocking at ${renderCall(e)}${at(e)}` },
    };
  });
}

/** After connect() fails on a socket, the program closes it and connects with a new one. */
export function newSocketPerConnect(events: TraceEvent[]): RuleResult {
  return walk(events, (e, s) => {
    if (!s || e.name !== 'connect') return undefined;
    if (s.refused) {
      return {
        pass: false,
        blame: e,
        message: `connect()${at(s.refused)} failed with ${s.refused.errno ?? 'an error'}, and the program called connect() on the same ` +
          `socket again${at(e)}. After a failed connect() the socket's state is unspecified: close it and make a new socket for each attempt.`,
        compared: { expected: 'close(), then socket() and connect() anew', actual: `${renderCall(e)}${at(e)} on the same socket` },
      };
    }
    // a connect() still in progress, interrupted, or already made has not failed
    if (e.ret === -1 && !NORMAL_ERRNOS.has(e.errno ?? '') && e.errno !== 'EISCONN') s.refused = e;
    return undefined;
  });
}

/**
 * A child process closes its copy of every listening socket it inherited (unless it accepts on it itself,
 * as a pre-forked worker does): a child that keeps it holds the port after the parent has gone.
 */
export function childClosesListener(events: TraceEvent[]): RuleResult {
  const listening = new Map<number, Set<number>>();
  const owed = new Map<number, { fds: Set<number>; first?: SyscallEvent }>();
  const of = (pid: number) => {
    let s = listening.get(pid);
    if (!s) listening.set(pid, (s = new Set()));
    return s;
  };
  const kept = (pid: number): RuleResult | undefined => {
    const o = owed.get(pid);
    if (!o || o.fds.size === 0) return undefined;
    const fd = [...o.fds][0];
    return {
      pass: false,
      blame: o.first,
      // a first call made in a helper (serve()): the helper's call in the child is where the close belongs, before it
      hints: o.first ? [{ kind: 'caller', ev: o.first, note: `{fn} is called here, in the child: close fd ${fd} before it`, inChild: true }] : undefined,
      message: `The child process (pid ${pid}) never closed its copy of the listening socket (fd ${fd})` +
        `${o.first ? `; its first call was ${renderCall(o.first)}${at(o.first)}` : ''}. A child that serves one client should close the ` +
        'listening socket first thing: it is the parent\'s, and a child holding it keeps the port open.',
      compared: { expected: `close(${fd}) in the child (pid ${pid})`, actual: `fd ${fd} still open in pid ${pid}` },
    };
  };
  for (const e of events) {
    if (e.type === 'spawn') {
      if (e.thread) continue;
      const fds = new Set(of(e.parent));
      listening.set(e.pid, new Set(fds));
      if (fds.size > 0) owed.set(e.pid, { fds });
      continue;
    }
    if (e.type === 'exit' && (e.tid === undefined || e.tid === e.pid)) {
      const bad = kept(e.pid);
      if (bad) return bad;
      owed.delete(e.pid);
      continue;
    }
    if (e.type !== 'syscall' || e.ret === null) continue;
    const o = owed.get(e.pid);
    if (o && !o.first) o.first = e;
    const fd = fdOf(e);
    if (e.name === 'listen' && e.ret === 0 && fd !== undefined) of(e.pid).add(fd);
    if (fd !== undefined && (e.name === 'close' || e.name === 'accept' || e.name === 'accept4')) {
      o?.fds.delete(fd);
      if (e.name === 'close') of(e.pid).delete(fd);
    }
  }
  // a child still running when the run was stopped is judged only if it is done with its first call
  for (const [pid, o] of owed) {
    if (!o.first) continue;
    const bad = kept(pid);
    if (bad) return bad;
  }
  return { pass: true };
}
