// Compiling and starting the graded program: through runner/ (traced) when the native tracer is built and
// allowed, else an untraced stand-in with the same shape, so behaviour checks run either way.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { TraceEvent } from '../common/events';
import { binding } from '../native/index';
import { compile as compileTraced, DEFAULT_FLAGS } from '../runner/compile';
import { startTrace, type TraceLimits } from '../runner/trace';
import { causeOf, type GradedEnd, type StopCause } from './run-end';

/** A graded run's limits: the runner's, less the file size (the grader sets none). */
export type Limits = Omit<TraceLimits, 'fileBytes'>;

export interface StartOptions {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  payload?: number;
  inject?: string[];
  stdin?: 'pipe' | 'ignore';
  limits?: Limits;
  netns?: boolean;
}

export interface TraceRun {
  pid: number;
  events: AsyncIterable<TraceEvent[]>;
  stdout: Readable;
  stderr: Readable;
  stdin?: Writable | null;
  stop(): void;
  done: Promise<GradedEnd>;
  /** the instant the trace's ts count from, in CLOCK_MONOTONIC ns, once the tracer has said (traced runs only) */
  clockZero?(): number | undefined;
}

export interface CompileResult {
  ok: boolean;
  output: string;
  /** not compiled because the lab's files are not in the submission (output says what was found) */
  missingFiles?: boolean;
}

export interface Runner {
  /** true when runs are traced (events arrive); false for the untraced stand-in */
  traced: boolean;
  /** why runs are not traced, for reports */
  why?: string;
  compile(files: string[], opts: { out: string; cwd?: string; flags?: string[] }): Promise<CompileResult>;
  startTrace(opts: StartOptions): TraceRun;
}

/** Whether the native tracer can run here; the reason when it cannot. */
function tracerProblem(): string | undefined {
  if (process.env.SOCKLAB_UNTRACED === '1') return 'tracing turned off (SOCKLAB_UNTRACED=1)';
  try {
    binding();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function tracerAvailable(): boolean {
  return tracerProblem() === undefined;
}

/** The traced runner (runner/) when the tracer is built, else the untraced stand-in. */
export function loadRunner(): Runner {
  const why = tracerProblem();
  if (why) return { traced: false, why, compile: compileUntraced, startTrace: startUntraced };
  return {
    traced: true,
    compile: (files, o) => compileTraced(files, { out: o.out, cwd: o.cwd, flags: o.flags ? [...DEFAULT_FLAGS, ...o.flags] : undefined }),
    startTrace: startTracedRun,
  };
}

/** runner/trace's run in the shape the grader reads: always piped output, stdin closed unless used. */
function startTracedRun(o: StartOptions): TraceRun {
  const { outputBytes, ...raw } = o.limits ?? {};
  const run = startTrace({
    argv: o.argv, cwd: o.cwd, env: o.env, payload: o.payload, inject: o.inject, stdio: 'pipe',
    limits: { ...raw, outputBytes },
  });
  if (o.stdin !== 'pipe') run.stdin?.end();
  return {
    pid: run.pid,
    events: run.events,
    stdout: run.stdout ?? new PassThrough(),
    stderr: run.stderr ?? new PassThrough(),
    stdin: run.stdin,
    stop: () => run.stop(),
    clockZero: () => run.clockZero(),
    done: run.done.then((e): GradedEnd => {
      const cause = causeOf(e);
      return { code: e.signal ? null : e.code, signal: e.signal, ...(cause ? { cause } : {}) };
    }),
  };
}

export async function compileUntraced(
  files: string[], opts: { out: string; cwd?: string; flags?: string[] },
): Promise<CompileResult> {
  const args = ['-g', '-Wall', '-o', opts.out, ...files, ...(opts.flags ?? [])];
  const r = spawnSync(process.env.CC ?? 'cc', args, { cwd: opts.cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { ok: false, output: `cannot run the C compiler: ${r.error.message}` };
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** prlimit(1) arguments for the limits the kernel enforces per process (man 2 setrlimit). */
function prlimitArgs(l: Limits | undefined): string[] {
  if (!l) return [];
  const a: string[] = [];
  if (l.cpuSeconds) a.push(`--cpu=${l.cpuSeconds}`);
  // Address space only as a guard: the traced runner measures resident memory, which prlimit cannot.
  if (l.memoryBytes) a.push(`--as=${Math.max(16 * 2 ** 30, 4 * l.memoryBytes)}`);
  if (l.processes) a.push(`--nproc=${l.processes}`);
  return a;
}

let prlimitPath: string | null | undefined;
function findPrlimit(): string | null {
  if (prlimitPath === undefined) {
    prlimitPath = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => fs.existsSync(p)) ?? null;
  }
  return prlimitPath;
}

/** Runs the program without a tracer, in its own process group so that stop() reaches every child. */
export function startUntraced(opts: StartOptions): TraceRun {
  const limitArgs = prlimitArgs(opts.limits);
  const pl = findPrlimit();
  const [cmd, ...args] = limitArgs.length > 0 && pl ? [pl, ...limitArgs, '--', ...opts.argv] : opts.argv;
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let outBytes = 0;
  let cause: StopCause | undefined;
  const killGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  const count = (chunk: Buffer) => {
    outBytes += chunk.length;
    if (opts.limits?.outputBytes && outBytes > opts.limits.outputBytes && !cause) {
      cause = { kind: 'limit', limit: { what: 'output', value: opts.limits.outputBytes } };
      killGroup('SIGKILL');
    }
  };
  child.stdout?.on('data', count).pipe(stdout);
  child.stderr?.on('data', count).pipe(stderr);
  const wall = opts.limits?.wallMs
    ? setTimeout(() => {
        cause = { kind: 'limit', limit: { what: 'wall', value: opts.limits?.wallMs ?? 0 } };
        killGroup('SIGKILL');
      }, opts.limits.wallMs)
    : undefined;
  const done = new Promise<GradedEnd>((resolve) => {
    child.on('error', (e) => resolve({ code: null, signal: null, cause: { kind: 'notStarted', message: e.message } }));
    child.on('exit', (code, signal) => {
      if (wall) clearTimeout(wall);
      // Children the program forked may outlive it: end the whole group.
      killGroup('SIGKILL');
      resolve({ code, signal, ...(cause ? { cause } : {}) });
    });
  });
  return {
    pid: child.pid ?? -1,
    events: (async function* () {})(),
    stdout,
    stderr,
    stdin: child.stdin,
    stop() {
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 300).unref();
    },
    done,
  };
}
