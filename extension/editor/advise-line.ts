// The diagnostics for one line's calls: one per distinct failure (errno) and a byte-order warning. Pure.
import type { SyscallEvent } from '../../common/events';
import { failureAdvice, portAdvice, type Advice } from './advice';

export function advise(events: readonly SyscallEvent[], name: string, port: number | undefined): Advice[] {
  const out: Advice[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const a = failureAdvice(e, name) ?? portAdvice(e, port);
    if (!a || seen.has(a.code)) continue;
    seen.add(a.code);
    const times = events.filter((x) => (x.errno ?? 'htons') === a.code).length;
    out.push(times > 1 && e.errno ? { ...a, message: `${a.message} (${times} times)` } : a);
  }
  return out;
}
