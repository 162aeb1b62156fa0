// The raw binding exported by native/src/addon.cc (see native/index.ts for the typed wrapper).
export interface RawInject {
  name: string;
  error?: string;
  short?: number;
  first?: number;
  last?: number;
  step?: number;
}

export interface RawLimits {
  wallMs?: number;
  cpuSeconds?: number;
  memoryBytes?: number;
  processes?: number;
  fileBytes?: number;
}

export interface RawStartOptions {
  argv: string[];
  env?: string[];
  cwd?: string;
  payload?: number;
  sites?: boolean;
  inject?: RawInject[];
  limits?: RawLimits;
  /** give the program pipes for stdin/stdout/stderr instead of this process's own */
  pipes?: boolean;
  /** give the program a pseudo-terminal of this size as stdin/stdout/stderr and controlling terminal */
  terminal?: { cols: number; rows: number };
  /** an open fd for the tracer to write the events to itself, instead of the event pipe */
  out?: number;
  /** report calls that have been waiting 200 ms on the status pipe ("blocked" records) */
  blocked?: boolean;
}

export interface RawStarted {
  /** the tracer process */
  pid: number;
  /** read end of the event pipe: JSON lines (none when the events go to `out`) */
  fd?: number;
  /** read end of the status pipe: records about the run, call-site questions (JSON lines) */
  status: number;
  /** write end of the control pipe: call-site answers */
  control: number;
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** the pty's master (with `terminal`): the program's output, and its input when written */
  terminal?: number;
}

/**
 * The records of the tracer's status pipe, one JSON object a line (launch.cc, tracer.cc, sockets.cc,
 * output.cc): about the run, not the program.
 */
export type RawStatusRecord =
  /** the run is over: the program's exit code, or the signal that killed it */
  | { type: 'done'; code: number; signal?: string; ts: number }
  /** the trace's clock: events' ts count from t0, in CLOCK_MONOTONIC ns (process.hrtime's clock on Linux) */
  | { type: 'clock'; t0: number }
  /** a limit ended the run: its value (ms, bytes, a count), and for memory the process and its use */
  | { type: 'limit'; what: string; value: number; pid?: number; used?: number }
  /** a call the tracer may not make, told once, and what it used instead */
  | { type: 'degraded'; what: string; errno: string | number; instead?: string }
  /** the tracer could not start or follow the program */
  | { type: 'error'; reason: string; errno?: string; detail?: string }
  /** which line is this address in that program? (answered on the control pipe) */
  | { type: 'site'; exe: number; path: string; pc: number }
  /** a call the program has been blocked in for a while; pcs: return addresses, innermost first */
  | { type: 'blocked'; pid: number; tid: number; ts: number; name: string; path?: string; pc?: number; pcs?: number[] };

/** One row of the tracer's syscall table. */
export interface RawSyscall {
  nr: number;
  name: string;
  roles: string[];
  args: string[];
  /** the argument that is the fd the call acts on, or -1 */
  fdArg: number;
  /** the argument holding the buffer's byte count (what a short-count injection cuts), or -1 */
  lengthArg: number;
  /** a short-count injection cuts its iovecs (writev, sendmsg) */
  iovecCut: boolean;
}

/** One capability the probe tried: ok, or the step that failed and its errno name. */
export interface RawProbeCheck {
  ok: boolean;
  step?: string;
  errno?: string;
}

/** What probe()'s process writes on its pipe (native/src/probe.cc). */
export interface RawProbeResult {
  /** /proc/sys/kernel/yama/ptrace_scope, or -1 without Yama */
  yama: number;
  /** PTRACE_TRACEME, the child's stop, PTRACE_SETOPTIONS with TRACESECCOMP */
  ptrace: RawProbeCheck;
  /** no_new_privs, the base filter, a stacked fd filter with TSYNC, and both filters' stops */
  seccomp: RawProbeCheck;
  /** pidfd_open + pidfd_getfd of the child's socket */
  pidfd: RawProbeCheck;
  /** the fallback's halves: readlink /proc/PID/fd/N, and the socket found by inode through sock_diag */
  procFd: RawProbeCheck;
  sockDiag: RawProbeCheck;
  /** process_vm_readv and process_vm_writev of the child */
  memory: RawProbeCheck;
  /** the fallback: reading and writing /proc/PID/mem */
  procMem: RawProbeCheck;
  timedOut: boolean;
}

export interface RawProbeStarted {
  /** the probe process: reap it by pid */
  pid: number;
  /** read end of the pipe its one JSON line comes on */
  fd: number;
}

export interface RawBinding {
  start(o: RawStartOptions): RawStarted;
  /** how the tracer process ended (signal: the one that killed it, 0 if none), or null while it runs */
  reap(pid: number): { code: number; signal: number } | null;
  signal(pid: number, sig: number): boolean;
  /** TIOCSWINSZ on a pty master from start(); false if it failed */
  resize(fd: number, cols: number, rows: number): boolean;
  constants(): Record<string, Record<string, number>>;
  /** the traced syscalls, as native/src/syscalls.cc's table has them */
  syscallTable(): RawSyscall[];
  /** starts the capability probe (socklab doctor) */
  probe(): RawProbeStarted;
  unsupported?: string;
}
