// A server must be the process the grader started: one that forks and lets its parent return (or calls
// daemon()) leaves an orphan serving, which a supervisor (systemd, a shell's job control, the grader) can
// neither watch nor stop. From the trace: the first process exited while a process it made still runs.
import type { ExitEvent, SpawnEvent, SyscallEvent, TraceEvent } from '../common/events';
import type { Comparison } from './comparison';
import type { SourceHint } from './hints';

export interface Orphan {
  message: string;
  compared: Comparison;
  /** the started process's last call before it made the child that kept serving */
  blame?: SyscallEvent;
  /** the fork() after that call, in the source */
  hints?: SourceHint[];
}

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
  const status = rootExit.signal ? `was killed by ${rootExit.signal}` : `exited with status ${rootExit.code ?? '?'}`;
  // the tracer reports a fork as the new process only: the parent's last call before it leads to the fork() in the source
  const made = spawns.find((s) => s.pid === alive.pid);
  const before = events.filter((e): e is SyscallEvent => e.type === 'syscall' && e.pid === root && !!e.site && (!made || e.ts <= made.ts)).pop();
  return {
    blame: before,
    hints: before ? [{ kind: 'next-call', ev: before, names: ['fork', 'vfork', 'daemon'], note: `the process made its child here, and then the parent (pid ${root}) ${status}` }] : undefined,
    message: `The process the grader started (pid ${root}) ${status} while its child (pid ${alive.pid}) kept serving. ` +
      'A server must keep running as the process it was started as: do not fork and return in the parent, or daemonize.',
    compared: { expected: `the started process (pid ${root}) still running`, actual: `pid ${root} ${status}; pid ${alive.pid} kept serving` },
  };
}
