// The bytes a peer action sends or expects: `data` as text, hex or base64, repeated, with {i} standing for
// the client's number (1, 2, ...) inside a `clients` script, so each client's bytes are its own.
import type { DataSpec } from './spec';

/** `client`: the number of the client of a `clients` step doing the action, if any. */
export function bytesOf(d: Partial<DataSpec>, client?: number): Buffer {
  const text = d.data ?? '';
  const one = d.encoding === 'hex' ? fromHex(text)
    : d.encoding === 'base64' ? Buffer.from(text, 'base64')
      : Buffer.from(client === undefined ? text : text.replace(/\{i\}/g, String(client)), 'latin1');
  return Buffer.concat(Array.from({ length: d.repeat ?? 1 }, () => one));
}

function fromHex(text: string): Buffer {
  const digits = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`lab spec error: "${text}" is not hex bytes`);
  return Buffer.from(digits, 'hex');
}
