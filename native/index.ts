// Typed access to the native tracer: loads the addon, checks the platform, starts a tracer process.
import * as path from 'path';
import * as fs from 'fs';
import type { RawBinding, RawStartOptions, RawStarted } from './binding';
import { TraceError } from '../runner/errors';

export type { RawInject, RawLimits, RawStartOptions, RawStarted } from './binding';

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
