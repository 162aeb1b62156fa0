// A port written without htons(): the check (the port seen is the one meant with its two bytes swapped) and
// what the grader and the editor say about it. Pure.

function swap16(n: number): number {
  return ((n & 0xff) << 8) | ((n >> 8) & 0xff);
}

/** `seen` is `meant` with its two bytes swapped, as a port given to the kernel without htons() is on x86. */
export function isSwappedPort(seen: number, meant: number): boolean {
  return seen !== meant && swap16(seen) === meant;
}

/** After the grader's "addr.port is 34835, expected 5000". */
export const SWAPPED_PORT_HINT = '(its two bytes are swapped: did you forget htons()?)';

/** After the grader's "The program's socket is bound to port 34835 instead". */
export function swappedPortNote(meant: number): string {
  return `that is ${meant} with its two bytes swapped: did you forget htons()?`;
}

/** The editor's problem at the call that used the swapped port. */
export function swappedPortAdvice(call: string, seen: number, meant: number): string {
  return `${call}() used port ${seen}, which is ${meant} with its bytes swapped: write the port as htons(${meant}), in network byte order.`;
}
