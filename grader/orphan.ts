// A server must be the process the grader started: one that forks and lets its parent return (or calls
// daemon()) leaves an orphan serving, which a supervisor (systemd, a shell's job control, the grader) can
// neither watch nor stop. From the trace: the first process exited while a process it made still runs.
import type { ExitEvent, SpawnEvent, SyscallEvent, TraceEvent } from '../common/events';
import type { Comparison } from './comparison';
import { at } from './trace-match';

export interface Orphan {
  message: string;
  compared: Comparison;
  /** the call that made the process left serving */
  blame?: SyscallEvent;
}

const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);

/**
 * The started process exited by itself (before `untilNs`, when the grader began stopping the run, in the
 * trace's clock) while a process it made was still running then: how to say so, else undefined.
 */
export function orphanServer(events: TraceEvent[], untilNs: number): Orphan | undefined {
  const spawns = events.filter((e): e is SpawnEvent => e.type === 'spawn' && !e.thread);
  const children = new Set(spawns.map((s) => s.pid));
  const first = [...events].sort((a, b) => a.ts - b.ts).find((e) => !children.has(e.pid));
  if (!first) return undefined;
  const root = first.pid;
  const exits = new Map<number, ExitEvent>();
  for (const e of events) if (e.type === 'exit' && (e.tid === undefined || e.tid === e.pid)) exits.set(e.pid, e);
  const rootExit = exits.get(root);
  if (!rootExit || rootExit.ts >= untilNs) return undefined;
  const alive = spawns.find((s) => (exits.get(s.pid)?.ts ?? Infinity) >= untilNs);
  if (!alive) return undefined;
  // the call in its parent that made the process left running, when the trace has it
  const blame = events.find((e): e is SyscallEvent => e.type === 'syscall' && FORKS.has(e.name) && e.ret === alive.pid);
  const status = rootExit.signal ? `was killed by ${rootExit.signal}` : `exited with status ${rootExit.code ?? '?'}`;
  const how = blame ? `, made by ${blame.name}()${at(blame)},` : '';
  return {
    message: `The process the grader started (pid ${root}) ${status} while its child (pid ${alive.pid})${how} kept serving. ` +
      'A server must keep running as the process it was started as: do not fork and return in the parent, or daemonize.',
    compared: { expected: `the started process (pid ${root}) still running`, actual: `pid ${root} ${status}; pid ${alive.pid} kept serving` },
    blame,
  };
}
