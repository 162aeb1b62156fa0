// How a traced run ended: the one shape the runner returns, and the views of it the grader and the panel
// keep (they derive theirs from it). Pure: facts only; the words for people are made where they are shown.
import type { TraceError } from './errors';

/** A limit the tracer (or the runner's output count) stopped a run at. */
export interface LimitHit {
  what: 'wall' | 'cpu' | 'mem' | 'procs' | 'output' | string;
  /** the limit as the tracer has it: ms for wall, bytes for output and memory, a count for procs */
  value: number;
  /** mem: the process using the most; procs: the process that went over */
  pid?: number;
  /** mem: the bytes resident when it was hit */
  used?: number;
}

/** How a traced run ended. */
export interface RunEnd {
  /** the exit status (for the runner, also when a signal killed the program); null when there is none */
  code: number | null;
  /** the signal that killed the program */
  signal: string | null;
  /** the limit that stopped it */
  limit?: LimitHit;
  /** the tracer's own failure: the program could not be started, or the tracer process died */
  error?: TraceError;
}

/**
 * How a run ended, as the panel shows it in its status line, and as a saved trace keeps it (one read back
 * from an older file may lack any field).
 */
export type ShownEnd = Partial<Pick<RunEnd, 'code' | 'signal'>> & {
  /** the user stopped it (Socket Lab: Stop, Ctrl-C in its terminal); the signal is then the tracer's SIGKILL */
  stopped?: boolean;
};

/** The short name of what stopped a run: the limit's (`wall`, `mem`...) or the TraceError's reason. */
export function stopReason(end: Pick<RunEnd, 'limit' | 'error'>): string | undefined {
  return end.limit?.what ?? end.error?.reason;
}
