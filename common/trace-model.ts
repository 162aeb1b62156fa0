// What a trace means beyond its lines: each socket's life (fds across fork/dup/close) and the arrows of the
// sequence diagram (connect->accept, bytes sent->received, datagrams). Pure: the host and the panel both use it.
import type { ArgValue, SockAddr, SocketInfo, SyscallEvent, TraceEvent } from './events';
import { DUP_CALLS, fdOf, RECV_CALLS, SEND_CALLS } from './syscalls';

/** One fd that referred to a socket, from the event that made it to the one that closed it. */
export interface FdRef {
  pid: number;
  fd: number;
  /** event index that made this fd refer to the socket */
  from: number;
  /** event index that closed it (close, exec of a CLOEXEC fd, exit) */
  to?: number;
  cloexec?: boolean;
}

export interface SocketLife {
  /** index in TraceModel.sockets */
  id: number;
  inode?: number;
  family?: string;
  type?: string;
  origin: 'socket' | 'accept' | 'socketpair' | 'inherited';
  /** event index of the call that made it (socket, accept, socketpair) */
  created?: number;
  bound?: { at: number; addr?: SockAddr };
  listening?: number;
  connected?: { at: number; addr?: SockAddr };
  shutdown?: { at: number; how: string };
  /** event index of the close that dropped the last fd */
  closed?: number;
  local?: SockAddr;
  peer?: SockAddr;
  fds: FdRef[];
  /** event indexes of every call on this socket */
  events: number[];
  /** event indexes of calls that moved bytes out of / into it, with ret > 0 */
  sends: number[];
  recvs: number[];
  /** the socket at the other end, when the trace shows both */
  peerId?: number;
  /** for accepted sockets: the listening socket */
  listenerId?: number;
}

/** One arrow of the sequence diagram, from the event index of one call to that of its counterpart. */
export interface Arrow {
  kind: 'connect' | 'stream' | 'dgram';
  from: number;
  to: number;
  /** bytes of the send that reached this receive */
  bytes?: number;
}

export interface TraceModel {
  sockets: SocketLife[];
  /** for each event index, the id of the socket it acted on, or -1 */
  eventSock: Int32Array;
  arrows: Arrow[];
}


export function isSend(name: string): boolean {
  return SEND_CALLS.has(name);
}
export function isRecv(name: string): boolean {
  return RECV_CALLS.has(name);
}

export function isAddr(v: ArgValue | undefined): v is SockAddr {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'family' in v;
}

/** An address that says something: an INET port other than 0, or a named/abstract AF_UNIX socket. */
export function meaningful(a: SockAddr | undefined): a is SockAddr {
  if (!a) return false;
  if ('port' in a) return a.port !== 0;
  if ('path' in a || 'abstract' in a) return !!(a.path || a.abstract);
  return 'raw' in a;
}

function withFlag(s: ArgValue | undefined, flag: string): boolean {
  return typeof s === 'string' && s.split('|').includes(flag);
}

type FdTable = Map<number, SocketLife>;

class Builder {
  readonly sockets: SocketLife[] = [];
  readonly eventSock: Int32Array;
  /** fd tables by pid; threads share their process's */
  private readonly tables = new Map<number, FdTable>();

  constructor(private readonly events: readonly TraceEvent[]) {
    this.eventSock = new Int32Array(events.length).fill(-1);
  }

  run(): void {
    this.events.forEach((e, i) => {
      if (e.type === 'syscall') this.syscall(e, i);
      else if (e.type === 'spawn') this.spawn(e.parent, e.pid, e.thread, i);
      else if (e.type === 'exec') this.exec(e.pid, i);
      else if (e.type === 'exit' && (e.tid === undefined || e.tid === e.pid)) this.exit(e.pid, i);
    });
  }

  private table(pid: number): FdTable {
    let t = this.tables.get(pid);
    if (!t) this.tables.set(pid, (t = new Map()));
    return t;
  }

  private make(origin: SocketLife['origin'], at: number | undefined, family?: ArgValue, type?: ArgValue): SocketLife {
    const s: SocketLife = {
      id: this.sockets.length, origin, created: at, fds: [], events: [], sends: [], recvs: [],
      family: typeof family === 'string' ? family : undefined,
      type: typeof type === 'string' ? type : undefined,
    };
    this.sockets.push(s);
    return s;
  }

  private open(pid: number, fd: number, s: SocketLife, at: number, cloexec = false): void {
    this.closeFd(pid, fd, at, false);
    this.table(pid).set(fd, s);
    s.fds.push({ pid, fd, from: at, cloexec: cloexec || undefined });
  }

  private closeFd(pid: number, fd: number, at: number, isClose: boolean): void {
    const t = this.table(pid);
    const s = t.get(fd);
    if (!s) return;
    t.delete(fd);
    const ref = s.fds.find((r) => r.pid === pid && r.fd === fd && r.to === undefined);
    if (ref) ref.to = at;
    if (!s.fds.some((r) => r.to === undefined) && (isClose || s.closed === undefined)) s.closed = at;
  }

  private spawn(parent: number, child: number, thread: boolean, at: number): void {
    if (thread) return; // threads share the process's table
    const t = this.table(parent);
    const copy: FdTable = new Map();
    for (const [fd, s] of t) {
      copy.set(fd, s);
      const cloexec = s.fds.find((r) => r.pid === parent && r.fd === fd && r.to === undefined)?.cloexec;
      s.fds.push({ pid: child, fd, from: at, cloexec });
      s.closed = undefined;
    }
    this.tables.set(child, copy);
  }

  private exec(pid: number, at: number): void {
    for (const [fd, s] of [...this.table(pid)]) {
      if (s.fds.some((r) => r.pid === pid && r.fd === fd && r.to === undefined && r.cloexec)) this.closeFd(pid, fd, at, true);
    }
  }

  private exit(pid: number, at: number): void {
    for (const fd of [...this.table(pid).keys()]) this.closeFd(pid, fd, at, true);
  }

  /** The socket the event's fd refers to, created as 'inherited' when the trace never showed its making. */
  private socketOf(e: SyscallEvent, i: number, fd: number): SocketLife | undefined {
    const t = this.table(e.pid);
    let s = t.get(fd);
    const info = e.sock;
    if (info && s && s.inode !== undefined && s.inode !== info.inode) s = undefined;
    if (!s && info) {
      s = this.make('inherited', undefined, info.family, info.type);
      this.open(e.pid, fd, s, i);
    }
    if (s && info) this.learn(s, info);
    return s;
  }

  private learn(s: SocketLife, info: SocketInfo): void {
    s.inode ??= info.inode;
    s.family ??= info.family;
    s.type ??= info.type;
    if (meaningful(info.local)) s.local = info.local;
    if (meaningful(info.peer)) s.peer = info.peer;
  }

  private syscall(e: SyscallEvent, i: number): void {
    const ok = e.ret !== null && e.ret >= 0;
    const ret = e.ret ?? -1;
    const a = e.args;
    if (e.name === 'socket') {
      if (ok) {
        const s = this.make('socket', i, a.domain, a.type);
        this.open(e.pid, ret, s, i, withFlag(a.type, 'SOCK_CLOEXEC'));
        this.eventSock[i] = s.id;
        if (e.sock) this.learn(s, e.sock);
      }
      return;
    }
    if (e.name === 'socketpair') {
      const sv = a.sv;
      if (ok && Array.isArray(sv) && typeof sv[0] === 'number' && typeof sv[1] === 'number') {
        const x = this.make('socketpair', i, a.domain, a.type);
        const y = this.make('socketpair', i, a.domain, a.type);
        x.peerId = y.id;
        y.peerId = x.id;
        const cx = withFlag(a.type, 'SOCK_CLOEXEC');
        this.open(e.pid, sv[0], x, i, cx);
        this.open(e.pid, sv[1], y, i, cx);
        this.eventSock[i] = x.id;
      }
      return;
    }
    const fd = fdOf(e);
    if (fd === undefined) return;
    const s = this.socketOf(e, i, fd);
    if (!s) {
      if (e.name === 'dup2' || e.name === 'dup3') {
        if (ok) this.closeFd(e.pid, ret, i, true);
      }
      return;
    }
    this.eventSock[i] = s.id;
    s.events.push(i);
    this.transition(e, i, s, ok, ret);
  }

  private transition(e: SyscallEvent, i: number, s: SocketLife, ok: boolean, ret: number): void {
    const a = e.args;
    switch (e.name) {
      case 'bind':
        if (ok) s.bound = { at: i, addr: isAddr(a.addr) ? a.addr : undefined };
        break;
      case 'listen':
        if (ok) s.listening = i;
        break;
      case 'connect':
        // interrupted by a signal, a connect goes on in the kernel as a non-blocking one does
        if (ok || e.errno === 'EINPROGRESS' || e.restart) s.connected = { at: i, addr: isAddr(a.addr) ? a.addr : undefined };
        break;
      case 'accept':
      case 'accept4':
        if (ok) {
          const n = this.make('accept', i, s.family, s.type);
          n.listenerId = s.id;
          if (isAddr(a.addr) && meaningful(a.addr)) n.peer = a.addr;
          this.open(e.pid, ret, n, i, withFlag(a.flags, 'SOCK_CLOEXEC'));
        }
        break;
      case 'shutdown':
        if (ok) s.shutdown = { at: i, how: String(a.how) };
        break;
      case 'close':
        if (ok || e.errno !== 'EBADF') this.closeFd(e.pid, fdOf(e) ?? -1, i, true);
        break;
      default:
        if (ok && DUP_CALLS.has(e.name)) {
          const cloexec = e.name === 'dup3' && withFlag(a.flags, 'O_CLOEXEC');
          if (ret !== fdOf(e)) this.open(e.pid, ret, s, i, cloexec);
        } else if (e.name === 'fcntl' && ok && typeof a.cmd === 'string' && a.cmd.startsWith('F_DUPFD')) {
          this.open(e.pid, ret, s, i, a.cmd === 'F_DUPFD_CLOEXEC');
        } else if (ret > 0 && SEND_CALLS.has(e.name)) s.sends.push(i);
        else if (ret > 0 && RECV_CALLS.has(e.name)) s.recvs.push(i);
    }
  }
}

/** Sockets, the socket of every event, and the sequence-diagram arrows of a trace in seq order. */
export function analyseTrace(events: readonly TraceEvent[]): TraceModel {
  const b = new Builder(events);
  b.run();
  const arrows = matchArrows(events, b.sockets);
  return { sockets: b.sockets, eventSock: b.eventSock, arrows };
}

// ---- matching calls across processes ----

function isV4Wild(a: string): boolean {
  return a === '0.0.0.0' || a === '::' || a === '::ffff:0.0.0.0';
}

function plainAddr(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** Whether two addresses name the same endpoint; a wildcard (INADDR_ANY) address matches any on its port. */
export function sameEndpoint(x: SockAddr | undefined, y: SockAddr | undefined): boolean {
  if (!x || !y) return false;
  if ('port' in x && 'port' in y) {
    if (x.port !== y.port) return false;
    return isV4Wild(x.addr) || isV4Wild(y.addr) || plainAddr(x.addr) === plainAddr(y.addr);
  }
  if ('family' in x && x.family === 'AF_UNIX' && 'family' in y && y.family === 'AF_UNIX') {
    const px = 'path' in x ? x.path : undefined, py = 'path' in y ? y.path : undefined;
    if (px) return px === py;
    const ax = 'abstract' in x ? x.abstract : undefined, ay = 'abstract' in y ? y.abstract : undefined;
    return !!ax && ax === ay;
  }
  return false;
}

export function endpointKey(a: SockAddr | undefined): string {
  if (!a) return '';
  if ('port' in a) return `${plainAddr(a.addr)}:${a.port}`;
  if ('path' in a && a.path) return a.path;
  if ('abstract' in a && a.abstract) return `@${a.abstract}`;
  return '';
}

function isStream(s: SocketLife): boolean {
  return !!s.type && /SOCK_STREAM/.test(s.type);
}

/** Pairs each accepted socket with the client socket that connected to it. */
function pairConnections(sockets: SocketLife[], arrows: Arrow[]): void {
  const clients = sockets
    .filter((s) => s.connected && s.origin !== 'accept' && s.peerId === undefined && isStream(s))
    .sort((x, y) => x.connected!.at - y.connected!.at);
  const taken = new Set<number>();
  for (const acc of sockets) {
    if (acc.origin !== 'accept' || acc.peerId !== undefined) continue;
    const listener = acc.listenerId !== undefined ? sockets[acc.listenerId] : undefined;
    const local = acc.local ?? listener?.local ?? listener?.bound?.addr;
    const exact = clients.find((c) => !taken.has(c.id) && sameEndpoint(c.connected?.addr, local) &&
      meaningful(c.local) && meaningful(acc.peer) && sameEndpoint(c.local, acc.peer));
    // Without both ends' addresses (AF_UNIX, or a tracer that missed them) connections are taken in order.
    const c = exact ?? clients.find((c) => !taken.has(c.id) && sameEndpoint(c.connected?.addr, local) &&
      !(meaningful(c.local) && meaningful(acc.peer)));
    if (!c) continue;
    taken.add(c.id);
    c.peerId = acc.id;
    acc.peerId = c.id;
    if (c.connected && acc.created !== undefined) arrows.push({ kind: 'connect', from: c.connected.at, to: acc.created });
  }
}

function retOf(events: readonly TraceEvent[], i: number): number {
  const e = events[i] as SyscallEvent;
  return e.ret ?? 0;
}

/** Byte-stream matching: a send covering bytes [a, b) reaches every receive that covers some of them. */
function matchStream(events: readonly TraceEvent[], sends: number[], recvs: number[], arrows: Arrow[]): void {
  let si = 0, sOff = 0, rOff = 0;
  for (const r of recvs) {
    const rEnd = rOff + retOf(events, r);
    while (si < sends.length && rOff < rEnd) {
      const sEnd = sOff + retOf(events, sends[si]);
      const overlap = Math.min(sEnd, rEnd) - Math.max(sOff, rOff);
      if (overlap > 0) arrows.push({ kind: 'stream', from: sends[si], to: r, bytes: overlap });
      if (sEnd <= rEnd) {
        sOff = sEnd;
        si++;
      } else break;
    }
    rOff = rEnd;
  }
}

function destOf(e: SyscallEvent, s: SocketLife): SockAddr | undefined {
  const a = e.args;
  if (isAddr(a.dest_addr)) return a.dest_addr;
  const msg = a.msg;
  if (typeof msg === 'object' && msg !== null && !Array.isArray(msg) && isAddr((msg as Record<string, ArgValue>).msg_name)) {
    return (msg as Record<string, ArgValue>).msg_name as SockAddr;
  }
  return s.peer ?? s.connected?.addr;
}

function srcOf(e: SyscallEvent): SockAddr | undefined {
  const a = e.args;
  if (isAddr(a.src_addr)) return a.src_addr;
  const msg = a.msg;
  if (typeof msg === 'object' && msg !== null && !Array.isArray(msg)) {
    const n = (msg as Record<string, ArgValue>).msg_name;
    if (isAddr(n)) return n;
  }
  return undefined;
}

/** Datagrams: each send goes to the first unmatched receive on the destination socket from that source. */
function matchDatagrams(events: readonly TraceEvent[], sockets: SocketLife[], arrows: Arrow[]): void {
  const dgram = sockets.filter((s) => !isStream(s));
  // per receiving socket: queues of receive event indexes by source address (undefined when not reported)
  const queues = new Map<number, { src?: SockAddr; q: number[] }[]>();
  for (const r of dgram) {
    const qs: { src?: SockAddr; q: number[] }[] = [];
    for (const i of r.recvs) {
      const src = srcOf(events[i] as SyscallEvent);
      const k = endpointKey(src);
      let entry = qs.find((x) => endpointKey(x.src) === k);
      if (!entry) qs.push((entry = { src, q: [] }));
      entry.q.push(i);
    }
    queues.set(r.id, qs);
  }
  const sends = dgram.flatMap((s) => s.sends.map((i) => [i, s.id] as const)).sort((x, y) => x[0] - y[0]);
  for (const [i, sid] of sends) {
    const s = sockets[sid], e = events[i] as SyscallEvent;
    const dest = destOf(e, s);
    const targets = s.peerId !== undefined ? [sockets[s.peerId]] : dgram.filter((r) => r !== s && sameEndpoint(r.local ?? r.bound?.addr, dest));
    const bytes = e.ret ?? 0;
    for (const r of targets) {
      const qs = queues.get(r.id) ?? [];
      const entry = qs.find((x) => x.q.length && sameEndpoint(x.src, s.local)) ?? qs.find((x) => x.q.length && !x.src);
      // A datagram is read whole or truncated to the buffer; a larger read is not this datagram.
      if (entry && retOf(events, entry.q[0]) <= bytes) {
        arrows.push({ kind: 'dgram', from: i, to: entry.q.shift()!, bytes });
        break;
      }
    }
  }
}

function matchArrows(events: readonly TraceEvent[], sockets: SocketLife[]): Arrow[] {
  const arrows: Arrow[] = [];
  pairConnections(sockets, arrows);
  for (const s of sockets) {
    if (!isStream(s) || s.peerId === undefined || s.peerId < s.id) continue;
    const p = sockets[s.peerId];
    matchStream(events, s.sends, p.recvs, arrows);
    matchStream(events, p.sends, s.recvs, arrows);
  }
  matchDatagrams(events, sockets, arrows);
  return arrows.sort((a, b) => a.from - b.from || a.to - b.to);
}
