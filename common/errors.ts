// The one error class of tracing and running, with a typed reason. What a reason says to people, with the
// fix, is written once in common/teaching/trace-errors.ts, for the CLI and the extension.
export type TraceErrorReason =
  | 'notLinux'
  | 'addonMissing'
  | 'ptraceDenied'
  | 'seccompUnavailable'
  | 'notFound'
  | 'notExecutable'
  | 'chdirFailed'
  | 'limitsFailed'
  | 'noCompiler'
  | 'compileFailed'
  | 'badInject'
  | 'tracerDied'
  /** the tracer process was killed by a signal (the OOM killer's SIGKILL, say): the trace is incomplete */
  | 'tracerKilled';

export class TraceError extends Error {
  constructor(readonly reason: TraceErrorReason, message: string, readonly detail?: string) {
    super(message);
    this.name = 'TraceError';
  }

  static is(e: unknown, reason?: TraceErrorReason): e is TraceError {
    return e instanceof TraceError && (reason === undefined || e.reason === reason);
  }
}
