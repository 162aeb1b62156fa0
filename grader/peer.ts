// The grader as the program's peer: runs a behaviour check's actions (connect, send, expect, accept,
// datagrams, HTTP requests, many clients in lockstep) and fails with a message a student can act on.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { bytesText, compareBytes, type Comparison } from './comparison';
import { bytesOf } from './peer-data';
import type { Action, Family } from './spec';
import { explainHttp, httpProblem } from './http-words';
import { connectStream, connOf, Listener, PeerFailure, show, Stream, Udp } from './peer-io';

export { PeerFailure } from './peer-io';

const DEFAULT_WAIT_MS = 3000;
/** how long expectNothing listens for bytes that should not come */
const DEFAULT_QUIET_MS = 300;

/** Placeholder values ({port}, {path}, ...) and the named sockets of one run. */
export class Scope {
  readonly objects = new Map<string, Stream | Listener | Udp>();
  /** the action under way, so a message can say what the grader was waiting for */
  current?: Action;
  /** measures an idle pause (set by the run; without it a pause is only a wait) */
  idle?: (ms: number, label: string) => Promise<void>;
  /** vars: placeholder values; client: this scope's number in a `clients` step, for {i} in data */
  constructor(readonly vars: Record<string, string>, readonly client?: number) {}

  fill(s: string): string {
    return s.replace(/\{([\w.]+)\}/g, (all, name: string) => this.vars[name] ?? all);
  }

  closeAll(): void {
    for (const o of this.objects.values()) {
      if (o instanceof Stream) o.sock.destroy();
      else o.close();
    }
    this.objects.clear();
  }

  get<T>(name: string, kind: new (...a: never[]) => T, action: string): T {
    const o = this.objects.get(name);
    if (!(o instanceof kind)) throw new Error(`lab spec error: "${action}" names "${name}", which is not open`);
    return o;
  }
}

function hostFor(family: Family | undefined, host: string | undefined): string {
  return host ?? (family === 'ipv6' ? '::1' : '127.0.0.1');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs actions in order; the first failure throws a PeerFailure. */
export async function runActions(actions: Action[], scope: Scope): Promise<void> {
  for (const a of actions) {
    scope.current = a;
    await runAction(a, scope);
  }
  scope.current = undefined;
}

/** What the grader was doing, as a phrase: "waiting for the program to connect". */
export function describeAction(a: Action | undefined): string {
  if (!a) return 'finishing';
  switch (a.do) {
    case 'accept': return 'waiting for the program to connect';
    case 'expect': return a.data !== undefined ? `waiting to receive ${show(bytesOf(a))}` : 'waiting for a reply';
    case 'expectDatagram': return 'waiting for a datagram';
    case 'expectEof': return 'waiting for the program to close the connection';
    case 'expectNothing': return 'checking that nothing more arrives';
    case 'clients': return `talking to the program with ${a.count} clients`;
    case 'http': return `waiting for the response to ${a.method ?? 'GET'} ${a.path}`;
    default: return `doing "${a.do}"`;
  }
}

async function runAction(a: Action, scope: Scope): Promise<void> {
  switch (a.do) {
    case 'connect': return doConnect(a, scope);
    case 'listen': {
      const l = await Listener.open(hostFor(a.family, undefined), Number(scope.fill(a.port ?? '0')));
      scope.objects.set(a.as, l);
      scope.vars[`${a.as}.port`] = String(l.port);
      return;
    }
    case 'accept': {
      const s = await scope.get(a.on, Listener, 'accept').accept(a.withinMs ?? DEFAULT_WAIT_MS);
      if (!s) {
        throw new PeerFailure(`The grader listened on port ${scope.vars[`${a.on}.port`]} and expected the program to ` +
          `connect within ${a.withinMs ?? DEFAULT_WAIT_MS} ms; it did not connect.`, a.on, 'no-reply');
      }
      scope.objects.set(a.as, s);
      return;
    }
    case 'send': return doSend(a, scope);
    case 'expect': return doExpect(a, scope);
    case 'expectEof': return doExpectEof(a, scope);
    case 'expectNothing': return doExpectNothing(a, scope);
    case 'close': {
      const o = scope.objects.get(a.on);
      if (o instanceof Udp) o.close();
      else if (a.full) scope.get(a.on, Stream, 'close').sock.destroy();
      else scope.get(a.on, Stream, 'close').close(a.reset ?? false);
      return;
    }
    case 'udp':
      scope.objects.set(a.as, await Udp.open(a.family === 'ipv6' ? 'ipv6' : 'ipv4'));
      return;
    case 'sendto': {
      const u = scope.get(a.on, Udp, 'sendto');
      const host = a.host ?? (u.sock.address().family === 'IPv6' ? '::1' : '127.0.0.1');
      await u.send(bytesOf(a, scope.client), Number(scope.fill(a.port ?? '{port}')), host);
      return;
    }
    case 'expectDatagram': return doExpectDatagram(a, scope);
    case 'clients': return doClients(a, scope);
    case 'http': return doHttp(a, scope);
    case 'wait':
      await sleep(a.ms);
      return;
    case 'idle':
      await (scope.idle ? scope.idle(a.ms, a.label ?? 'the grader paused') : sleep(a.ms));
      return;
    case 'timeWait':
      await leaveTimeWait(Number(scope.fill(a.port ?? '{port}')));
      return;
    case 'file':
      fs.writeFileSync(scope.fill(a.path), a.data ?? '');
      return;
  }
}

/** The side that closes first keeps the connection in TIME_WAIT (RFC 9293 3.6): here, the port's side. */
async function leaveTimeWait(port: number): Promise<void> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host: '127.0.0.1', port }, () => resolve());
  });
  const accepted = new Promise<net.Socket>((resolve) => srv.once('connection', resolve));
  const client = net.connect({ host: '127.0.0.1', port });
  const side = await accepted;
  await new Promise<void>((resolve) => {
    client.on('end', () => client.end());
    client.on('close', () => resolve());
    client.resume();
    side.resume();
    side.end();
  });
  await new Promise((resolve) => srv.close(resolve));
}

async function doConnect(a: Extract<Action, { do: 'connect' }>, scope: Scope): Promise<void> {
  const within = a.withinMs ?? DEFAULT_WAIT_MS;
  const unixPath = scope.fill(a.path ?? '{path}');
  // An abstract socket's name starts with a NUL byte (man 7 unix); lab.json writes it as @name.
  const where: net.NetConnectOpts = a.family === 'unix'
    ? { path: unixPath.replace(/^@/, '\0') }
    : { host: hostFor(a.family, a.host), port: Number(scope.fill(a.port ?? '{port}')) };
  const said = a.family === 'unix' ? `the Unix socket ${show(unixPath)}` : `${hostFor(a.family, a.host)} port ${scope.fill(a.port ?? '{port}')}`;
  try {
    const s = await connectStream(where, within);
    if (a.refused) {
      s.sock.destroy();
      throw new PeerFailure(`Expected connecting to ${said} to be refused (nothing should listen there), but it was accepted.`, a.as, 'other');
    }
    scope.objects.set(a.as, s);
  } catch (e) {
    if (e instanceof PeerFailure) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (a.refused && (code === 'ECONNREFUSED' || code === 'ENOENT')) return;
    const why = code === 'ECONNREFUSED' || code === 'ENOENT' ? ' (nothing was listening there).'
      : code === 'ETIMEDOUT' ? ` (no handshake within ${within} ms: the listen() backlog may be full, with nobody accepting).` : '.';
    const host = a.family === 'unix' ? undefined : hostFor(a.family, a.host);
    throw new PeerFailure(`The grader could not connect to ${said}: ${code}${why}`, a.as, 'refused', undefined, { connect: { code, host } });
  }
}

async function doSend(a: Extract<Action, { do: 'send' }>, scope: Scope): Promise<void> {
  const s = scope.get(a.on, Stream, 'send');
  const data = bytesOf(a, scope.client);
  const chunk = a.chunk ?? data.length;
  try {
    for (let i = 0; i < data.length; i += chunk) {
      await s.write(data.subarray(i, i + chunk));
      if (a.delayMs && i + chunk < data.length) await sleep(a.delayMs);
    }
  } catch (e) {
    throw new PeerFailure(`The grader could not send ${show(data)}: the program had closed the connection ` +
      `(${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, a.on, 'closed', undefined, { conn: s.conn });
  }
}

async function doExpect(a: Extract<Action, { do: 'expect' }>, scope: Scope): Promise<void> {
  const s = scope.get(a.on, Stream, 'expect');
  const within = a.withinMs ?? DEFAULT_WAIT_MS;
  if (a.match !== undefined) {
    const re = new RegExp(a.match);
    const ok = await s.waitFor((b) => re.test(b.toString('latin1')), within);
    if (!ok) throw noReply(s, `data matching /${a.match}/`, within, a.on, `(data matching /${a.match}/)`);
    const m = re.exec(s.buffered.toString('latin1')) as RegExpExecArray;
    s.consume(m.index + m[0].length);
    return;
  }
  const want = a.bytes !== undefined ? undefined : bytesOf(a, scope.client);
  const n = want ? want.length : (a.bytes as number);
  const ok = await s.waitFor((b) => b.length >= n, within);
  if (!ok) throw noReply(s, want ? show(want) : `${n} bytes`, within, a.on, want);
  const got = s.consume(n);
  if (want && !got.equals(want)) {
    throw new PeerFailure(`Expected to receive ${show(want)}; received ${show(got)}.`, a.on, 'wrong-reply', compareBytes(want, got), { conn: s.conn });
  }
}

/** `want`: the bytes expected, or a phrase for what was (a pattern); the comparison is with what came. */
function noReply(s: Stream, wanted: string, within: number, on: string, want?: Buffer | string): PeerFailure {
  const got = s.buffered;
  const ending = s.ended ? ` and then the program closed the connection${s.error ? ` (${(s.error as NodeJS.ErrnoException).code})` : ''}` : '';
  const what = got.length === 0 ? `received nothing${ending}` : `received only ${show(got)}${ending}`;
  const compared = want === undefined ? undefined
    : typeof want === 'string' ? { expected: want, actual: bytesText(got) } : compareBytes(want, got);
  return new PeerFailure(`Expected to receive ${wanted} within ${within} ms; ${what}.`, on, s.ended ? 'closed' : 'no-reply', compared,
    { conn: s.conn, received: got.length });
}

async function doExpectEof(a: Extract<Action, { do: 'expectEof' }>, scope: Scope): Promise<void> {
  const s = scope.get(a.on, Stream, 'expectEof');
  const within = a.withinMs ?? DEFAULT_WAIT_MS;
  await s.waitFor(() => false, within);
  if (!s.ended) {
    throw new PeerFailure(`Expected the program to close the connection within ${within} ms; it stayed open.`, a.on, 'not-closed', undefined, { conn: s.conn });
  }
  if (s.buffered.length > 0) {
    throw new PeerFailure(`Expected the program to close the connection with nothing more to say; it first sent ${show(s.buffered)}.`,
      a.on, 'wrong-reply', compareBytes(Buffer.alloc(0), s.buffered), { conn: s.conn });
  }
}

/** After a reply, the program must not send more (a NUL terminator, a whole buffer, a second copy). */
async function doExpectNothing(a: Extract<Action, { do: 'expectNothing' }>, scope: Scope): Promise<void> {
  const s = scope.get(a.on, Stream, 'expectNothing');
  const ms = a.ms ?? DEFAULT_QUIET_MS;
  await s.waitFor((b) => b.length > 0, ms);
  if (s.buffered.length > 0) {
    const extra = s.consume(s.buffered.length);
    throw new PeerFailure(`After the expected reply, the program sent ${extra.length} more byte${extra.length === 1 ? '' : 's'} ` +
      `it should not have: ${show(extra)}.`, a.on, 'wrong-reply', compareBytes(Buffer.alloc(0), extra), { conn: s.conn });
  }
}

async function doExpectDatagram(a: Extract<Action, { do: 'expectDatagram' }>, scope: Scope): Promise<void> {
  const u = scope.get(a.on, Udp, 'expectDatagram');
  const within = a.withinMs ?? DEFAULT_WAIT_MS;
  const msg = await u.receive(within);
  const want = bytesOf(a, scope.client);
  const wanted = a.match !== undefined ? `a datagram matching /${a.match}/` : `the datagram ${show(want)}`;
  const compared = (got: Buffer): Comparison => (a.match !== undefined
    ? { expected: `(a datagram matching /${a.match}/)`, actual: bytesText(got) } : compareBytes(want, got));
  if (!msg) throw new PeerFailure(`Expected ${wanted} within ${within} ms; none came.`, a.on, 'no-reply', compared(Buffer.alloc(0)));
  const ok = a.match !== undefined ? new RegExp(a.match).test(msg.toString('latin1')) : msg.equals(want);
  if (!ok) {
    const sizes = a.match === undefined && msg.length !== want.length ? ` — ${msg.length} bytes instead of ${want.length}` : '';
    throw new PeerFailure(`Expected ${wanted}; received the datagram ${show(msg)}${sizes}.`, a.on, 'wrong-reply', compared(msg));
  }
}

/** N clients at once: every client does step i before any does step i+1, so a server must hold them all. */
async function doClients(a: Extract<Action, { do: 'clients' }>, scope: Scope): Promise<void> {
  const scopes = Array.from({ length: a.count }, (_, i) => new Scope({ ...scope.vars }, i + 1));
  try {
    for (const [stepIndex, step] of a.script.entries()) {
      const results = await Promise.allSettled(scopes.map((s) => runAction(step, s)));
      const failed = results
        .map((r, i) => ({ r, i }))
        .filter((x): x is { r: PromiseRejectedResult; i: number } => x.r.status === 'rejected');
      if (failed.length > 0) {
        const first = failed[0];
        const reason = first.r.reason instanceof Error ? first.r.reason.message : String(first.r.reason);
        const inner = first.r.reason instanceof PeerFailure ? first.r.reason : undefined;
        throw new PeerFailure(`${a.count} clients were connected at once. At step ${stepIndex + 1} (${step.do}), ` +
          `${failed.length} of them failed; client ${first.i + 1}: ${reason}`, inner?.on, inner?.what ?? 'other', inner?.compared,
        { ...inner?.facts, clients: a.count }, inner?.at);
      }
    }
  } finally {
    for (const s of scopes) s.closeAll();
  }
}

async function doHttp(a: Extract<Action, { do: 'http' }>, scope: Scope): Promise<void> {
  const within = a.withinMs ?? DEFAULT_WAIT_MS;
  const method = a.method ?? 'GET';
  const said = `${method} ${a.path}`;
  // the bytes as they came, to say in plain words what the parser's error code means
  const raw: Buffer[] = [];
  let conn: ReturnType<typeof connOf>;
  const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({
      host: hostFor(a.family, undefined), port: Number(scope.fill('{port}')), method, path: a.path,
      headers: a.headers, agent: false, timeout: within,
    }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks).toString('latin1') }));
      r.on('error', reject);
    });
    req.on('socket', (sock) => {
      sock.on('connect', () => { conn = connOf(sock); });
      sock.on('data', (d: Buffer) => { if (raw.length < 256) raw.push(d); });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no complete response within ${within} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(a.body);
  }).catch((e: NodeJS.ErrnoException) => {
    const all = Buffer.concat(raw);
    throw new PeerFailure(`An HTTP client sent "${said}" and got no valid response: ${httpError(e, all)}.`, undefined, 'http',
      { expected: '(a whole HTTP response)', actual: bytesText(all.toString('latin1')) },
      { conn, about: e.code === 'ECONNREFUSED' ? undefined : httpProblem(all)?.about });
  });
  const ex = a.expect;
  if (ex.status !== undefined && res.status !== ex.status) {
    throw new PeerFailure(`"${said}" should answer with status ${ex.status}; it answered ${res.status}.`, undefined, 'http',
      { expected: `status ${ex.status}`, actual: `status ${res.status}` }, { conn, about: Buffer.concat(raw).toString('latin1').split('\r\n')[0] });
  }
  for (const [name, pattern] of Object.entries(ex.headers ?? {})) {
    const value = res.headers[name.toLowerCase()];
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (text === undefined || !new RegExp(pattern, 'i').test(text)) {
      const plain = explainHttp(Buffer.concat(raw));
      throw new PeerFailure(`"${said}": the ${name} header should match /${pattern}/; it was ${text === undefined ? 'missing' : show(text)}${plain ? ` (${plain})` : ''}.`,
        undefined, 'http', { expected: `${name}: (matching /${pattern}/)`, actual: text === undefined ? `(no ${name} header)` : `${name}: ${bytesText(text)}` },
        { conn, about: name });
    }
  }
  if (ex.body !== undefined && res.body !== ex.body) {
    const plain = explainHttp(Buffer.concat(raw));
    throw new PeerFailure(`"${said}": expected the body ${show(ex.body)}; got ${show(res.body)}${plain ? ` (${plain})` : ''}.`, undefined, 'http',
      compareBytes(ex.body, res.body), { conn, about: res.body });
  }
  if (ex.bodyMatch !== undefined && !new RegExp(ex.bodyMatch).test(res.body)) {
    throw new PeerFailure(`"${said}": the body should match /${ex.bodyMatch}/; got ${show(res.body)}.`, undefined, 'http',
      { expected: `(a body matching /${ex.bodyMatch}/)`, actual: bytesText(res.body) }, { conn, about: res.body });
  }
}

function httpError(e: NodeJS.ErrnoException & { rawPacket?: Buffer }, raw: Buffer): string {
  const plain = e.code === 'ECONNREFUSED' ? undefined : explainHttp(raw);
  const sent = raw.length > 0 ? raw : e.rawPacket;
  const began = sent && sent.length > 0 ? `; it began ${show(sent, 40)}` : '';
  if (plain) return plain + began;
  if (e.code === 'ETIMEDOUT' && raw.length === 0) return `no response within the time allowed (${e.message})`;
  return httpErrorKind(e) + began;
}

function httpErrorKind(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED': return 'the connection was refused (is the server listening on the port it was given?)';
    case 'ECONNRESET': return 'the server closed the connection before a full response (did it send a status line and headers?)';
    case 'HPE_INVALID_CONSTANT': case 'HPE_INVALID_VERSION': return `the response does not start with a valid HTTP status line (${e.message})`;
    case 'HPE_INVALID_HEADER_TOKEN': case 'HPE_HEADER_OVERFLOW': return `a header line is not valid HTTP (${e.message})`;
    case 'HPE_CLOSED_CONNECTION': case 'HPE_INVALID_EOF_STATE': return 'the connection closed before the response ended';
    default: return e.code ? `${e.code}: ${e.message}` : e.message;
  }
}
