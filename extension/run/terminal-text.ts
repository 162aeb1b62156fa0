// Text for the program's terminal. Pure.

/** `\n` -> `\r\n` for the terminal; a `\r\n` already there stays one. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
