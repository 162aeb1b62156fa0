// What Socket Lab teaches, written once for every front end: what each call, constant, structure and errno
// means (hovers, lenses, problems, the grader's diagnosis) and what to do when tracing cannot start. Pure.
export { CALL_DOCS, type CallDoc } from './calls';
export { CONSTANT_DOCS, type ConstantDoc } from './constants';
export { STRUCT_DOCS } from './structs';
export { ERRNO_ADVICE, errnoAdvice, type ErrnoAdvice } from './errnos';
export { isSwappedPort, SWAPPED_PORT_HINT, swappedPortAdvice, swappedPortNote } from './byte-order';
export { clause } from './text';
export { traceErrorLines, type FixWords } from './trace-errors';
