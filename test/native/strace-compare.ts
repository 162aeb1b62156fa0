// Comparing a socklab trace with strace's output of the same program: both become per-thread lists of
// `name fd = outcome addresses [constants]` lines (pids, ports, autobind names and fd numbers renamed by order
// of appearance; fds and constants on request), which must be equal. strace shows read/write/close/fcntl/ioctl on every fd and socklab on
// sockets only, so the socket fds are followed through strace's own output and only calls on them are kept.
import type { SockAddr, TraceEvent } from '../../common/events';
import { labelProcesses, perThread } from './normalize';
import { FD_FIRST_CALLS, NEW_FD_CALLS, ON_SOCKET_CALLS, TRACED_CALLS } from '../../common/syscalls';

/** What strace needs besides the calls socklab traces (TRACED_CALLS) to follow processes. */
export const LIFE = ['clone', 'clone3', 'fork', 'vfork', 'execve'];

/** One compared call: name, fd, outcome, addresses; the rest of the event only places it. */
export interface Call {
  type: 'syscall' | 'spawn';
  pid: number;
  tid: number;
  parent?: number;
  thread?: boolean;
  name?: string;
  outcome?: string;
  /** the fd the call works on (its first argument), for the calls that take one */
  fd?: number;
  addrs?: string[];
  /** the symbolic constants among the arguments (AF_INET, SOCK_STREAM, MSG_NOSIGNAL...), sorted */
  consts?: string[];
}

// ---- socklab's side ----

function ourAddrs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => ourAddrs(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('family' in o && !('hex' in o)) out.push(addrKey(o as SockAddr));
    else Object.values(o).forEach((x) => ourAddrs(x, out));
  }
  return out;
}

/** Value-result lengths the kernel changed (`{in, out}`), as `len IN=>OUT`, in argument order. */
function ourLens(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => ourLens(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 2 && typeof o.in === 'number' && typeof o.out === 'number') out.push(`len ${o.in}=>${o.out}`);
    else Object.values(o).forEach((x) => ourLens(x, out));
  }
  return out;
}

function addrKey(a: SockAddr): string {
  if ('port' in a) return `${a.family} ${a.addr} ${a.port}`;
  // a cut AF_UNIX address: strace shows the part of the path that was written
  if ('truncated' in a && 'raw' in a && a.family === 'AF_UNIX') {
    const path = Buffer.from(a.raw, 'hex').toString('latin1').split('\0')[0];
    return path ? `AF_UNIX ${path}` : 'AF_UNIX';
  }
  if ('path' in a && a.path !== undefined) return `AF_UNIX ${a.path}`;
  if ('abstract' in a && a.abstract !== undefined) return `AF_UNIX @${a.abstract}`;
  return String(a.family);
}

export function ourCalls(events: TraceEvent[]): Call[] {
  const calls: Call[] = [];
  for (const e of events) {
    if (e.type === 'spawn') calls.push({ type: 'spawn', pid: e.pid, tid: e.tid, parent: e.parent, thread: e.thread });
    else if (e.type === 'exec') calls.push({ type: 'syscall', pid: e.pid, tid: e.pid, name: 'execve', outcome: '0', addrs: [] });
    else if (e.type === 'syscall') {
      const outcome = e.restart ?? (e.ret === null ? '?' : e.errno ?? String(e.ret));
      const first = FD_FIRST_CALLS.has(e.name) ? Object.values(e.args ?? {})[0] : undefined;
      const fd = typeof first === 'number' ? first : undefined;
      // where the kernel wrote no address (length 0) strace shows the pointer; socklab, on an AF_UNIX
      // socket, the unnamed address the empty source is
      const len = e.args.addrlen;
      const empty = typeof len === 'object' && len !== null && !Array.isArray(len) && (len as { out?: unknown }).out === 0;
      const args = empty ? { ...e.args, addr: null, src_addr: null } : e.args;
      calls.push({ type: 'syscall', pid: e.pid, tid: e.tid, name: e.name, outcome, fd, addrs: [...ourAddrs(args), ...ourLens(e.args)], consts: ourConstants(args) });
    }
  }
  return calls;
}

/**
 * The words spelled like C constants in a text (either tracer's arguments), each once, sorted. strace's
 * quoted strings (buffers, paths) are left out; socklab's buffers are lowercase hex.
 */
export function constants(text: string, quoted = false): string[] {
  const t = quoted ? text.replace(/"(?:[^"\\]|\\.)*"/g, '""') : text;
  return [...new Set([...t.matchAll(/\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|FIO[A-Z]+|SIOC[A-Z]+|TC[GS][A-Z]+)\b/g)].map((m) => m[0]))].sort();
}

/** Options whose value socklab names and strace prints as a number. */
const NAMED_VALUES = new Set(['SO_TYPE', 'SO_DOMAIN', 'SO_PROTOCOL']);

function ourConstants(args: Record<string, unknown> | undefined): string[] {
  const a = { ...(args ?? {}) };
  if (NAMED_VALUES.has(String(a.optname))) delete a.optval;
  // an address the kernel could not read as one (kept as raw bytes) is a pointer in strace's output
  return constants(JSON.stringify(a, (k, v) => (v && typeof v === 'object' && 'hex' in v && 'family' in v ? { hex: v.hex } : v)))
    .filter((c) => !STRACE_NUMBERS.has(c));
}

/** Names socklab gives that strace 6.1 prints as numbers (its tables lack them). */
const STRACE_NUMBERS = new Set(['ICMP6_FILTER']);

/**
 * strace's arguments less the netlink messages it decodes (nlmsghdr, ifaddrmsg and their attributes):
 * socklab shows those bytes as they are.
 */
export function withoutNetlink(args: string): string {
  let out = args;
  for (let at = out.indexOf('nlmsg_len='); at >= 0; at = out.indexOf('nlmsg_len=')) {
    // from the outermost bracket that opens right before the message to the one that closes it
    let start = at;
    while (start > 0 && '[{'.includes(out[start - 1])) start--;
    let depth = 0;
    let end = start;
    for (; end < out.length; end++) {
      if ('[{'.includes(out[end])) depth++;
      else if (']}'.includes(out[end]) && --depth === 0) break;
    }
    out = out.slice(0, start) + 'NL' + out.slice(end + 1);
  }
  return out;
}

// ---- strace's side ----

/** Joins `<unfinished ...>` lines with their `<... resumed>` ends: [tid, text] in order of the calls' starts. */
export function straceLines(text: string): [number, string][] {
  const out: [number, string][] = [];
  const open = new Map<number, number>();
  for (const raw of text.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const tid = Number(m[1]);
    let body = m[2];
    if (body.startsWith('+++') || body.startsWith('---')) continue;
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(body);
    if (resumed) {
      const at = open.get(tid);
      if (at !== undefined) out[at][1] += resumed[1];
      open.delete(tid);
      continue;
    }
    const cut = body.indexOf(' <unfinished ...>');
    if (cut >= 0) {
      body = body.slice(0, cut);
      open.set(tid, out.length);
    }
    out.push([tid, body]);
  }
  return out;
}

/** Splits `name(args) = ret [ERRNO (text)] ...` into its parts. */
export function straceCall(body: string): { name: string; args: string; ret: string; errno?: string } | null {
  const m = /^(\w+)\(/.exec(body);
  if (!m) return null;
  // the result is after the last `) = ` (strace pads short calls with spaces) followed by a number or `?`
  const ends = [...body.matchAll(/\) +(?:= )/g)].reverse();
  for (const e of ends) {
    const r = /^(0x[0-9a-f]+|-?\d+|\?)(?: (E[A-Z0-9]+) \()?/.exec(body.slice(e.index! + e[0].length));
    if (!r) continue;
    return { name: m[1], args: body.slice(m[0].length, e.index), ret: r[1], errno: r[2] };
  }
  return { name: m[1], args: body.slice(m[0].length), ret: '?' };
}

/** Every socket address in strace's text of the arguments, as addrKey spells it. */
export function straceAddrs(args: string): string[] {
  const out: string[] = [];
  const re = /\{sa_family=(\w+)([^{}]*)\}/g;
  for (let m = re.exec(args); m; m = re.exec(args)) {
    const [, fam, rest] = m;
    if (fam === 'AF_INET') {
      const p = /sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]*)"\)/.exec(rest);
      out.push(p ? `AF_INET ${p[2]} ${p[1]}` : fam);
    } else if (fam === 'AF_INET6') {
      const port = /sin6_port=htons\((\d+)\)/.exec(rest);
      const addr = /inet_pton\(AF_INET6, "([^"]*)"/.exec(rest);
      out.push(port && addr ? `AF_INET6 ${addr[1]} ${port[1]}` : fam);
    } else if (fam === 'AF_UNIX') {
      const abs = /sun_path=@"((?:[^"\\]|\\.)*)"/.exec(rest);
      const p = /sun_path="((?:[^"\\]|\\.)*)"/.exec(rest);
      out.push(abs ? `AF_UNIX @${abs[1]}` : p ? `AF_UNIX ${p[1]}` : 'AF_UNIX');
    } else out.push(fam);
  }
  return out;
}

/** The value-result lengths the kernel changed, as strace shows them: `[16 => 28]`, `msg_namelen=6 => 16`. */
function straceLens(args: string): string[] {
  return [...args.matchAll(/(?:\[|msg_namelen=)(\d+) => (\d+)\]?/g)].map((m) => `len ${m[1]}=>${m[2]}`);
}

/**
 * strace's arguments less the addresses the kernel never read: with an addrlen beyond any sockaddr the call
 * fails with EINVAL, strace decodes the bytes anyway and socklab shows the pointer.
 */
function argsShown(name: string, args: string): string {
  const len = /, (\d+)$/.exec(args);
  if (['connect', 'bind', 'sendto'].includes(name) && len && Number(len[1]) > 128) return args.replace(/\{sa_family=[^{}]*\}/g, 'PTR');
  return args;
}

interface FdTable {
  socks: Set<number>;
  cloexec: Set<number>;
}

const copyTable = (t: FdTable): FdTable => ({ socks: new Set(t.socks), cloexec: new Set(t.cloexec) });
const num = (s: string) => (s.startsWith('0x') ? parseInt(s, 16) : Number(s));

/**
 * strace's output as calls, keeping read/write/close/fcntl/ioctl only on fds that are sockets; `inherited`:
 * the socket fds the program started with.
 */
export function straceCalls(text: string, inherited: number[] = []): Call[] {
  const lines = straceLines(text);
  const tgid = new Map<number, number>();
  const tables = new Map<number, FdTable>();
  const calls: Call[] = [];
  // children get their table when their creator's clone returns: find those first, since a child's
  // lines can come before the line that ends its creator's clone
  const created = new Map<number, { child: number; thread: boolean; files: boolean }>();
  lines.forEach(([, body], i) => {
    const c = straceCall(body);
    if (!c || !['clone', 'clone3', 'fork', 'vfork'].includes(c.name) || c.errno || c.ret === '?') return;
    created.set(i, { child: num(c.ret), thread: /CLONE_THREAD/.test(c.args), files: /CLONE_FILES/.test(c.args) });
  });
  const root = lines.length ? lines[0][0] : 0;
  tgid.set(root, root);
  tables.set(root, { socks: new Set(inherited), cloexec: new Set() });
  lines.forEach(([tid, body], i) => {
    const pid = tgid.get(tid) ?? tid;
    const fds = tables.get(tid) ?? tables.set(tid, { socks: new Set(), cloexec: new Set() }).get(tid)!;
    const c = straceCall(body);
    if (!c) return;
    const made = created.get(i);
    if (made) {
      tgid.set(made.child, made.thread ? pid : made.child);
      tables.set(made.child, made.thread || made.files ? fds : copyTable(fds));
      calls.push({ type: 'spawn', pid: made.thread ? pid : made.child, tid: made.child, parent: pid, thread: made.thread });
      return;
    }
    if (LIFE.includes(c.name)) {
      if (c.name === 'execve' && c.ret === '0') {
        for (const fd of fds.cloexec) fds.socks.delete(fd);
        fds.cloexec.clear();
        calls.push({ type: 'syscall', pid, tid, name: 'execve', outcome: '0', addrs: [] });
      }
      return;
    }
    const first = /^-?\d+/.exec(c.args);
    const fd = first ? Number(first[0]) : -1;
    if (ON_SOCKET_CALLS.has(c.name) && !fds.socks.has(fd)) return;
    calls.push({
      type: 'syscall', pid, tid, name: c.name, outcome: c.errno ?? String(num(c.ret)),
      fd: !FD_FIRST_CALLS.has(c.name) || !first ? undefined : fd, addrs: [...straceAddrs(argsShown(c.name, c.args)), ...straceLens(c.args)], consts: constants(withoutNetlink(argsShown(c.name, c.args)), true),
    });
    if (!c.errno && c.ret !== '?') trackFds(fds, c.name, c.args, num(c.ret), fd);
  });
  return calls;
}

function trackFds(t: FdTable, name: string, args: string, ret: number, fd: number): void {
  const add = (n: number, cloexec: boolean) => {
    t.socks.add(n);
    if (cloexec) t.cloexec.add(n);
    else t.cloexec.delete(n);
  };
  const dupTo = (n: number, cloexec: boolean) => {
    if (t.socks.has(fd)) add(n, cloexec);
    else t.socks.delete(n);
  };
  switch (name) {
    case 'socket': case 'accept': return add(ret, /SOCK_CLOEXEC/.test(args));
    case 'accept4': return add(ret, /SOCK_CLOEXEC/.test(args));
    case 'socketpair': {
      const sv = /\[(\d+), (\d+)\]$/.exec(args);
      if (sv) for (const n of [sv[1], sv[2]]) add(Number(n), /SOCK_CLOEXEC/.test(args));
      return;
    }
    case 'dup': return dupTo(ret, false);
    case 'dup2': return ret !== fd ? dupTo(ret, false) : undefined;
    case 'dup3': return dupTo(ret, /O_CLOEXEC/.test(args));
    case 'fcntl':
      if (/F_DUPFD/.test(args)) return dupTo(ret, /F_DUPFD_CLOEXEC/.test(args));
      if (/F_SETFD, FD_CLOEXEC/.test(args)) t.cloexec.add(fd);
      return;
    case 'close':
      t.socks.delete(fd);
      t.cloexec.delete(fd);
      return;
    case 'recvmsg': case 'recvmmsg':
      for (const m of args.matchAll(/cmsg_type=SCM_RIGHTS, cmsg_data=\[([\d, ]*)\]/g))
        for (const n of m[1].split(',').filter((x) => x.trim())) add(Number(n), /MSG_CMSG_CLOEXEC/.test(args));
      return;
  }
}

// ---- comparing ----

export interface LineOptions {
  /** threads make sockets at the same time: fd numbers differ from run to run, closes cannot be matched */
  racyFds?: boolean;
  /** show the fd each call works on, renamed per process by order of appearance (fd1, fd2...) */
  fds?: boolean;
  /** show the symbolic constants among the arguments (families, types, flags, option names...) */
  consts?: boolean;
}

/** Per thread (labelled as in the golden tests): the lines `name [fd] = outcome [addresses]`. */
export function perThreadLines(calls: Call[], opts: LineOptions = {}): Map<string, string[]> {
  const { racyFds = false } = opts;
  const events = calls as unknown as TraceEvent[];
  const labels = labelProcesses(events);
  const ports = new Map<string, string>();
  const autobind = new Map<string, string>();
  const out = new Map<string, string[]>();
  const fdNames = new Map<string, Map<number, string>>();
  for (const [who, group] of perThread(events, labels)) {
    const lines: string[] = [];
    const proc = who.replace(/\.t\d+$/, '');
    const names = fdNames.get(proc) ?? fdNames.set(proc, new Map()).get(proc)!;
    const fdName = (n: number) => names.get(n) ?? names.set(n, `fd${names.size + 1}`).get(n)!;
    for (const c of group as unknown as Call[]) {
      if (c.type !== 'syscall') continue;
      // With threads racing on fd numbers, strace's output (one line per call, written at exit) cannot
      // tell whose socket a close() released: a thread's close of fd N may finish after another thread's
      // socket() got N back. The tracer tracks this by the socket at entry (test/native/faults.test.ts
      // checks every close of 50 racing threads); here such closes are left out of the comparison.
      if (racyFds && c.name === 'close') continue;
      // ports and autobind names differ between the two runs: rename them by order of appearance
      const addrs = (c.addrs ?? []).map((a) => a
        .replace(/^(AF_INET6? \S+) (\d+)$/, (_, h, p) => `${h} ${p === '0' ? '0' : ports.get(p) ?? ports.set(p, `port${ports.size + 1}`).get(p)}`)
        .replace(/^AF_UNIX @([0-9a-f]{5})$/, (_, n) => `AF_UNIX @${autobind.get(n) ?? autobind.set(n, `auto${autobind.size + 1}`).get(n)}`));
      const newFd = NEW_FD_CALLS.has(c.name!) && /^\d+$/.test(c.outcome!);
      const outcome = !newFd ? c.outcome : racyFds ? 'fd' : opts.fds ? fdName(Number(c.outcome)) : c.outcome;
      const fd = opts.fds && !racyFds && c.fd !== undefined ? ` ${c.fd < 0 ? c.fd : fdName(c.fd)}` : '';
      const consts = opts.consts && c.consts?.length ? ` [${c.consts.join(',')}]` : '';
      lines.push(`${c.name}${fd} = ${outcome}${addrs.length ? ' ' + addrs.join(' ') : ''}${consts}`);
    }
    out.set(who, lines);
  }
  return out;
}


/** strace's command line for tracing argv the way these comparisons expect, its output to out. */
export function straceArgv(out: string, argv: string[]): string[] {
  return ['-f', '--seccomp-bpf', '-qq', '-e', `trace=${[...TRACED_CALLS, ...LIFE].join(',')}`, '-e', 'signal=none',
    '-o', out, '--', ...argv];
}
