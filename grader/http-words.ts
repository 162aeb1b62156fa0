// What was wrong with an HTTP response, in plain words, from the bytes the server sent (Node's parser says
// only HPE_INVALID_CONSTANT or HPE_CLOSED_CONNECTION): the status line, the blank line after the headers,
// Content-Length against the body.
import { show } from './peer-io';

/** A sentence about the response's bytes, or undefined when they look like a whole valid response. */
export function explainHttp(raw: Buffer): string | undefined {
  return httpProblem(raw)?.text;
}

/** What is wrong with a response: the sentence, and the part of the bytes it is about (a line, a header's name). */
export function httpProblem(raw: Buffer): { text: string; about?: string } | undefined {
  if (raw.length === 0) return { text: 'the server sent nothing before the connection ended' };
  const text = raw.toString('latin1');
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (!/^HTTP\/1\.[01] \d{3}\b/.test(first)) {
    return { text: `the first line should be a status line like "HTTP/1.1 200 OK"; it is ${show(first.replace(/\r$/, ''), 40)}`, about: first.replace(/\r$/, '') };
  }
  const end = text.indexOf('\r\n\r\n');
  const headEnd = end < 0 ? text.length : end;
  const bare = text.slice(0, headEnd).split('\n').slice(0, -1).findIndex((l) => !l.endsWith('\r'));
  const bareLine = bare >= 0 ? text.split('\n')[bare] : undefined;
  const bareSaid = bareLine !== undefined ? ` (line ${bare + 1}, ${show(bareLine, 40)}, ends in a bare "\\n": HTTP lines end in "\\r\\n")` : '';
  if (end < 0) {
    if (nl < 0) return { text: `the connection closed before the status line ended (no "\\r\\n" after ${show(first, 40)})`, about: first };
    return { text: `no blank line after the headers: the connection closed before the headers ended${bareSaid}`, about: bareLine };
  }
  if (bareLine !== undefined) return { text: `the header lines must end in "\\r\\n"${bareSaid}`, about: bareLine };
  const head = text.slice(0, end);
  const body = raw.length - end - 4;
  const cl = /^content-length:[ \t]*(\d+)[ \t]*\r?$/im.exec(head);
  if (cl && Number(cl[1]) !== body) return { text: `Content-Length says ${cl[1]}, the body is ${body} bytes`, about: 'Content-Length' };
  if (!cl && !/^transfer-encoding:/im.test(head) && !/^connection:[ \t]*close/im.test(head)) {
    return { text: 'the response has no Content-Length header (and does not say Connection: close), so the client cannot tell where the body ends', about: 'Content-Length' };
  }
  return undefined;
}
