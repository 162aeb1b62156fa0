// Facts about errno values that more than one part of the project judges by.

/** Errnos that mean "not yet" on a non-blocking socket, not a failure to handle: the program waits and goes on. */
export const NOT_YET_ERRNOS: ReadonlySet<string> = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINPROGRESS', 'EALREADY']);
