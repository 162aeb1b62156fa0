// How a sentence of the teaching module is set into a longer line. Pure.

/** A sentence as the clause after a colon: its first word lowercased, unless it is a name (EAGAIN, SO_ERROR, IPv6). */
export function clause(sentence: string): string {
  return sentence.replace(/^[A-Z](?=[a-z]*\b)/, (c) => c.toLowerCase());
}
