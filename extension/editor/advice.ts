// The diagnostics at the line of a call, one per distinct failure: what a failed call's errno means there
// (common/teaching), how sure we are (a normal errno or an injected fault is a note), an address length too
// short for its family, and a port written without htons(). Pure.
import type { SyscallEvent } from '../../common/events';
import { NORMAL_ERRNOS } from '../../common/errnos';
import { errnoText } from '../../common/format';
import { clause, errnoAdvice, isSwappedPort, swappedPortAdvice } from '../../common/teaching';
import { isAddr } from '../../common/trace-model';

export type AdviceLevel = 'error' | 'warning' | 'info';

export interface Advice {
  level: AdviceLevel;
  message: string;
  /** a short code shown with the diagnostic, e.g. the errno name */
  code: string;
  /** for a port seen byte-swapped (code `htons`): the port that was meant, for the Quick Fix */
  meantPort?: number;
}

/** The diagnostics for one line's calls: one per distinct failure (errno) and a byte-order warning. */
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

/** The diagnostic for a failed call; undefined when the call did not fail. */
export function failureAdvice(e: SyscallEvent, name = e.name): Advice | undefined {
  // ERESTART* (traces from before `restart`): a call a signal interrupted is no failure (lens-model interrupted)
  if (!e.errno || e.errno.startsWith('ERESTART')) return undefined;
  const text = errnoText(e.errno);
  const head = `${name}() failed with ${e.errno}${text ? ` (${text})` : ''}${e.injected ? ', injected by the tracer' : ''}`;
  const short = e.errno === 'EINVAL' && !e.injected ? shortAddress(e) : undefined;
  if (short) return { level: 'warning', code: 'addrlen', message: `${head}: ${short}` };
  const why = errnoAdvice(e.errno, e.name);
  const level = NORMAL_ERRNOS.has(e.errno) || e.injected ? 'info' : 'warning';
  return { level, code: e.errno, message: why ? `${head}: ${clause(why)}` : `${head}.` };
}

/** The bytes of an address structure per family, as the kernel wants them for bind(), connect() and sendto(). */
const ADDRESS_SIZE: Record<string, { size: number; struct: string }> = {
  AF_INET: { size: 16, struct: 'struct sockaddr_in' },
  AF_INET6: { size: 28, struct: 'struct sockaddr_in6' },
};

/** An address length too short for the socket's family: what it was, what was needed, and the usual cause. */
function shortAddress(e: SyscallEvent): string | undefined {
  if (e.name !== 'bind' && e.name !== 'connect' && e.name !== 'sendto') return undefined;
  const len = e.args.addrlen;
  const addr = e.args.addr ?? e.args.dest_addr;
  const family = e.sock?.family ?? (isAddr(addr) ? addr.family : undefined);
  const want = typeof family === 'string' ? ADDRESS_SIZE[family] : undefined;
  if (typeof len !== 'number' || !want || len >= want.size) return undefined;
  const cause = len === 8
    ? ' 8 is the size of a pointer: the length was written sizeof(&addr) (or sizeof of a pointer) where sizeof(addr) was meant.'
    : ' Give the size of the structure itself, sizeof(addr).';
  return `the address length was ${len} bytes, and a ${want.struct} for ${family} needs ${want.size}.${cause}`;
}

/** bind()/connect() to the byte-swapped form of the port that was meant: htons() was forgotten. */
export function portAdvice(e: SyscallEvent, meantPort: number | undefined): Advice | undefined {
  if (meantPort === undefined || (e.name !== 'bind' && e.name !== 'connect' && e.name !== 'sendto')) return undefined;
  const addr = e.args.addr ?? e.args.dest_addr;
  if (!isAddr(addr) || !('port' in addr) || !isSwappedPort(addr.port, meantPort)) return undefined;
  return { level: 'warning', code: 'htons', message: swappedPortAdvice(e.name, addr.port, meantPort), meantPort };
}
