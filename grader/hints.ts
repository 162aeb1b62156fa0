// What a failure's judge (a trace rule, the diagnosis of a failed step, an output check) knows about where in
// the student's code to look, said without reading the code: the engine answers these from the source
// (grader/hint-lines.ts) as the failure's related lines. Pure types.
import type { SyscallEvent } from '../common/events';

export type SourceHint =
  /** another traced call the failure is about, with what it did */
  | { kind: 'call'; ev: SyscallEvent; note: string }
  /** the bytes this send-like call sent are wrong: where they were built (`about`: the part the failure is
   * about, as it reads in the bytes: a header's name, a line) */
  | { kind: 'sent'; ev: SyscallEvent; about?: string }
  /** the loop in the source around this call (e.g. one meant to retry it), with what the trace shows of it */
  | { kind: 'loop'; ev: SyscallEvent; note: string }
  /** the first call of one of `names` after this call in its function, in the source (a fork() the trace
   * shows only as a new process) */
  | { kind: 'next-call'; ev: SyscallEvent; names: string[]; note: string }
  /** the call is in a helper: the call of that helper it came through (told apart by its arguments); `{fn}` in
   * the note is the helper's name. `otherwise`: the note for the call's own line when no caller can be named.
   * `inChild`: whether the process that made the call was a fork()ed child (true) or the started one (false):
   * a caller in the branch only a child runs is, or is not, the one. */
  | { kind: 'caller'; ev: SyscallEvent; note: string; otherwise?: string; inChild?: boolean }
  /** the first statement after this call and the checks of its result: where a call missing after it belongs */
  | { kind: 'belongs-after'; ev: SyscallEvent; note: string }
  /** where the code went after this call returned what it did (the branch taken, the return reached) */
  | { kind: 'after'; ev: SyscallEvent }
  /** children were never reaped: the code meant to reap them (waitpid() and the handler that calls it) */
  | { kind: 'reaper' };
