// What sockets exist, read from /proc/net (which shows the reader's network namespace, the one the
// graded program shares): is a port listened on yet, and what are the program's own sockets bound to.
import * as fs from 'node:fs';
import { isSwappedPort } from '../common/teaching';

export interface ProcSocket {
  proto: 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix';
  inode: number;
  port?: number;
  /** the local address, as text (0.0.0.0, 127.0.0.1, ::, ::1, ...) */
  addr?: string;
  path?: string;
  listening: boolean;
}

const TCP_LISTEN = '0A';
const UNIX_ACCEPTCON = 0x10000;

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}

/** /proc/net prints addresses as 32-bit words in host (little-endian) order. */
function addrText(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  return 'an IPv6 address';
}

/** The program's listening TCP sockets and bound UDP sockets (not its Unix ones). */
export function listeningSockets(pid: number): ProcSocket[] {
  const mine = socketInodes(pid);
  return procSockets().filter((s) => mine.has(s.inode) && s.listening && s.proto !== 'unix');
}

/** "TCP [::1]:5000, UDP 127.0.0.1:5001": what the program's sockets listen on, for messages. */
export function listeningText(socks: ProcSocket[]): string {
  return socks.map((s) => `${s.proto.startsWith('tcp') ? 'TCP' : 'UDP'} ${s.proto.endsWith('6') ? `[${s.addr}]` : s.addr}:${s.port}`).join(', ');
}

/** An IPv6 socket on the any address [::]. */
export function onAnyIpv6(s: ProcSocket): boolean {
  return s.proto.endsWith('6') && s.addr === '::';
}

export function procSockets(): ProcSocket[] {
  const out: ProcSocket[] = [];
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    for (const line of readLines(`/proc/net/${proto}`)) {
      const f = line.trim().split(/\s+/);
      const [hex, portHex] = f[1].split(':');
      const listening = proto.startsWith('tcp') ? f[3] === TCP_LISTEN : true;
      out.push({ proto, inode: Number(f[9]), port: parseInt(portHex, 16), addr: addrText(hex), listening });
    }
  }
  for (const line of readLines('/proc/net/unix')) {
    const f = line.trim().split(/\s+/);
    out.push({ proto: 'unix', inode: Number(f[6]), path: f[7], listening: (parseInt(f[3], 16) & UNIX_ACCEPTCON) !== 0 });
  }
  return out;
}

/** Is something listening (TCP), bound (UDP), or a listening Unix socket at this path (@name = abstract)? */
export function isReady(kind: 'tcp' | 'udp' | 'unix', where: string): boolean {
  const socks = procSockets();
  if (kind === 'unix') return socks.some((s) => s.proto === 'unix' && s.path === where && s.listening);
  const port = Number(where);
  return socks.some((s) => s.proto.startsWith(kind) && s.port === port && s.listening);
}

/** A process and all its descendants (/proc/PID/task/TID/children), e.g. a tracer and the traced program. */
export function family(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length && out.length < 1000; i++) {
    try {
      for (const tid of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** Socket inodes held open by a process or its descendants (their /proc/PID/fd links "socket:[N]"). */
export function socketInodes(root: number): Set<number> {
  const inodes = new Set<number>();
  for (const pid of family(root)) addInodes(pid, inodes);
  return inodes;
}

function addInodes(pid: number, inodes: Set<number>): void {
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(Number(m[1]));
      } catch {
        // the fd closed while we looked
      }
    }
  } catch {
    // the process is gone or not ours to read
  }
}

/** Why a server is not reachable where the grader expected it, judged from the program's own sockets. */
export type Readiness =
  | { kind: 'noSocket' }
  | { kind: 'noUnixPath' }
  /** an abstract name bound with the length of all of sun_path: the wanted name, then `nuls` NUL bytes */
  | { kind: 'nulPadded'; name: string; nuls: number }
  /** bound where wanted, but no listen() */
  | { kind: 'notListening'; unix: boolean }
  | { kind: 'otherPath'; path: string; wanted: string }
  | { kind: 'noPort'; proto: 'tcp' | 'udp' }
  /** `swapped`: the wanted port with its two bytes swapped (no htons()) */
  | { kind: 'otherPort'; port: number; wanted: number; swapped: boolean };

/** The program has settled on a socket that will not become the one wanted: waiting longer cannot help. */
export function settled(r: Readiness): boolean {
  return r.kind === 'otherPort' || r.kind === 'notListening' || r.kind === 'nulPadded';
}

/** Why the program's sockets are not the one the grader waits for; undefined when they tell nothing. */
export function readiness(pid: number, kind: 'tcp' | 'udp' | 'unix', where: string): Readiness | undefined {
  const mine = socketInodes(pid);
  const socks = procSockets().filter((s) => mine.has(s.inode));
  if (socks.length === 0) return mine.size === 0 ? { kind: 'noSocket' } : undefined;
  if (kind === 'unix') {
    const named = socks.filter((s) => s.proto === 'unix' && s.path);
    if (named.length === 0) return { kind: 'noUnixPath' };
    const path = named[0].path as string;
    const rest = path.startsWith(where) ? path.slice(where.length) : '';
    if (where.startsWith('@') && rest !== '' && /^@+$/.test(rest)) return { kind: 'nulPadded', name: where, nuls: rest.length };
    return path === where ? { kind: 'notListening', unix: true } : { kind: 'otherPath', path, wanted: where };
  }
  const port = Number(where);
  const inet = socks.filter((s): s is ProcSocket & { port: number } => s.proto.startsWith(kind) && s.port !== undefined && s.port !== 0);
  if (inet.length === 0) return { kind: 'noPort', proto: kind };
  const s = inet.find((x) => x.port === port) ?? inet[0];
  if (s.port === port) return { kind: 'notListening', unix: false };
  return { kind: 'otherPort', port: s.port, wanted: port, swapped: isSwappedPort(s.port, port) };
}

/** What the program has nearest to the socket the grader waited for, said the way `listenWhat` says what it
 * wanted: "listening on TCP port 47892", "bound to the Unix socket /tmp/x (not listening)", "no socket". */
export function foundSocket(pid: number, kind: 'tcp' | 'udp' | 'unix', where: string): string {
  const mine = socketInodes(pid);
  const socks = procSockets().filter((s) => mine.has(s.inode));
  const state = (s: ProcSocket) => (s.listening ? 'listening on' : 'bound to');
  if (kind === 'unix') {
    const s = socks.find((x) => x.proto === 'unix' && x.path === where) ?? socks.find((x) => x.proto === 'unix' && x.path);
    return s ? `${state(s)} the Unix socket ${s.path}${s.listening ? '' : ' (not listening)'}` : 'no Unix socket bound to a path';
  }
  const inet = socks.filter((s) => s.proto.startsWith(kind) && s.port !== undefined && s.port !== 0);
  const s = inet.find((x) => x.port === Number(where)) ?? inet[0];
  const name = kind.toUpperCase();
  if (!s) return socks.length === 0 ? 'no socket' : `no socket bound to a ${name} port`;
  return `${kind === 'udp' ? 'bound to' : state(s)} ${name} port ${s.port}${kind === 'tcp' && !s.listening ? ' (not listening)' : ''}`;
}
