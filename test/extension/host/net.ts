// Talking to the traced echo server from the host, over loopback.
import * as net from 'node:net';
import { until } from './wait';

/** Connects, retrying while nothing listens yet (the program starts after Run and Trace returns). */
export function connectWhenListening(port: number, timeoutMs = 60_000): Promise<net.Socket> {
  return until(`a server listening on 127.0.0.1:${port}`, () => new Promise<net.Socket | undefined>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => resolve(s));
    s.once('error', () => { s.destroy(); resolve(undefined); });
  }), { timeoutMs });
}

/** Sends `text` on a connected socket, half-closes, and returns all that came back before the server closed. */
export function echoOn(s: net.Socket, text: string, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(timeoutMs, () => { s.destroy(); reject(new Error(`no end of stream within ${timeoutMs / 1000} s; got ${JSON.stringify(got)}`)); });
    s.end(text);
  });
}

/** The error a connect to the port ends with, or undefined when it connects. */
export function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(undefined); });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}
