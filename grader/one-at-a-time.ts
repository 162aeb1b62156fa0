// A step with many clients connected at once failed, and the trace says why: the program had one flow of
// control (one process, no thread, no poll() or select()) and was busy with one client while the others
// waited in the listen queue. Where that was, and the call of the helper that serves a client.
import type { SyscallEvent, TraceEvent } from '../common/events';
import { WAIT_CALLS } from '../common/syscalls';
import type { Pointed } from './diagnose-conn';
import { at, fdOf, renderBlocked, renderCall } from './trace-match';

const ACCEPTS = new Set(['accept', 'accept4']);

/** `clients`: how many of the grader's clients were connected at once; `failedAt`: the trace's clock. */
export function oneAtATime(events: TraceEvent[], calls: SyscallEvent[], clients: number | undefined, failedAt: number | undefined): Pointed | undefined {
  if (!clients || clients < 2 || failedAt === undefined) return undefined;
  if (events.some((e) => e.type === 'spawn' && e.ts <= failedAt)) return undefined;
  const by = calls.filter((c) => c.ts <= failedAt);
  if (by.some((c) => WAIT_CALLS.has(c.name))) return undefined;
  const accepted = by.filter((c) => ACCEPTS.has(c.name) && c.ret !== null && c.ret >= 0);
  if (accepted.length === 0 || accepted.length >= clients) return undefined;
  const fds = new Set(accepted.map((c) => c.ret));
  const onClient = by.filter((c) => !ACCEPTS.has(c.name) && fds.has(fdOf(c) ?? -1));
  const blocked = (c: SyscallEvent) => c.ret === null || c.ts + c.dur > failedAt;
  const busy = onClient.filter(blocked).pop() ?? onClient.pop();
  if (!busy) return undefined;
  const fd = fdOf(busy);
  const made = accepted.filter((c) => c.ret === fd && c.seq < busy.seq).pop();
  const doing = blocked(busy)
    ? `it was blocked in ${renderBlocked(busy)}${at(busy)}`
    : `its last call on a client was ${renderCall(busy)}${at(busy)}`;
  return {
    text: `The program served one client at a time: by then it had accepted ${accepted.length} of the ${clients} connections, ` +
      `in one process with no thread and no poll(), and ${doing}, on fd ${fd}, the connection accepted${made ? at(made) : ''}; ` +
      'the other clients waited to be accepted. Serve each client in a process or thread of its own, or wait on them all with poll().',
    blame: busy,
    hints: [{ kind: 'caller', ev: busy, note: '{fn} is called here, in the process that accepts: no other client is accepted until it returns', inChild: false }],
  };
}
