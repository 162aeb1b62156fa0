// Running a program under the tracer: starts the tracer process, answers its call-site questions, hands out
// its events in batches (or lets it write them straight to a file), and ends the whole traced tree on stop().
import * as net from 'net';
import { constants } from 'os';
import * as tty from 'tty';
import { StringDecoder } from 'string_decoder';
import type { Readable, Writable } from 'stream';
import type { CallSite, TraceEvent } from '../common/events';
import { binding, startTracer, type RawInject, type RawLimits } from '../native/index';
import type { RawStatusRecord } from '../native/binding';
import { TraceError, type TraceErrorReason } from '../common/errors';
import type { LimitHit, RunEnd } from '../common/run-end';
import { parseInject } from './inject';
import { SiteResolver } from './sites';

/** The limits of a traced run: the tracer's own, and the bytes of output the runner counts on the pipes. */
export type TraceLimits = RawLimits & { outputBytes?: number };

export interface TraceOptions {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** bytes of each buffer to keep (default 256) */
  payload?: number;
  /** --inject specs, e.g. "connect:error=ECONNREFUSED:when=1" */
  inject?: (string | RawInject)[];
  /** 'pipe' gives the program pipes (run.stdin/stdout/stderr); 'inherit' shares this process's stdio */
  stdio?: 'pipe' | 'inherit';
  /**
   * a pseudo-terminal of this size for the program's stdin, stdout and stderr (run.terminal), made its
   * controlling terminal: isatty() is true, output is line-buffered, Ctrl-C is SIGINT. Replaces `stdio`.
   * The grader keeps pipes: a tty rewrites output (\n becomes \r\n, input is echoed).
   */
  terminal?: { cols: number; rows: number };
  limits?: TraceLimits;
  sites?: boolean;
  /** an open fd the tracer writes the events to itself, as JSON lines; run.events then yields nothing */
  out?: number;
  /** told of each call that has been waiting in the kernel for 200 ms, while it still waits */
  onBlocked?: (call: BlockedCall) => void;
  /** told once per fallback the tracer takes for a call it may not make (also listed in TracedRunEnd.degraded) */
  onDegraded?: (d: Degraded) => void;
}

/**
 * A call the tracer was not allowed to make (a container's seccomp profile without CAP_SYS_PTRACE denies
 * pidfd_getfd, say) and what it used instead. The trace is the same unless `instead` is missing.
 */
export interface Degraded {
  /** "pidfd_getfd", "pidfd_open", "process_vm_readv", "process_vm_writev" or "sock_diag" */
  what: string;
  /** why it failed: "EPERM", "ENOSYS"... */
  errno: string;
  /** what gave the same facts: "sock_diag" (socket identity) or "/proc/PID/mem" (tracee memory) */
  instead?: string;
}

/** A call still in progress: the program has waited in it since `ts` (accept() before any client, say). */
export interface BlockedCall {
  pid: number;
  tid: number;
  ts: number;
  name: string;
  site?: CallSite;
}

/** How a traced run ended (common/run-end.ts), with what only the tracer tells. */
export interface TracedRunEnd extends RunEnd {
  /** the program's exit status, or the tracer's for a program a signal killed */
  code: number;
  /** the fallbacks the tracer used in this run, in the order it first needed them */
  degraded: Degraded[];
}

export interface TraceRun {
  pid: number;
  events: AsyncIterable<TraceEvent[]>;
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  /** with `terminal`: the pty's master */
  terminal: ProgramTty | null;
  stop(): void;
  done: Promise<TracedRunEnd>;
  /** the instant the trace's ts count from, in CLOCK_MONOTONIC ns (process.hrtime.bigint()'s clock), once known */
  clockZero(): number | undefined;
}

/** The program's terminal: write its input, read its output (stdout and stderr, as it wrote them). */
export interface ProgramTty {
  /** ends (no error) when the last process holding the terminal has closed it */
  stream: tty.ReadStream;
  resize(cols: number, rows: number): void;
}

const ERROR_REASONS = new Set<TraceErrorReason>([
  'ptraceDenied', 'seccompUnavailable', 'notFound', 'notExecutable', 'chdirFailed', 'limitsFailed',
]);

export function startTrace(o: TraceOptions): TraceRun {
  const inject = (o.inject ?? []).map((x) => (typeof x === 'string' ? parseInject(x) : x));
  const env = o.env ? Object.entries(o.env).map(([k, v]) => `${k}=${v}`) : undefined;
  let started;
  try {
    started = startTracer({
      argv: o.argv, cwd: o.cwd, env, payload: o.payload ?? 256, sites: o.sites ?? true, inject,
      limits: o.limits, pipes: o.stdio === 'pipe', out: o.out, terminal: o.terminal, blocked: o.onBlocked !== undefined,
    });
  } catch (e) {
    if (e instanceof TraceError) throw e;
    throw new TraceError('badInject', (e as Error).message);
  }
  const pid = started.pid;
  // net.Sockets read the pipes from the event loop (epoll), not through the thread pool as files would
  const pipe = (fd: number | undefined, dir: 'r' | 'w') =>
    fd === undefined ? null : new net.Socket({ fd, readable: dir === 'r', writable: dir === 'w' });
  const source = pipe(started.fd, 'r');
  const stdout = pipe(started.stdout, 'r');
  const stderr = pipe(started.stderr, 'r');
  const stdin = pipe(started.stdin, 'w');
  stdin?.on('error', () => undefined);  // the program may exit without reading its input
  const terminal = started.terminal === undefined ? null : openTty(started.terminal);
  const state: RunState = { code: null, signal: null, degraded: [], onDegraded: o.onDegraded };
  let stopped = false;
  let reaped = false;
  const stop = () => {
    if (stopped || reaped) return;
    stopped = true;
    // the tracer SIGKILLs the tree at once; should it not answer, its own end ends the tracees (EXITKILL)
    if (binding().signal(pid, 15)) setTimeout(() => { if (!reaped) binding().signal(pid, 9); }, 3000).unref();
  };
  if (o.limits?.outputBytes) limitOutput([stdout, stderr, terminal?.stream ?? null], o.limits.outputBytes, () => {
    state.limit ??= { what: 'output', value: o.limits!.outputBytes! };
    stop();
  });
  const status = serveStatus(pipe(started.status, 'r')!, pipe(started.control, 'w')!, state, o.onBlocked);
  const closed = source ? new Promise((r) => source.once('close', r)) : Promise.resolve();
  const done = Promise.all([status, closed]).then(() => waitExit(pid)).then((exit): TracedRunEnd => {
    reaped = true;
    if (state.code === null && !state.error) state.error = tracerEnd(pid, exit);
    return { code: state.code ?? exit.code, signal: state.signal, limit: state.limit, error: state.error, degraded: state.degraded };
  });
  const events = source ? readEvents(source) : (async function* () { /* written by the tracer itself */ })();
  return { pid, events, stdin, stdout, stderr, terminal, stop, done, clockZero: () => state.t0 };
}

/**
 * The master as a stream. A tty handle (not a net.Socket, which refuses a tty fd) reads it from the event
 * loop; the EIO read once every slave fd is closed is its end of output, not an error.
 */
function openTty(fd: number): ProgramTty {
  const stream = new tty.ReadStream(fd);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EIO') stream.destroy();
  });
  return { stream, resize: (cols, rows) => { if (!stream.destroyed) binding().resize(fd, cols, rows); } };
}

function limitOutput(streams: (Readable | null)[], max: number, over: () => void): void {
  let total = 0;
  for (const s of streams) s?.on('data', (d: Buffer) => { if ((total += d.length) > max) over(); });
}

/**
 * The tracer process ended without its `done` record: killed by a signal (the kernel's OOM killer, or
 * someone's kill), or it failed. Its tracees died with it (PTRACE_O_EXITKILL), so the trace is incomplete.
 */
function tracerEnd(pid: number, exit: { code: number; signal: number }): TraceError | undefined {
  if (exit.signal) {
    const name = Object.entries(constants.signals).find(([, n]) => n === exit.signal)?.[0] ?? `signal ${exit.signal}`;
    return new TraceError('tracerKilled', `the tracer process (pid ${pid}) was killed by ${name}`, name);
  }
  if (exit.code > 0) return new TraceError('tracerDied', `the tracer process (pid ${pid}) ended with exit code ${exit.code} before the program did`);
  return undefined;
}

function waitExit(pid: number): Promise<{ code: number; signal: number }> {
  return new Promise((resolve) => {
    const poll = () => {
      const c = binding().reap(pid);
      if (c === null) setTimeout(poll, 2);
      else resolve(c);
    };
    poll();
  });
}

type RunState = {
  code: number | null; limit?: LimitHit; error?: TraceError; signal: string | null;
  degraded: Degraded[]; onDegraded?: (d: Degraded) => void;
  /** the trace's t0 on CLOCK_MONOTONIC */
  t0?: number;
};

/** The pipe's bytes as batches of whole lines (a UTF-8 character split between reads is kept whole). */
async function* lineBatches(source: net.Socket): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const text = rest + decoder.write(chunk as Buffer);
    const cut = text.lastIndexOf('\n');
    rest = text.slice(cut + 1);
    if (cut >= 0) yield text.slice(0, cut).split('\n').filter(Boolean);
  }
}

async function* readEvents(source: net.Socket): AsyncGenerator<TraceEvent[]> {
  for await (const lines of lineBatches(source)) yield lines.map((l) => JSON.parse(l) as TraceEvent);
}

type SiteQuestion = Extract<RawStatusRecord, { type: 'site' }>;
/** pcs: the return addresses up the stack, innermost first; the site is the first that is the program's own */
type BlockedRecord = Extract<RawStatusRecord, { type: 'blocked' }>;

/**
 * The tracer's status pipe: records about the run, and questions "which line is this address in that
 * program?", answered on the control pipe as "EXE PC JSON" lines (native/src/output.h). Each address is
 * asked once per run; the tracer keeps the answers.
 */
async function serveStatus(status: net.Socket, control: net.Socket, state: RunState,
  onBlocked?: (call: BlockedCall) => void): Promise<void> {
  control.on('error', () => undefined);  // the tracer may end before it reads every answer
  const sites = new SiteResolver();
  for await (const lines of lineBatches(status)) {
    const asked: SiteQuestion[] = [];
    const blocked: BlockedRecord[] = [];
    for (const line of lines) {
      const rec = JSON.parse(line) as RawStatusRecord;
      if (rec.type === 'site') asked.push(rec);
      else if (rec.type === 'blocked') blocked.push(rec);
      else record(rec, state);
    }
    const where = [
      ...asked.map((q) => ({ exe: q.path, pc: q.pc })),
      ...blocked.flatMap((b) => (b.path === undefined ? [] : (b.pcs ?? (b.pc === undefined ? [] : [b.pc])).map((pc) => ({ exe: b.path!, pc })))),
    ];
    if (where.length) await sites.resolveAll(where);
    if (asked.length) {
      control.write(asked.map((q) => `${q.exe} ${q.pc} ${JSON.stringify(sites.get(q.path, q.pc) ?? null)}\n`).join(''));
    }
    for (const { type: _, path, pc, pcs, ...call } of blocked) {
      const site = path === undefined ? undefined
        : (pcs ?? (pc === undefined ? [] : [pc])).map((p) => sites.get(path, p)).find((x) => x !== undefined);
      onBlocked?.(site ? { ...call, site } : call);
    }
  }
  control.destroy();
}

/** Records about the run, not the program: errors, limits, fallbacks and the final status. */
function record(rec: Exclude<RawStatusRecord, SiteQuestion | BlockedRecord>, state: RunState): void {
  switch (rec.type) {
    case 'clock':
      state.t0 = rec.t0;
      break;
    case 'done':
      state.code = rec.code;
      if (rec.signal !== undefined) state.signal = rec.signal;
      break;
    case 'limit':
      state.limit ??= { what: rec.what, value: rec.value,
        ...(rec.pid !== undefined ? { pid: rec.pid } : {}), ...(rec.used !== undefined ? { used: rec.used } : {}) };
      break;
    case 'degraded': {
      const d: Degraded = { what: rec.what, errno: String(rec.errno) };
      if (typeof rec.instead === 'string') d.instead = rec.instead;
      state.degraded.push(d);
      state.onDegraded?.(d);
      break;
    }
    case 'error': {
      const reason = rec.reason as TraceErrorReason;
      state.error = new TraceError(ERROR_REASONS.has(reason) ? reason : 'tracerDied',
        `${reason}${rec.errno ? ` (${rec.errno})` : ''}`, rec.detail);
      break;
    }
  }
}
