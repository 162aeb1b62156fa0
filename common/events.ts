// The trace event: what the tracer emits and every other part reads (see docs/trace-contract.md).
// Pure module: no Node I/O, no DOM, no vscode.

/**
 * A socket address as decoded by the tracer. Unknown families keep their raw bytes as hex. An address the
 * kernel cut to the program's buffer has `truncated` and the bytes written after the family as `raw`
 * (docs/trace-format.md).
 */
export type SockAddr =
  | { family: 'AF_INET' | 'AF_INET6'; addr: string; port: number; flowinfo?: number; scope_id?: number; truncated?: true }
  | { family: 'AF_UNIX'; path?: string; abstract?: string }
  | { family: 'AF_NETLINK'; nl_pid: number; nl_groups: number }
  | { family: string | number; raw: string }
  | { family: string | number; truncated: true; raw: string };

/** A value-result length (socklen_t *) the kernel changed: the size given at entry and the one returned. */
export interface LenInOut {
  in: number;
  out: number;
}

/** A buffer sent or received: the first bytes as hex, and the full length transferred. */
export interface Payload {
  hex: string;
  len: number;
}

/** Where in the user's source a syscall was made. */
export interface CallSite {
  file: string;
  line: number;
  function: string;
}

/** What the tracer knows of the socket an fd refers to, at the time of the event. */
export interface SocketInfo {
  inode: number;
  family?: string;
  type?: string;
  local?: SockAddr;
  peer?: SockAddr;
}

/** An argument value: numbers, constant names, addresses, buffers, nested structures. */
export type ArgValue =
  | number
  | string
  | boolean
  | null
  | SockAddr
  | Payload
  | LenInOut
  | ArgValue[]
  | { [key: string]: ArgValue };

interface EventBase {
  pid: number;
  /** ns since the trace began */
  ts: number;
}

export interface SyscallEvent extends EventBase {
  type: 'syscall';
  seq: number;
  tid: number;
  /** ns from entry to exit */
  dur: number;
  name: string;
  args: { [name: string]: ArgValue };
  /**
   * -1 on failure, like libc; null when the call never returned to the program: the process died in it
   * (`unfinished`), or a signal interrupted it (`restart`)
   */
  ret: number | null;
  /** only on failure (ret -1); never on an interrupted call */
  errno?: string;
  /**
   * A signal interrupted the call, with the kernel's code for what comes next (the program never sees it):
   * the call is restarted, which is a new event (a call resumed by restart_syscall is reported under its
   * own name), or the program sees EINTR. Not a failure. See docs/trace-format.md.
   */
  restart?: RestartCode;
  site?: CallSite;
  /** the socket the call's fd refers to, when it is one */
  sock?: SocketInfo;
  /** the call was changed by fault injection */
  injected?: string;
  /** the process ended (or exec'd) before the call returned */
  unfinished?: boolean;
  /** the new socket a call on another socket returned (accept's), beside `sock`, the listener */
  newsock?: SocketInfo;
  /** select/pselect6: the fds the kernel found ready, per set */
  ready?: { readfds?: number[]; writefds?: number[]; exceptfds?: number[] };
}

/** The kernel-internal results of an interrupted call (include/linux/errno.h). */
export type RestartCode = 'ERESTARTSYS' | 'ERESTARTNOINTR' | 'ERESTARTNOHAND' | 'ERESTART_RESTARTBLOCK';

/**
 * The restart code when a signal interrupted the call, else undefined. Traces kept from before `restart`
 * existed have the code as errno (with ret -1); it is read the same way.
 */
export function restartOf(e: SyscallEvent): RestartCode | undefined {
  if (e.restart) return e.restart;
  return e.errno?.startsWith('ERESTART') ? (e.errno as RestartCode) : undefined;
}

/** The call failed as the program saw it (-1 and an errno); an interrupted call did not. */
export function failed(e: SyscallEvent): boolean {
  return e.ret === -1 && restartOf(e) === undefined;
}

/** A new process (pid is the new one) or thread (pid is its process, tid the new thread). */
export interface SpawnEvent extends EventBase {
  type: 'spawn';
  tid: number;
  /** the pid of the process that made it */
  parent: number;
  /** fork, vfork or clone */
  how: 'fork' | 'vfork' | 'clone';
  thread: boolean;
}

export interface ExecEvent extends EventBase {
  type: 'exec';
  path: string;
  argv: string[];
}

export interface ExitEvent extends EventBase {
  type: 'exit';
  tid?: number;
  /** exit status when the process exited normally */
  code?: number;
  /** the signal that killed it */
  signal?: string;
  core?: boolean;
}

export interface SignalEvent extends EventBase {
  type: 'signal';
  tid: number;
  signal: string;
  /** the sender's pid when the kernel says (si_pid) */
  from?: number;
  code?: string;
  /** a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) the program made: the address it touched (si_addr), hex */
  addr?: string;
  /** where it happened: the faulting line, or the program's call into the library that faulted; for SIGABRT the
   * call of abort() or assert() */
  site?: CallSite;
}

export type TraceEvent = SyscallEvent | SpawnEvent | ExecEvent | ExitEvent | SignalEvent;
