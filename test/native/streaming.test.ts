// A long trace is written out as it goes: the CLI's memory does not grow with the number of events. A program
// that blocks still shows the calls it made before, with their sites.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import type { SyscallEvent } from '../../common/events';
import { startTrace, type BlockedCall, type TraceOptions, type TraceRun } from '../../runner/trace';
import { CLI, compileC, skipUnlessTracing, tmpDir } from '../helpers/native';

/** Listens on a loopback port and waits in accept() for a client that never comes. */
const BLOCKED_C = `#include <netinet/in.h>
#include <sys/socket.h>
int main(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 1);
    return accept(fd, 0, 0);
}
`;

/** Run the CLI and sample its resident memory until it exits; returns the peak in bytes. */
function peakRss(args: string[]): Promise<{ code: number | null; peak: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    let peak = 0;
    const sample = () => {
      try {
        const m = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, peak });
    });
  });
}

describe('streaming', function () {
  /** Traces BLOCKED_C with `extra` options and hands the run to `body`; the run is stopped after 20 s at most. */
  async function traceBlocked(extra: Partial<TraceOptions>, body: (run: TraceRun) => Promise<void>): Promise<void> {
    const dir = tmpDir();
    const run = startTrace({ argv: [compileC(BLOCKED_C, dir, 'blocked')], cwd: dir, stdio: 'pipe', ...extra });
    // bounds the wait: stopping ends the events, and what came by then is checked
    const bound = setTimeout(() => run.stop(), 20_000);
    try {
      await body(run);
    } finally {
      clearTimeout(bound);
      run.stop();
      await run.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a program blocked in accept(): the calls before it arrive with their sites while it waits', async function () {
    skipUnlessTracing(this);
    await traceBlocked({}, async (run) => {
      const seen: SyscallEvent[] = [];
      // the program never returns from accept(): only the tracer's timer tick can send these out
      for await (const batch of run.events) {
        for (const e of batch) if (e.type === 'syscall') seen.push(e);
        if (seen.some((e) => e.name === 'listen')) break;
      }
      assert.deepEqual(seen.map((e) => [e.name, e.site?.line]), [['socket', 5], ['bind', 7], ['listen', 8]]);
    });
  });

  it('says when its clock began, so a caller can put its own moments on the trace\'s clock', async function () {
    skipUnlessTracing(this);
    const asked = process.hrtime.bigint();
    await traceBlocked({}, async (run) => {
      for await (const batch of run.events) if (batch.some((e) => e.type === 'syscall' && e.name === 'listen')) break;
      const now = process.hrtime.bigint();
      const zero = run.clockZero();
      assert.ok(zero !== undefined, 'no clock record by the time the events came');
      // the tracer process starts its clock after it was asked for, and before it traces anything
      assert.ok(BigInt(Math.round(zero)) >= asked - 1000n && BigInt(Math.round(zero)) <= now, `${zero} not within ${asked}..${now}`);
    });
  });

  it('a call that keeps waiting is told while it waits, with its call site', async function () {
    skipUnlessTracing(this);
    let resolveBlocked!: (b: BlockedCall) => void;
    const blocked = new Promise<BlockedCall>((r) => (resolveBlocked = r));
    await traceBlocked({ onBlocked: resolveBlocked }, async (run) => {
      const drain = (async () => { for await (const _ of run.events) { /* read on */ } })();
      const b = await Promise.race([blocked, run.done.then(() => undefined)]);
      assert.ok(b, 'no blocked call was told before the run ended');
      assert.strictEqual(b.name, 'accept');
      assert.notStrictEqual(b.pid, run.pid, "the program's pid, not the tracer's");
      assert.deepStrictEqual([b.site?.line, b.site?.function], [9, 'main']);
      run.stop();
      await drain;
    });
  });

  it('200k events: the trace file grows, the CLI does not', async function () {
    skipUnlessTracing(this);
    const dir = tmpDir();
    const prog = compileC('many.c', dir, 'many');
    const out = path.join(dir, 'trace.jsonl');
    const small = await peakRss(['trace', '--format', 'jsonl', '--out', out, '--', prog, '500']);
    const big = await peakRss(['trace', '--format', 'jsonl', '--out', out, '--', prog, '100000']);
    assert.strictEqual(big.code, 0);
    const size = fs.statSync(out).size;
    const lines = fs.readFileSync(out, 'utf8').split('\n').length - 1;
    assert.ok(lines >= 200000, `${lines} events`);
    // holding the trace would take more than its size; streaming keeps the peak within a fraction of it
    assert.ok(big.peak - small.peak < size / 2, `peak grew by ${(big.peak - small.peak) >> 20} MiB for a ${size >> 20} MiB trace`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
