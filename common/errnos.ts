// Facts about errno values that more than one part of the project judges by.

/** Errnos that mean "not yet" on a non-blocking socket, not a failure to handle: the program waits and goes on. */
export const NOT_YET_ERRNOS: ReadonlySet<string> = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINPROGRESS', 'EALREADY']);

/** Errnos a correct program meets in normal work: the "not yet"s, and EINTR (a signal came; call it again). */
export const NORMAL_ERRNOS: ReadonlySet<string> = new Set([...NOT_YET_ERRNOS, 'EINTR']);
