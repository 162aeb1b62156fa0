// `socklab trace` and `socklab run`: trace a program (compiling it first for run) and stream the trace.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Writable } from 'stream';
import type { TraceEvent } from '../common/events';
import { formatEvent } from '../common/format';
import { compile } from '../runner/compile';
import { TraceError } from '../common/errors';
import { startTrace, type TraceRun } from '../runner/trace';
import { parseTraceArgs, RUN_USAGE, TRACE_USAGE, UsageError, type TraceArgs } from './args';
import { explain } from './messages';

export async function traceCommand(argv: string[]): Promise<number> {
  const a = parseOr2(argv, 'trace');
  if (typeof a === 'number') return a;
  if (a.help) return help(TRACE_USAGE);
  if (a.rest.length === 0) return usage('socklab trace needs a program to run', TRACE_USAGE);
  return traceProgram(a.rest, a);
}

export async function runCommand(argv: string[]): Promise<number> {
  const a = parseOr2(argv, 'run');
  if (typeof a === 'number') return a;
  if (a.help) return help(RUN_USAGE);
  if (a.files.length === 0) return usage('socklab run needs at least one C or C++ file', RUN_USAGE);
  for (const f of a.files) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`socklab: ${f}: no such file\n`);
      return 1;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-'));
  const exe = path.join(dir, path.parse(a.files[0]).name || 'program');
  try {
    const r = await compile(a.files.map((f) => path.resolve(f)), { out: exe, compiler: a.cc, cxx: a.cxx, color: process.stderr.isTTY });
    if (r.output) process.stderr.write(r.output);
    if (!r.ok) return 1;
    return await traceProgram([exe, ...a.rest], a);
  } catch (e) {
    if (TraceError.is(e)) {
      process.stderr.write(explain(e) + '\n');
      return 1;
    }
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parseOr2(argv: string[], mode: 'trace' | 'run'): TraceArgs | number {
  try {
    return parseTraceArgs(argv, mode);
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message, mode === 'trace' ? TRACE_USAGE : RUN_USAGE);
    throw e;
  }
}

function help(text: string): number {
  process.stdout.write(text);
  return 0;
}

function usage(msg: string, text: string): number {
  process.stderr.write(`socklab: ${msg}\n\n${text}`);
  return 2;
}

async function traceProgram(program: string[], a: TraceArgs): Promise<number> {
  let run: TraceRun | undefined;
  // SIGINT or SIGTERM to socklab ends the whole traced tree, then socklab exits as the program did
  let interrupted = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted = sig === 'SIGINT' ? 130 : 143;
    run?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // JSONL is written by the tracer itself, straight into the file (or stderr): no per-event work here
  const direct = a.format === 'jsonl';
  let fd: number | undefined;
  try {
    if (direct) fd = a.out ? fs.openSync(a.out, 'w') : 2;
    run = startTrace({
      argv: program, payload: a.payload, inject: a.inject, sites: a.sites, stdio: 'inherit', out: fd,
      limits: a.timeoutSec ? { wallMs: Math.round(a.timeoutSec * 1000) } : undefined,
    });
  } catch (e) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (fd !== undefined && fd !== 2) fs.closeSync(fd);
    if (TraceError.is(e)) {
      process.stderr.write(explain(e, program[0]) + '\n');
      return TraceError.is(e, 'badInject') ? 2 : 1;
    }
    if ((e as NodeJS.ErrnoException).syscall === 'open') {
      process.stderr.write(`socklab: cannot write ${a.out}: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
  // the handlers are on before the program starts: it may print (and be signalled) before startTrace returns
  if (interrupted) run.stop();
  if (!direct) {
    const out: Writable = a.out ? fs.createWriteStream(a.out) : process.stderr;
    try {
      await write(asText(run.events), out);
    } finally {
      if (a.out) await new Promise((r) => (out as fs.WriteStream).end(r));
    }
  }
  const end = await run.done;
  if (fd !== undefined && fd !== 2) fs.closeSync(fd);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (end.error) {
    process.stderr.write(explain(end.error, program[0]) + '\n');
    return TraceError.is(end.error, 'notFound') || TraceError.is(end.error, 'notExecutable') ? 127 : 1;
  }
  if (end.limit?.what === 'wall') process.stderr.write(`socklab: stopped the program after ${a.timeoutSec} s (--timeout)\n`);
  if (interrupted) return interrupted;
  return end.code;
}

async function write(texts: AsyncIterable<string>, out: Writable): Promise<void> {
  for await (const text of texts) if (!out.write(text)) await new Promise((r) => out.once('drain', r));
}

/** The strace-like text of each batch; pids shown once a second process or thread appears, as strace -f does. */
async function* asText(events: AsyncIterable<TraceEvent[]>): AsyncGenerator<string> {
  let many = false;
  let first: number | undefined;
  for await (const batch of events) {
    let text = '';
    for (const e of batch) {
      first ??= e.pid;
      if (e.type === 'spawn' || e.pid !== first) many = true;
      text += formatEvent(e, many) + '\n';
    }
    yield text;
  }
}
