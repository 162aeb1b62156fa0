// When a behaviour check fails, the trace usually says why: a failed call, a fatal signal, a short write,
// or the calls the program made last. This turns that into a sentence naming the source line.
import type { SignalEvent, SyscallEvent, TraceEvent } from '../common/events';
import { signalLimitSentence } from './limits';
import type { PeerFailure } from './peer';
import type { Limits } from './run-adapter';
import { at, fdOf, isSocketFdCall, renderBlocked, renderCall, renderValue } from './trace-match';
import { COUNTED_SEND_CALLS, SOCKET_CALLS } from '../common/syscalls';
import { NOT_YET_ERRNOS } from '../common/errnos';
import { errnoAdvice } from '../common/teaching';
import { blockedOnBlocking, endedBy, fromConnection, gaveUp, heldOtherEnd, repeating } from './diagnose-conn';
import type { SourceHint } from './hints';
import { oneAtATime } from './one-at-a-time';

function syscalls(events: TraceEvent[]): SyscallEvent[] {
  return events
    .filter((e): e is SyscallEvent => e.type === 'syscall' && SOCKET_CALLS.has(e.name) && isSocketFdCall(e))
    .sort((a, b) => a.seq - b.seq);
}

export interface Diagnosis {
  /** one or two sentences, or '' when the trace adds nothing (or there is none) */
  text: string;
  /** the call the sentences are about */
  blame?: SyscallEvent;
  /** its argument that is likely wrong, as the trace names it ("addr.port", "addrlen") */
  arg?: string;
  /** more of the student's code it is about, answered from the source */
  hints?: SourceHint[];
}

/** The argument a failed call's errno points at. */
const SUSPECT: Record<string, string> = {
  'connect:ECONNREFUSED': 'addr.port', 'bind:EADDRINUSE': 'addr.port', 'bind:EACCES': 'addr.port', 'bind:EINVAL': 'addrlen',
  'connect:EINVAL': 'addrlen', 'sendto:EINVAL': 'addrlen', '*:EAFNOSUPPORT': 'addr.family', 'connect:ENOENT': 'addr.path',
  'bind:ENOENT': 'addr.path', 'sendto:ECONNREFUSED': 'dest_addr.port', 'bind:EADDRINUSE:AF_UNIX': 'addr.path',
};

/**
 * The program was not where the grader looked (another port or address, an abstract name with NUL bytes, an
 * IPv6 socket that turns IPv4 away): the call that put it there, and its argument that did.
 */
function boundWrong(calls: SyscallEvent[], failure: PeerFailure): Diagnosis | undefined {
  if (failure.what !== 'other' && failure.what !== 'refused') return undefined;
  const m = failure.message;
  if (/IPV6_V6ONLY/.test(m)) {
    const set = calls.find((c) => c.name === 'setsockopt' && c.args.optname === 'IPV6_V6ONLY');
    if (set) return { text: `The trace shows ${renderCall(set)}${at(set)}.`, blame: set, arg: 'optval' };
  }
  if (!/instead|listens on|bound to|NUL bytes|htons/.test(m)) return undefined;
  const bind = calls.filter((c) => c.name === 'bind' && c.ret === 0).pop();
  if (!bind) return undefined;
  const addr = bind.args.addr;
  const unix = addr !== null && typeof addr === 'object' && 'family' in addr && addr.family === 'AF_UNIX';
  const arg = /NUL bytes/.test(m) ? 'addrlen' : unix ? 'addr.path'
    : /htons|swapped/.test(m) ? 'addr.port' : /\[::1\]|127\.0\.0\.1|::|address/.test(m) ? 'addr.addr' : 'addr.port';
  if (m.includes(at(bind).trim())) return { text: '', blame: bind, arg };
  return { text: `The program bound its socket with ${renderCall(bind)}${at(bind)}.`, blame: bind, arg };
}

/** The connection the grader waited to see closed: the accepted socket (of the last process to hold it) never closed. */
function leftOpen(calls: SyscallEvent[], failedAt: number | undefined): Diagnosis | undefined {
  const by = failedAt === undefined ? calls : calls.filter((c) => c.ts <= failedAt);
  const accepted = by.filter((c) => (c.name === 'accept' || c.name === 'accept4') && c.ret !== null && c.ret >= 0);
  for (const a of accepted.reverse()) {
    const closedAfter = by.some((c) => c.pid === a.pid && c.seq > a.seq && c.name === 'close' && c.args.fd === a.ret);
    if (!closedAfter) {
      // the last use of the fd is where its close() belongs
      const used = by.filter((c) => c.pid === a.pid && c.seq > a.seq && fdOf(c) === a.ret).pop();
      const hints: SourceHint[] = used ? [{ kind: 'call', ev: used, note: `the last call on fd ${a.ret}: close it once the program is done with it` }] : [];
      return { text: `The trace shows ${renderCall(a)}${at(a)}, and that process never closed fd ${a.ret}: the client sees the end of the stream only when every copy of it is closed.`, blame: a, arg: '@end', hints };
    }
  }
  return undefined;
}

/** A datagram that came back shorter than sent: the receive that filled its whole buffer cut it. */
function truncated(calls: SyscallEvent[], failure: PeerFailure): Diagnosis | undefined {
  if (!/bytes instead of/.test(failure.message)) return undefined;
  const full = calls.find((c) => ['recvfrom', 'recvmsg', 'read'].includes(c.name) && typeof c.args.len === 'number' && c.ret === c.args.len);
  if (!full) return undefined;
  return {
    text: `The trace shows ${renderCall(full)}${at(full)}: the datagram filled the whole ${full.args.len}-byte buffer, and the kernel dropped the rest of it. Use a buffer as big as the largest datagram (64 KiB holds any).`,
    blame: full, arg: 'len',
  };
}

function familyOf(ev: SyscallEvent): string {
  const a = ev.args.addr;
  return a !== null && typeof a === 'object' && 'family' in a ? String(a.family) : '';
}

/** The unsent bytes of a short write next to what the next write on that socket sent: where they first differ. */
function followUp(short: SyscallEvent, calls: SyscallEvent[]): string {
  const fd = short.args.sockfd ?? short.args.fd;
  const next = calls.find((c) => c.seq > short.seq && c.pid === short.pid && ['write', 'sendto'].includes(c.name) && (c.args.sockfd ?? c.args.fd) === fd);
  if (!next) return 'only part of the data was sent, and the rest never followed.';
  const hex = (e: SyscallEvent) => {
    const b = e.args.buf;
    return b && typeof b === 'object' && 'hex' in b && typeof b.hex === 'string' ? Buffer.from(b.hex, 'hex') : undefined;
  };
  const all = hex(short);
  const got = hex(next);
  const rest = all && short.ret !== null ? all.subarray(short.ret) : undefined;
  const then = `only part of the data was sent; the next ${next.name}()${at(next)} sent ${renderValue(next.args.buf)}`;
  if (!rest || !got) return `${then}, not the rest.`;
  const n = Math.min(rest.length, got.length);
  let i = 0;
  while (i < n && rest[i] === got[i]) i++;
  if (i === n) return `${then}, which is the rest${got.length < rest.length ? ` only in part (${got.length} of ${rest.length} bytes)` : ''}.`;
  return `${then}: its byte ${i} is ${byte(got[i])}, where the rest of the data has ${byte(rest[i])} (it sent again from the start?).`;
}

/** A byte as a student reads it: 'a' (0x61), or just 0x0a for one that does not print. */
export function byte(b: number): string {
  const hexed = `0x${b.toString(16).padStart(2, '0')}`;
  return b >= 0x20 && b < 0x7f ? `${JSON.stringify(String.fromCharCode(b))} (${hexed})` : hexed;
}

/** The calls as they stood when the step failed: made by then, and marked when the program was blocked in one. */
function atFailure(calls: SyscallEvent[], failedAt: number | undefined): { ev: SyscallEvent; said: string; blocked: boolean }[] {
  const by = failedAt === undefined ? calls : calls.filter((c) => c.ts <= failedAt);
  const blocked = (c: SyscallEvent) => failedAt !== undefined && (c.ret === null || c.ts + c.dur > failedAt);
  const shown = by.slice(-3);
  // a call the program was still blocked in is what it was doing: keep it even when older than the last three
  for (const c of by) if (blocked(c) && !shown.includes(c)) shown.unshift(c);
  return shown.slice(-4).map((c) => ({
    ev: c, blocked: blocked(c), said: `${blocked(c) ? `${renderBlocked(c)} (blocked in it then)` : renderCall(c)}${at(c)}`,
  }));
}

/** `failedAt`: when the step failed, in the trace's clock (ns since it began), so later cleanup is left out. */
export function diagnose(events: TraceEvent[], failure: PeerFailure, limits?: Limits, failedAt?: number): Diagnosis {
  if (events.length === 0) return { text: '' };
  // a process the kernel stopped at a per-process limit (CPU time, file size) explains what followed
  const limited = signalLimitSentence(events, limits);
  if (limited) return limited;
  const calls = syscalls(events);
  // what came after the grader saw the step fail (its connections closing, the program reacting) is no cause
  const byThen = (ts: number) => failedAt === undefined || ts <= failedAt;
  const fatal = events.find((e): e is SignalEvent => e.type === 'signal' && byThen(e.ts) && ['SIGPIPE', 'SIGSEGV', 'SIGBUS', 'SIGABRT'].includes(e.signal));
  if (fatal) {
    const before = calls.filter((c) => c.ts <= fatal.ts && c.pid === fatal.pid).pop();
    const pipe = fatal.signal === 'SIGPIPE'
      ? ' Writing to a connection the peer has closed raises SIGPIPE, which ends the process: send with MSG_NOSIGNAL (or ignore SIGPIPE) and handle EPIPE.'
      : '';
    const text = `The trace shows ${fatal.signal} delivered${before ? ` during ${renderCall(before)}${at(before)}` : ''}.${pipe}`;
    // a call that failed earlier in that process, and that the program went on past, is where it went wrong
    const unchecked = calls.find((c) => c.pid === fatal.pid && c.ts <= fatal.ts && c.ret === -1 && !NOT_YET_ERRNOS.has(c.errno ?? '') && c !== before);
    if (unchecked) {
      return { text: `${text} Before that, ${renderCall(unchecked)}${at(unchecked)} failed and the program went on: check what it returns.`, blame: unchecked };
    }
    return { text, blame: before };
  }
  const failed = calls.find((c) => c.ret === -1 && byThen(c.ts) && !NOT_YET_ERRNOS.has(c.errno ?? ''));
  if (failed) {
    const advice = errnoAdvice(failed.errno ?? '', failed.name);
    const gave = gaveUp(events, calls, failed);
    return {
      text: `The trace shows ${renderCall(failed)}${at(failed)}` +
        `${failed.injected ? ' — a fault the grader injected on purpose, which the program must survive' : ''}.` +
        (advice && !failed.injected ? ` ${advice}` : ''),
      blame: failed,
      arg: SUSPECT[`${failed.name}:${failed.errno}:${familyOf(failed)}`] ?? SUSPECT[`${failed.name}:${failed.errno}`] ?? SUSPECT[`*:${failed.errno}`],
      hints: gave ? [gave] : undefined,
    };
  }
  const cut = truncated(calls, failure);
  if (cut) return cut;
  const open = failure.what === 'not-closed' ? leftOpen(calls, failedAt) : undefined;
  if (open) return open;
  const bound = boundWrong(calls, failure);
  if (bound) return bound;
  const short = calls.find((c) => COUNTED_SEND_CALLS.has(c.name) && c.injected !== undefined && c.ret !== null && c.ret >= 0);
  if (short) return { text: `The trace shows ${renderCall(short)}${at(short)}: ${followUp(short, calls)}`, blame: short };
  const conn = fromConnection(calls, failure.what, failure.facts, failedAt);
  if (conn && failure.what === 'http') return conn;
  if (failure.what === 'other' || failure.what === 'refused') {
    const ended = endedBy(events, calls);
    if (ended) return ended;
    const held = heldOtherEnd(events, calls, failedAt);
    if (held) return held;
  }
  if (failure.what === 'no-reply' || failure.what === 'wrong-reply' || failure.what === 'closed' || failure.what === 'http') {
    const shown = atFailure(calls, failedAt);
    if (shown.length === 0) return { text: 'The trace shows no socket calls at all.' };
    const sited = shown.filter((s) => s.ev.site);
    const served = conn ? undefined : oneAtATime(events, calls, failure.facts.clients, failedAt);
    if (served) return served;
    const listed = `At that moment, the program's last socket calls were: ${shown.map((s) => s.said).join('; ')}.`;
    if (conn) return { text: [listed, conn.text].filter(Boolean).join(' '), blame: conn.blame, hints: conn.hints };
    const spin = repeating(calls, failedAt);
    if (spin) return { text: `${listed} ${spin.text}`, blame: spin.blame, hints: spin.hints };
    const blocked = shown.filter((s) => s.blocked).pop();
    const hint = blockedOnBlocking(calls, blocked?.ev);
    return { text: listed, blame: (sited[sited.length - 1] ?? shown[shown.length - 1]).ev, hints: hint ? [hint] : undefined };
  }
  return { text: '' };
}
