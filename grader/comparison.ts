// What a failed check wanted next to what it found, as two texts an editor can show side by side, and how
// bytes are written in them: a newline stays a line break (shown as \n too), other control bytes and bytes
// past ASCII become escapes, so "\r\n" and "\n" differ visibly.

export interface Comparison {
  expected: string;
  actual: string;
}

/** How much of each side a comparison of bytes keeps, from a little before their first difference (a little:
 * VS Code's inline summary of a failure shows the first 30 characters of each side). */
const KEEP = 512;
const BEFORE = 16;

/** Bytes as readable text: printable ASCII as is, `\n` + a line break, `\r` `\t` `\0` `\\`, else `\xHH`. */
export function bytesText(data: Buffer | string): string {
  const s = typeof data === 'string' ? data : data.toString('latin1');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) out += '\\n\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x00) out += '\\0';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += s[i];
  }
  return out;
}

/** The bytes a peer wanted next to those it got. Long ones are cut to the part around their first difference. */
export function compareBytes(want: Buffer | string, got: Buffer | string): Comparison {
  const a = typeof want === 'string' ? Buffer.from(want, 'latin1') : want;
  const b = typeof got === 'string' ? Buffer.from(got, 'latin1') : got;
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  const from = same > BEFORE * 2 ? same - BEFORE : 0;
  const side = (x: Buffer) => {
    const cut = x.length > from + KEEP;
    const note = from > 0 || cut ? `\n(bytes ${from} to ${Math.min(x.length, from + KEEP)} of ${x.length})` : '';
    return (from > 0 ? '...' : '') + bytesText(x.subarray(from, from + KEEP)) + (cut ? '...' : '') + note;
  };
  return { expected: side(a), actual: side(b) };
}
