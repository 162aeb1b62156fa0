// Running a program under the tracer: starts the tracer process, turns its JSON lines into events with
// call sites, hands them out in batches, and ends the whole traced tree on stop().
import * as net from 'net';
import { StringDecoder } from 'string_decoder';
import type { Readable, Writable } from 'stream';
import type { TraceEvent, SyscallEvent } from '../common/events';
import { binding, startTracer, type RawInject, type RawLimits } from '../native/index';
import { TraceError, type TraceErrorReason } from './errors';
import { parseInject } from './inject';
import { SiteResolver } from './sites';

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
  limits?: RawLimits & { outputBytes?: number };
  sites?: boolean;
}

/** The same run, with events as JSONL text (call sites resolved), for writers that only pass them on. */
export interface RawTraceRun extends Omit<TraceRun, 'events'> {
  lines: AsyncIterable<string>;
}

/** Why the run ended, when it was not the program's own doing. */
export interface RunEnd {
  code: number;
  /** the signal that killed the program */
  signal: string | null;
  /** a limit that stopped it: "wall", "procs", "output", or a TraceError reason */
  reason?: string;
  error?: TraceError;
}

export interface TraceRun {
  pid: number;
  events: AsyncIterable<TraceEvent[]>;
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  stop(): void;
  done: Promise<RunEnd>;
}

const ERROR_REASONS = new Set<TraceErrorReason>([
  'ptraceDenied', 'seccompUnavailable', 'notFound', 'notExecutable', 'chdirFailed', 'limitsFailed',
]);

export function startTrace(o: TraceOptions): TraceRun {
  const { run, source, state } = launch(o);
  return { ...run, events: readEvents(source, state) };
}

export function startTraceRaw(o: TraceOptions): RawTraceRun {
  const { run, source, state } = launch(o);
  return { ...run, lines: readLines(source, state) };
}

function launch(o: TraceOptions): { run: Omit<TraceRun, 'events'>; source: net.Socket; state: RunState } {
  const inject = (o.inject ?? []).map((x) => (typeof x === 'string' ? parseInject(x) : x));
  const env = o.env ? Object.entries(o.env).map(([k, v]) => `${k}=${v}`) : undefined;
  let started;
  try {
    started = startTracer({
      argv: o.argv, cwd: o.cwd, env, payload: o.payload ?? 256, sites: o.sites ?? true, inject,
      limits: o.limits, pipes: o.stdio === 'pipe',
    });
  } catch (e) {
    if (e instanceof TraceError) throw e;
    throw new TraceError('badInject', (e as Error).message);
  }
  const pid = started.pid;
  // a net.Socket reads the pipe from the event loop (epoll), not through the thread pool as a file would
  const source = new net.Socket({ fd: started.fd, readable: true, writable: false });
  const stdout = started.stdout !== undefined ? new net.Socket({ fd: started.stdout, readable: true, writable: false }) : null;
  const stderr = started.stderr !== undefined ? new net.Socket({ fd: started.stderr, readable: true, writable: false }) : null;
  const stdin = started.stdin !== undefined ? new net.Socket({ fd: started.stdin, readable: false, writable: true }) : null;
  stdin?.on('error', () => undefined);  // the program may exit without reading its input
  const state: RunState = {
    code: null, signal: null,
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    binding().signal(pid, 15);  // false when it has already gone
  };
  if (o.limits?.outputBytes) limitOutput([stdout, stderr], o.limits.outputBytes, () => {
    state.limit ??= 'output';
    stop();
  });
  let resolveDone!: (e: RunEnd) => void;
  const done = new Promise<RunEnd>((r) => (resolveDone = r));
  source.on('close', () => waitExit(pid).then((code) => {
    resolveDone({ code: state.code ?? code, signal: state.signal, reason: state.limit ?? state.error?.reason, error: state.error });
  }));
  return { run: { pid, stdin, stdout, stderr, stop, done }, source, state };
}

function limitOutput(streams: (Readable | null)[], max: number, over: () => void): void {
  let total = 0;
  for (const s of streams) s?.on('data', (d: Buffer) => { if ((total += d.length) > max) over(); });
}

function waitExit(pid: number): Promise<number> {
  return new Promise((resolve) => {
    const poll = () => {
      const c = binding().reap(pid);
      if (c === null) setTimeout(poll, 2);
      else resolve(c);
    };
    poll();
  });
}

type RunState = { code: number | null; limit?: string; error?: TraceError; signal: string | null; root?: number };

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

async function* readEvents(source: net.Socket, state: RunState): AsyncGenerator<TraceEvent[]> {
  const sites = new SiteResolver();
  const exeOf = new Map<number, string>();
  for await (const lines of lineBatches(source)) {
    const batch: TraceEvent[] = [];
    for (const line of lines) {
      const rec = JSON.parse(line);
      if (!internal(rec, state)) batch.push(rec as TraceEvent);
    }
    await attachSites(batch, sites, exeOf);
    if (batch.length) yield batch;
  }
}

/** Records that are about the run, not the program: errors, limits and the final status. */
function internal(rec: { type: string; [k: string]: unknown }, state: RunState): boolean {
  switch (rec.type) {
    case 'done':
      state.code = rec.code as number;
      return true;
    case 'limit':
      state.limit ??= rec.what as string;
      return true;
    case 'error': {
      const reason = rec.reason as TraceErrorReason;
      state.error = new TraceError(ERROR_REASONS.has(reason) ? reason : 'tracerDied',
        `${reason}${rec.errno ? ` (${rec.errno})` : ''}`, rec.detail as string | undefined);
      return true;
    }
    case 'exec':
      state.root ??= rec.pid as number;
      return false;
    case 'exit':
      if (rec.pid === state.root && rec.signal !== undefined) state.signal = rec.signal as string;
      return false;
    default:
      return false;
  }
}

/** Which program each process runs: exec sets it, a forked child inherits its parent's. */
function trackExe(exeOf: Map<number, string>, e: { type: string; pid: number; path?: string; parent?: number; thread?: boolean }): void {
  if (e.type === 'exec') exeOf.set(e.pid, e.path!);
  else if (e.type === 'spawn' && !e.thread && exeOf.has(e.parent!)) exeOf.set(e.pid, exeOf.get(e.parent!)!);
}

async function attachSites(batch: TraceEvent[], sites: SiteResolver, exeOf: Map<number, string>): Promise<void> {
  const want: { exe: string; pc: number }[] = [];
  const exeAt: string[] = [];
  batch.forEach((e, i) => {
    trackExe(exeOf, e);
    const exe = e.type === 'syscall' && e.pc !== undefined ? exeOf.get(e.pid) : undefined;
    if (!exe) return;
    exeAt[i] = exe;
    want.push({ exe, pc: (e as SyscallEvent).pc! });
  });
  await sites.resolveAll(want);
  batch.forEach((e, i) => {
    if (e.type !== 'syscall' || e.pc === undefined) return;
    const s = exeAt[i] ? sites.get(exeAt[i], e.pc) : undefined;
    if (s) e.site = s;
    delete e.pc;
  });
}

const SYSCALL = '{"type":"syscall"';
const PC = ',"pc":';
const PID = '"pid":';

/**
 * Lines passed through as text; only exec/spawn/internal records are parsed, and `"pc"` (always the last
 * field the tracer writes) becomes `"site"`. String searches, not regexes or JSON: this runs per event.
 */
async function* readLines(source: net.Socket, state: RunState): AsyncGenerator<string> {
  const sites = new SiteResolver();
  const exeOf = new Map<number, string>();
  const text = new Map<string, Map<number, string>>();  // exe -> pc -> the `,"site":{...}}` to append
  for await (const lines of lineBatches(source)) {
    const out: string[] = [];
    const pending: { at: number; exe: string; pc: number; cut: number }[] = [];
    for (const line of lines) {
      if (!line.startsWith(SYSCALL)) {
        const rec = JSON.parse(line);
        if (internal(rec, state)) continue;
        trackExe(exeOf, rec);
        out.push(line);
        continue;
      }
      const cut = line.lastIndexOf(PC);
      if (cut < 0) {
        out.push(line);
        continue;
      }
      const pc = Number(line.slice(cut + PC.length, -1));
      const exe = exeOf.get(parseInt(line.slice(line.indexOf(PID) + PID.length), 10));
      const known = exe ? text.get(exe)?.get(pc) : '}';
      if (known !== undefined) out.push(line.slice(0, cut) + known);
      else {
        pending.push({ at: out.length, exe: exe!, pc, cut });
        out.push(line);
      }
    }
    if (pending.length) {
      await sites.resolveAll(pending);
      for (const p of pending) {
        const m = text.get(p.exe) ?? text.set(p.exe, new Map()).get(p.exe)!;
        if (!m.has(p.pc)) {
          const site = sites.get(p.exe, p.pc);
          m.set(p.pc, site ? `,"site":${JSON.stringify(site)}}` : '}');
        }
        out[p.at] = out[p.at].slice(0, p.cut) + m.get(p.pc)!;
      }
    }
    if (out.length) yield out.join('\n') + '\n';
  }
}
