// Typed access to the native tracer: loads the addon, checks the platform, starts a tracer process.
import * as path from 'path';
import * as fs from 'fs';
import * as net from 'net';
import type { RawBinding, RawProbeResult, RawStartOptions, RawStarted } from './binding';
import { TraceError } from '../common/errors';

export type { RawInject, RawLimits, RawProbeCheck, RawProbeResult, RawStartOptions, RawStarted } from './binding';

let cached: RawBinding | undefined;

/** Where the built addon lives, from the bundle in dist/ or from the sources. */
function addonPath(): string {
  const candidates = [
    path.join(__dirname, '..', 'native', 'build', 'Release', 'socklab.node'),
    path.join(__dirname, 'build', 'Release', 'socklab.node'),
  ];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

export function binding(): RawBinding {
  if (cached) return cached;
  if (process.platform !== 'linux') {
    throw new TraceError('notLinux', `tracing runs on Linux; this is ${process.platform}`);
  }
  if (process.arch !== 'x64') throw new TraceError('notLinux', `tracing needs x86_64; this is ${process.arch}`);
  const file = addonPath();
  if (!fs.existsSync(file)) throw new TraceError('addonMissing', `the native tracer is not built (${file})`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const b = require(file) as RawBinding;
  if (b.unsupported) throw new TraceError('notLinux', b.unsupported);
  cached = b;
  return b;
}

export function startTracer(o: RawStartOptions): RawStarted {
  return binding().start(o);
}

/**
 * Runs the capability probe (native/src/probe.cc) in its own process, without blocking the event loop.
 * The probe bounds itself (5 s); past `timeoutMs` its process is killed and this rejects.
 */
export function probeMachine(timeoutMs = 15_000): Promise<RawProbeResult> {
  const b = binding();
  const started = b.probe();
  const pipe = new net.Socket({ fd: started.fd, readable: true, writable: false });
  return new Promise((resolve, reject) => {
    let text = '';
    let settled = false;
    const timer = setTimeout(() => {
      b.signal(started.pid, 9);
      finish(new Error(`the probe did not answer in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      pipe.destroy();
      reapLater(started.pid);
      if (err) return reject(err);
      try {
        resolve(JSON.parse(text) as RawProbeResult);
      } catch {
        reject(new Error(`the probe ended without a result${text ? `: ${text.slice(0, 200)}` : ''}`));
      }
    };
    pipe.setEncoding('utf8');
    pipe.on('data', (d: string) => { text += d; });
    pipe.on('error', (e) => finish(e));
    pipe.on('close', () => finish());
  });
}

/** Reaps an ended child by pid without blocking (it exits right after writing its result). */
function reapLater(pid: number, tries = 0): void {
  if (binding().reap(pid) !== null || tries > 2000) return;
  setTimeout(() => reapLater(pid, tries + 1), 5).unref();
}
