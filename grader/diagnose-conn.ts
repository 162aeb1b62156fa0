// The diagnosis of a failed step from the history of the one connection it failed on (the grader's ports
// find it in the trace): the call that sent the wrong bytes, the close() that ended it early with the reads
// before it, a call blocked on a socket left blocking in a program that waits with poll; and, when the
// program ended by itself, its last calls.
import type { ExitEvent, SyscallEvent, TraceEvent } from '../common/events';
import { restartOf } from '../common/events';
import { COUNTED_SEND_CALLS, RECV_CALLS, WAIT_CALLS } from '../common/syscalls';
import type { SourceHint } from './hints';
import type { FailureFacts } from './peer-io';
import { at, fdOf, renderCall, sentBytes } from './trace-match';

export interface Pointed {
  text: string;
  blame?: SyscallEvent;
  hints?: SourceHint[];
}

type Conn = NonNullable<FailureFacts['conn']>;

function portOf(a: unknown): number | undefined {
  return a && typeof a === 'object' && 'port' in a && typeof a.port === 'number' ? a.port : undefined;
}

/** The program's calls on the grader's connection: matched by its two ports, then by the socket's inode. */
export function connectionCalls(calls: SyscallEvent[], conn: Conn | undefined): SyscallEvent[] {
  if (!conn) return [];
  const mine = (s: SyscallEvent['sock']) => !!s && portOf(s.local) === conn.remote && portOf(s.peer) === conn.local;
  const first = calls.find((c) => mine(c.sock) || mine(c.newsock));
  const inode = first && (mine(first.sock) ? first.sock?.inode : first.newsock?.inode);
  if (inode === undefined) return [];
  return calls.filter((c) => c.sock?.inode === inode || c.newsock?.inode === inode);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The send that carried the bytes a failure is about: the one whose bytes hold `about`, else the first or last. */
function sendAbout(sends: SyscallEvent[], about: string | undefined, first: boolean): SyscallEvent | undefined {
  const text = (e: SyscallEvent) => Buffer.from(sentBytes(e).hex ?? '', 'hex').toString('latin1').toLowerCase();
  const a = about && about.length >= 2 ? about.toLowerCase() : undefined;
  return (a ? sends.find((e) => text(e).includes(a)) : undefined) ?? (first ? sends[0] : sends[sends.length - 1]);
}

/**
 * What the connection's history says: for an HTTP response or wrong bytes, the send that carried them (and
 * where they were built); for a connection the program closed too early, its close() and the reads before it.
 */
export function fromConnection(calls: SyscallEvent[], what: string, detail: FailureFacts | undefined, failedAt?: number): Pointed | undefined {
  const on = connectionCalls(calls, detail?.conn).filter((c) => failedAt === undefined || c.ts <= failedAt);
  if (on.length === 0) return undefined;
  const sends = on.filter((c) => COUNTED_SEND_CALLS.has(c.name) && c.ret !== null && c.ret > 0);
  // bytes that came wrong, or only in part: the send that carried them
  if (what === 'http' || what === 'wrong-reply' || (what === 'no-reply' && (detail?.received ?? 0) > 0)) {
    const sent = sendAbout(sends, detail?.about, what === 'http');
    if (!sent) return undefined;
    return {
      text: what === 'http' ? `The trace shows the response sent by ${renderCall(sent)}${at(sent)}.` : '',
      blame: sent, hints: [{ kind: 'sent', ev: sent, about: detail?.about }],
    };
  }
  if (what !== 'closed') return undefined;
  // a forked child's copy keeps the connection open: it ends with the last close() of any copy
  const close = on.filter((c) => (c.name === 'close' || c.name === 'shutdown') && c.ret === 0).pop();
  if (!close) return undefined;
  const reads = on.filter((c) => RECV_CALLS.has(c.name) && c.seq < close.seq && c.ret !== null && c.ret > 0);
  const hints: SourceHint[] = [];
  const lastRead = reads[reads.length - 1];
  if (lastRead) hints.push({ kind: 'call', ev: lastRead, note: `the last of ${plural(reads.length, 'read')} from this connection before ${close.name}()${at(close)}` });
  if (lastRead) hints.push({ kind: 'after', ev: lastRead });
  const lastSend = sends.filter((c) => c.seq < close.seq).pop();
  if (lastSend) hints.push({ kind: 'sent', ev: lastSend });
  const readSaid = lastRead ? ` after reading from it ${reads.length === 1 ? 'once' : `${reads.length} times`} (last: ${renderCall(lastRead)}${at(lastRead)})` : ' without reading from it';
  return { text: `The program closed the connection with ${renderCall(close)}${at(close)}${readSaid}.`, blame: close, hints };
}

/** The process the grader started: the first in the trace that no other made. */
function rootPid(events: TraceEvent[]): number | undefined {
  const made = new Set(events.filter((e) => e.type === 'spawn' && !e.thread).map((e) => e.pid));
  return events.find((e) => !made.has(e.pid))?.pid;
}

/** The started process ended by itself: its last calls, and for a call it gave up on, the loop that did not retry. */
export function endedBy(events: TraceEvent[], calls: SyscallEvent[]): Pointed | undefined {
  const root = rootPid(events);
  const exit = events.find((e): e is ExitEvent => e.type === 'exit' && e.pid === root && (e.tid === undefined || e.tid === e.pid));
  if (root === undefined || !exit || exit.code === undefined) return undefined;
  const last = calls.filter((c) => c.pid === root && c.ts <= exit.ts).slice(-3);
  if (last.length === 0) return undefined;
  // a close() is the tidying up on the way out; the call before it is what made the program stop
  const telling = [...last].reverse().find((c) => c.name !== 'close' && c.name !== 'shutdown') ?? last[last.length - 1];
  const hints: SourceHint[] = [{ kind: 'after', ev: telling },
    ...last.filter((c) => c.seq > telling.seq).map((c): SourceHint => ({ kind: 'call', ev: c, note: `${renderCall(c)}, and then the program exited` }))];
  const interrupted = restartOf(telling) ? ` A signal interrupted ${telling.name}(): without SA_RESTART it fails with EINTR, which means "call it again", not an error.` : '';
  return {
    text: `Before it exited with status ${exit.code}, its last calls were: ${last.map((c) => `${renderCall(c)}${at(c)}`).join('; ')}.${interrupted}`,
    blame: telling, hints,
  };
}

/** A call the program gave up on after one try: the loop around it in the source is the one that did not retry. */
export function gaveUp(events: TraceEvent[], calls: SyscallEvent[], failed: SyscallEvent): SourceHint | undefined {
  const exit = events.find((e) => e.type === 'exit' && e.pid === failed.pid && e.code !== undefined && e.ts >= failed.ts);
  if (!exit || !failed.site) return undefined;
  const tries = calls.filter((c) => c.pid === failed.pid && c.name === failed.name && c.site?.line === failed.site?.line).length;
  return { kind: 'loop', ev: failed, note: `the loop around ${failed.name}() made ${plural(tries, 'attempt')}, and then the program gave up` };
}

/** Does the fd still block at `ev` (no O_NONBLOCK from socket(), accept4() or fcntl() before it)? */
function blocking(calls: SyscallEvent[], ev: SyscallEvent, fd: number): boolean {
  for (const c of calls) {
    if (c.seq >= ev.seq || c.pid !== ev.pid) continue;
    const made = (c.name === 'socket' || c.name === 'accept4' || c.name === 'accept') && c.ret === fd;
    if (made) {
      const flags = String(c.args.type ?? c.args.flags ?? '');
      if (flags.includes('SOCK_NONBLOCK')) return false;
    }
    if (fdOf(c) === fd && c.name === 'fcntl' && c.args.cmd === 'F_SETFL' && String(c.args.arg).includes('O_NONBLOCK')) return false;
  }
  return true;
}

/**
 * A program that waits with poll/epoll/select but was blocked in another call on a blocking socket: where that
 * socket became what it is (its listen(), accept() or connect()), left blocking.
 */
export function blockedOnBlocking(calls: SyscallEvent[], blocked: SyscallEvent | undefined): SourceHint | undefined {
  const fd = blocked ? fdOf(blocked) : undefined;
  if (!blocked || fd === undefined || WAIT_CALLS.has(blocked.name)) return undefined;
  if (!calls.some((c) => c.pid === blocked.pid && WAIT_CALLS.has(c.name))) return undefined;
  if (!blocking(calls, blocked, fd)) return undefined;
  const made = calls.filter((c) => c.pid === blocked.pid && c.seq < blocked.seq && c.ret !== -1
    && ((c.name === 'listen' && fdOf(c) === fd) || (['accept', 'accept4'].includes(c.name) && c.ret === fd) || (c.name === 'connect' && fdOf(c) === fd))).pop();
  if (!made) return undefined;
  const what = made.name === 'listen' ? 'a listening socket' : made.name === 'connect' ? 'a connected socket' : 'an accepted connection';
  return { kind: 'call', ev: made, note: `${made.name}() made fd ${fd} ${what} here, and it was left blocking: ${blocked.name}() on it waits instead of returning EAGAIN` };
}

/** The call the program kept making in the second before the step failed: a loop that spins instead of serving. */
export function repeating(calls: SyscallEvent[], failedAt: number | undefined): Pointed | undefined {
  if (failedAt === undefined) return undefined;
  const recent = calls.filter((c) => c.ts <= failedAt && c.ts >= failedAt - 1e9);
  const counts = new Map<string, { ev: SyscallEvent; n: number }>();
  for (const c of recent) {
    const key = [c.pid, c.name, fdOf(c), c.ret, c.errno, c.site?.line].join('|');
    const k = counts.get(key);
    if (k) k.n++;
    else counts.set(key, { ev: c, n: 1 });
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  // a loop waiting on poll() makes tens of calls a second at most; a spinning one, hundreds
  if (!top || top.n < 50 || top.n * 2 < recent.length) return undefined;
  return {
    text: `In the second before, it made ${renderCall(top.ev)}${at(top.ev)} ${top.n} times: a loop that calls it again at once keeps the program busy with one thing.`,
    blame: top.ev, hints: [{ kind: 'after', ev: top.ev }],
  };
}

/**
 * A program still running when it should have ended, blocked reading one end of a socketpair whose other end
 * it still holds itself: the read's end of stream never comes. Where that pair was made, and the process's
 * first call after fork(), before which it should have closed the end it does not use.
 */
export function heldOtherEnd(events: TraceEvent[], calls: SyscallEvent[], failedAt: number | undefined): Pointed | undefined {
  const blocked = calls.filter((c) => RECV_CALLS.has(c.name) && (c.ret === null || (failedAt !== undefined && c.ts <= failedAt && c.ts + c.dur > failedAt))).pop();
  const fd = blocked && fdOf(blocked);
  if (!blocked || fd === undefined) return undefined;
  const pid = blocked.pid;
  const spawn = events.find((e) => e.type === 'spawn' && !e.thread && e.parent === pid);
  const pair = calls.filter((c) => c.name === 'socketpair' && c.pid === pid && c.ret === 0 && Array.isArray(c.args.sv) && c.args.sv.includes(fd)).pop();
  const other = pair && (pair.args.sv as number[]).find((x) => x !== fd);
  if (!pair || other === undefined || calls.some((c) => c.pid === pid && c.seq > pair.seq && c.name === 'close' && c.args.fd === other)) return undefined;
  const hints: SourceHint[] = [{ kind: 'call', ev: pair, note: `${renderCall(pair)} made fds ${fd} and ${other}; fd ${other} is still open in this process` }];
  const first = spawn && calls.find((c) => c.pid === pid && c.ts > spawn.ts);
  if (first) {
    const note = `the first call after fork() in this process: close fd ${other}, the end it does not use, before it`;
    hints.push({ kind: 'caller', ev: first, note: `{fn} is called here, ${note}`, otherwise: note, inChild: false });
  }
  return {
    text: `At that moment it was blocked in ${blocked.name}(${fd}, ...)${at(blocked)}: fd ${fd} is one end of ${renderCall(pair)}${at(pair)}, ` +
      `and this process still has the other end, fd ${other}, open, so the end of stream never comes.`,
    blame: blocked.site ? blocked : pair, hints,
  };
}
