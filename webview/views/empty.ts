// What the panel says about a finished trace with no socket calls in it: that, and what the program did run
// (its exec and how it ended), so an empty table is never the whole answer.
import type { TraceEvent } from '../../common/events';
import type { ShownEnd } from '../../common/run-end';

/** null while the trace has socket calls, or is still coming */
export function noCallsText(events: readonly TraceEvent[], end: ShownEnd | undefined, finished: boolean): { title: string; detail: string } | null {
  if (!finished || events.length === 0 || events.some((e) => e.type === 'syscall')) return null;
  const root = events[0].pid;
  const exec = events.find((e) => e.type === 'exec' && e.pid === root) ?? events.find((e) => e.type === 'exec');
  const exit = events.find((e) => e.type === 'exit' && e.pid === root && (e.tid === undefined || e.tid === root));
  const ex = exit?.type === 'exit' ? exit : undefined;
  const signal = end?.signal ?? ex?.signal, code = end?.code ?? ex?.code;
  const how = end?.stopped ? 'was stopped' : signal ? `was killed by ${signal}` : code !== undefined ? `exited with status ${code}` : 'ended';
  const ran = exec?.type === 'exec' ? `It ran ${[exec.path, ...exec.argv.slice(1)].join(' ')} and ${how}.` : `It ${how}.`;
  return { title: 'The program made no socket calls.', detail: ran };
}
