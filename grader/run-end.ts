// How a graded run ended: the runner's RunEnd as the grader keeps it, with why the run was stopped as a kind
// and its numbers, and the words for it, made here for the messages that say them.
import type { SyscallEvent } from '../common/events';
import type { TraceError } from '../common/errors';
import type { LimitHit, RunEnd } from '../common/run-end';
import { limitBlame, limitName, limitText, signalLimit, type LimitWhere } from './limits';

/** Why a run was stopped when it was not the program's own doing. */
export type StopCause =
  /** a limit the tracer (or the output count) stopped it at; `where` once the trace is in */
  | { kind: 'limit'; limit: LimitHit; where?: LimitWhere }
  /** the kernel's per-process limit (man 2 setrlimit) killed it: CPU time or file size */
  | { kind: 'kernelLimit'; signal: 'SIGXCPU' | 'SIGXFSZ'; cpuSeconds?: number }
  | { kind: 'tracerFailed'; error: TraceError }
  /** the untraced stand-in could not start the program: Node's error */
  | { kind: 'notStarted'; message: string };

/** How a graded run ended: its exit status or signal, and why it was stopped when that was not its doing. */
export interface GradedEnd extends Pick<RunEnd, 'code' | 'signal'> {
  cause?: StopCause;
}

/** The cause a runner's limit or error gives: the tracer's failure first, as it makes the limit moot. */
export function causeOf(end: Pick<RunEnd, 'limit' | 'error'>): StopCause | undefined {
  if (end.error) return { kind: 'tracerFailed', error: end.error };
  return end.limit ? { kind: 'limit', limit: end.limit } : undefined;
}

/** A signal that is the kernel's per-process limit, as a cause. */
export function kernelLimit(signal: string | null, cpuSeconds: number | undefined): StopCause | undefined {
  if (signal !== 'SIGXCPU' && signal !== 'SIGXFSZ') return undefined;
  return { kind: 'kernelLimit', signal, ...(signal === 'SIGXCPU' && cpuSeconds ? { cpuSeconds } : {}) };
}

/** The clause for a cause: "the wall-clock limit of 1000 ms was reached. It was still waiting in ...". */
export function causeText(c: StopCause): string {
  switch (c.kind) {
    case 'limit': return limitText(c.limit, c.where ?? { waiting: [] });
    case 'kernelLimit': return signalLimit(c.signal, { cpuSeconds: c.cpuSeconds }) ?? c.signal;
    case 'tracerFailed': return `the tracer failed: ${c.error.message}`;
    case 'notStarted': return `cannot start: ${c.message}`;
  }
}

/** The call of the student's code that the words for the end name first (a limit's), if any. */
export function causeBlame(end: GradedEnd): SyscallEvent | undefined {
  return end.cause?.kind === 'limit' && end.cause.where ? limitBlame(end.cause.where) : undefined;
}

/** How the program ended, for the "actual" side of a comparison. */
export function endState(end: GradedEnd): string {
  if (end.cause?.kind === 'limit') return `stopped at the ${limitName(end.cause.limit)}`;
  if (end.cause) return `stopped: ${causeText(end.cause).replace(/\.$/, '')}`;
  return end.signal ? `killed by ${end.signal}` : `exit status ${end.code}`;
}

/** How the program ended, as a clause of a message: "it exited with status 1". */
export function describeEnd(end: GradedEnd): string {
  if (end.cause) return `it was stopped: ${causeText(end.cause).replace(/\.$/, '')}`;
  if (end.signal === 'SIGPIPE') {
    return 'it was killed by SIGPIPE (it wrote to a connection the peer had closed; send with MSG_NOSIGNAL, or ignore SIGPIPE, and handle EPIPE)';
  }
  if (end.signal) return `it was killed by ${end.signal}`;
  return `it exited with status ${end.code}`;
}
