// A long trace is written out as it goes: the CLI's memory does not grow with the number of events.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { CLI, compileC, skipUnlessTracing, tmpDir } from '../helpers/native';

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
