// The grader's end of a connection: a TCP/Unix stream with a read buffer, a listening socket with a queue
// of accepted peers, and a UDP socket with a queue of datagrams. Each wait has a deadline.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { SyscallEvent } from '../common/events';
import type { Comparison } from './comparison';

/** What a failure knows besides its words, for the code that adds to it, places it or finds it in the trace. */
export interface FailureFacts {
  /** a connect of the grader's that failed: its errno code, and the host it tried (none for a Unix socket) */
  connect?: { code: string; host?: string };
  /** the program's call the message names (where a limit found it), the check's location when the trace gives none */
  blame?: SyscallEvent;
  /** the message says already how the program ended, or that it was still running */
  toldEnd?: boolean;
  /** the message quotes already the program's last output */
  toldOutput?: boolean;
  /** the grader's connection, by its own port and the program's (`local`, `remote`, as the grader sees them) */
  conn?: { local: number; remote: number };
  /** the part of the program's bytes the failure is about, as it reads in them: a header's name, a line */
  about?: string;
  /** how many bytes of what was expected had come when the wait ran out */
  received?: number;
  /** the failure happened while this many of the grader's clients were connected at once */
  clients?: number;
}

/** A peer action that did not go as the lab expects; `message` is written for the student. */
export class PeerFailure extends Error {
  constructor(
    message: string,
    /** the grader's connection the failure happened on */
    readonly on?: string,
    /** what kind of failure, so the engine can look in the trace for its cause */
    readonly what: 'refused' | 'no-reply' | 'wrong-reply' | 'closed' | 'not-closed' | 'http' | 'other' = 'other',
    /** what the grader wanted next to what it got, where the two can be compared */
    readonly compared?: Comparison,
    readonly facts: FailureFacts = {},
    /** when the grader saw it fail (process.hrtime), before it closed anything: calls after it are cleanup */
    readonly at: bigint = process.hrtime.bigint(),
  ) {
    super(message);
  }

  /** The same failure told with another message. */
  retold(message: string): PeerFailure {
    return new PeerFailure(message, this.on, this.what, this.compared, this.facts, this.at);
  }
}

/** A TCP connection's ports as the grader sees them, once it is connected. */
export function connOf(sock: net.Socket): FailureFacts['conn'] {
  return sock.localPort !== undefined && sock.remotePort !== undefined ? { local: sock.localPort, remote: sock.remotePort } : undefined;
}

/** Shows bytes the way a student would read them in a message. */
export function show(data: Buffer | string, max = 60): string {
  const s = typeof data === 'string' ? data : data.toString('latin1');
  const cut = s.length > max ? `${s.slice(0, max)}...` : s;
  return `${JSON.stringify(cut)}${s.length > max ? ` (${s.length} bytes)` : ''}`;
}

/** One caller at a time waits until a condition holds or its deadline passes; notify() makes it look again. */
class Waiter {
  private wake: (() => void) | undefined;

  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** True when `ready()` held before the deadline. */
  async until(ready: () => boolean, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return true;
  }
}

export class Stream {
  private buf = Buffer.alloc(0);
  ended = false;
  error?: Error;
  private waiter = new Waiter();
  /** its ports, kept while it is connected (a closed socket forgets them) */
  readonly conn: FailureFacts['conn'];

  constructor(readonly sock: net.Socket) {
    this.conn = connOf(sock);
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiter.notify();
    });
    sock.on('end', () => {
      this.ended = true;
      this.waiter.notify();
    });
    sock.on('error', (e) => {
      this.error = e;
      this.ended = true;
      this.waiter.notify();
    });
    sock.on('close', () => {
      this.ended = true;
      this.waiter.notify();
    });
  }

  get buffered(): Buffer {
    return this.buf;
  }

  /** Waits until `enough(buffer)` or the stream ends or the deadline passes; true when enough arrived. */
  async waitFor(enough: (b: Buffer) => boolean, withinMs: number): Promise<boolean> {
    await this.waiter.until(() => enough(this.buf) || this.ended, withinMs);
    return enough(this.buf);
  }

  consume(n: number): Buffer {
    const head = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return head;
  }

  async write(data: Buffer): Promise<void> {
    if (this.sock.destroyed) throw new Error('the connection is already closed');
    await new Promise<void>((resolve, reject) => {
      this.sock.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  close(reset: boolean): void {
    if (reset) this.sock.resetAndDestroy();
    else this.sock.end();
  }
}

/** Connects; resolves with the stream or rejects with the connect error (e.g. ECONNREFUSED). */
export function connectStream(opts: net.NetConnectOpts, withinMs: number): Promise<Stream> {
  return new Promise((resolve, reject) => {
    // A program may half-close (shutdown SHUT_WR) and still read the reply: keep our side open until we close it.
    const sock = net.connect({ ...opts, allowHalfOpen: true });
    const t = setTimeout(() => {
      sock.destroy();
      reject(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    }, withinMs);
    sock.once('connect', () => {
      clearTimeout(t);
      resolve(new Stream(sock));
    });
    sock.once('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

export class Listener {
  private queue: net.Socket[] = [];
  private waiter = new Waiter();
  constructor(readonly server: net.Server) {
    server.on('connection', (s) => {
      this.queue.push(s);
      this.waiter.notify();
    });
  }

  static async open(host: string, port: number): Promise<Listener> {
    const server = net.createServer({ pauseOnConnect: false, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => resolve());
    });
    return new Listener(server);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async accept(withinMs: number): Promise<Stream | undefined> {
    if (!(await this.waiter.until(() => this.queue.length > 0, withinMs))) return undefined;
    return new Stream(this.queue.shift() as net.Socket);
  }

  close(): void {
    for (const s of this.queue) s.destroy();
    this.server.close();
  }
}

export class Udp {
  private queue: { msg: Buffer; from: dgram.RemoteInfo }[] = [];
  private waiter = new Waiter();
  constructor(readonly sock: dgram.Socket) {
    sock.on('message', (msg, from) => {
      this.queue.push({ msg, from });
      this.waiter.notify();
    });
  }

  static async open(family: 'ipv4' | 'ipv6'): Promise<Udp> {
    const sock = dgram.createSocket(family === 'ipv6' ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, family === 'ipv6' ? '::1' : '127.0.0.1', () => resolve());
    });
    return new Udp(sock);
  }

  send(data: Buffer, port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => this.sock.send(data, port, host, (e) => (e ? reject(e) : resolve())));
  }

  async receive(withinMs: number): Promise<Buffer | undefined> {
    if (!(await this.waiter.until(() => this.queue.length > 0, withinMs))) return undefined;
    return this.queue.shift()?.msg;
  }

  close(): void {
    try {
      this.sock.close();
    } catch {
      // already closed
    }
  }
}
