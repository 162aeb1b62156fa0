// Fault-injection specs, strace-like: NAME:error=ERRNO[:when=W] or NAME:short=BYTES[:when=W], where W is
// N (the Nth call), N+ (the Nth and every one after), N..M, or N+S (from N, every S-th).
import type { RawInject } from '../native/binding';
import { TraceError } from './errors';

// writev and sendmsg are cut in their iovecs (the tracer puts the program's lengths back at the call's exit)
const SHORTABLE = new Set(['read', 'write', 'sendto', 'recvfrom', 'send', 'recv', 'writev', 'sendmsg']);
// libc's send and recv are the kernel's sendto and recvfrom
const KERNEL_NAME: Record<string, string> = { send: 'sendto', recv: 'recvfrom' };

export function parseInject(spec: string): RawInject {
  const parts = spec.split(':');
  const name = KERNEL_NAME[parts[0]] ?? parts[0];
  if (!/^[a-z0-9_]+$/.test(name)) throw new TraceError('badInject', `bad syscall name in --inject ${spec}`);
  const out: RawInject = { name };
  for (const p of parts.slice(1)) {
    const [k, v] = p.split('=', 2);
    if (k === 'error' && v && /^E[A-Z0-9]+$/.test(v)) out.error = v;
    else if (k === 'short' && v && /^\d+$/.test(v)) out.short = Number(v);
    else if (k === 'when' && v) Object.assign(out, parseWhen(v, spec));
    else throw new TraceError('badInject', `cannot read "${p}" in --inject ${spec}`);
  }
  if (out.error === undefined && out.short === undefined) {
    throw new TraceError('badInject', `--inject ${spec} needs error=ERRNO or short=BYTES`);
  }
  if (out.short !== undefined && !SHORTABLE.has(parts[0])) {
    throw new TraceError('badInject', `short= works on read, write, send, recv, sendto, recvfrom, writev and sendmsg, not ${parts[0]}`);
  }
  return out;
}

function parseWhen(w: string, spec: string): Partial<RawInject> {
  let m: RegExpMatchArray | null;
  if ((m = w.match(/^(\d+)$/))) return { first: +m[1], last: +m[1] };
  if ((m = w.match(/^(\d+)\+$/))) return { first: +m[1] };
  if ((m = w.match(/^(\d+)\+(\d+)$/))) return { first: +m[1], step: +m[2] };
  if ((m = w.match(/^(\d+)\.\.(\d+)$/))) return { first: +m[1], last: +m[2] };
  throw new TraceError('badInject', `cannot read when=${w} in --inject ${spec}`);
}
