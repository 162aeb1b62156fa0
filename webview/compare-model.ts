// Comparing two traces: each call rendered with pids, fds and ephemeral ports replaced by names given in order
// of appearance, then the first place where a process's calls differ. Pure: the host may call it too.
import type { ArgValue, SyscallEvent, TraceEvent } from '../common/events';
import { restartOf } from '../common/events';
import { cString, isPayload } from '../common/format';
import { hexBytes } from './bytes';
import { NEW_FD_CALLS } from '../common/syscalls';

export interface NormLine {
  /** event index in its trace */
  idx: number;
  text: string;
}

export interface NormProc {
  label: string;
  pid: number;
  lines: NormLine[];
}

export interface Divergence {
  label: string;
  /** position in the process's lines */
  at: number;
  a?: NormLine;
  b?: NormLine;
}

export interface Comparison {
  a: Map<string, NormProc>;
  b: Map<string, NormProc>;
  divergence: Divergence | null;
}

const FD_KEYS = new Set(['fd', 'sockfd', 'oldfd', 'newfd', 'out_fd', 'in_fd', 'epfd']);
// Linux's default net.ipv4.ip_local_port_range is 32768-60999; ports from there are picked by the kernel.
const isEphemeral = (port: number) => port >= 32768;

interface ProcNames { label: string; fds: Map<number, string>; next: number }

class Normaliser {
  readonly procs = new Map<string, NormProc>();
  private readonly byPid = new Map<number, ProcNames>();
  private readonly ports = new Map<number, string>();

  private proc(pid: number): ProcNames {
    let p = this.byPid.get(pid);
    if (!p) {
      p = { label: `P${this.byPid.size + 1}`, fds: new Map(), next: 1 };
      this.byPid.set(pid, p);
      this.procs.set(p.label, { label: p.label, pid, lines: [] });
    }
    return p;
  }

  private fd(p: ProcNames, fd: number, fresh = false): string {
    let n = p.fds.get(fd);
    if (!n || fresh) p.fds.set(fd, (n = `fd${p.next++}`));
    return n;
  }

  private port(port: number): string | number {
    if (!isEphemeral(port)) return port;
    let n = this.ports.get(port);
    if (!n) this.ports.set(port, (n = `eph${this.ports.size + 1}`));
    return n;
  }

  private value(p: ProcNames, key: string, v: ArgValue): string {
    if (typeof v === 'number' && FD_KEYS.has(key)) return this.fd(p, v);
    if (v === null) return 'NULL';
    if (typeof v !== 'object') return String(v);
    if (Array.isArray(v)) return `[${v.map((x) => (key === 'sv' && typeof x === 'number' ? this.fd(p, x, true) : this.value(p, '', x))).join(', ')}]`;
    if (isPayload(v)) return `${cString(hexBytes(v.hex), 256)}/${v.len}`;
    const parts = Object.entries(v).map(([k, x]) => `${k}=${k === 'port' && typeof x === 'number' ? this.port(x) : this.value(p, k, x)}`);
    return `{${parts.join(', ')}}`;
  }

  add(e: TraceEvent, idx: number): void {
    if (e.type === 'spawn') {
      const parent = this.proc(e.parent);
      if (e.thread) return;
      const child = this.proc(e.pid);
      child.fds = new Map(parent.fds);
      child.next = parent.next;
      this.line(parent, idx, `fork() = ${child.label}`);
      return;
    }
    const p = this.proc(e.pid);
    if (e.type === 'exit') this.line(p, idx, e.signal ? `killed by ${e.signal}` : `exit(${e.code ?? '?'})`);
    else if (e.type === 'signal') this.line(p, idx, `--- ${e.signal} ---`);
    else if (e.type === 'syscall') this.line(p, idx, this.syscall(p, e));
  }

  private syscall(p: ProcNames, e: SyscallEvent): string {
    const args = Object.entries(e.args).map(([k, v]) => this.value(p, k, v)).join(', ');
    const ok = e.ret !== null && e.ret >= 0;
    const ret = ok && NEW_FD_CALLS.has(e.name) ? this.fd(p, e.ret as number, true) : String(e.ret ?? '?');
    if (e.name === 'close' && ok) {
      const fd = e.args.fd;
      if (typeof fd === 'number') p.fds.delete(fd);
    }
    const restart = restartOf(e);
    if (restart) return `${e.name}(${args}) = ? ${restart}`;
    return `${e.name}(${args}) = ${ret}${e.errno ? ` ${e.errno}` : ''}`;
  }

  private line(p: ProcNames, idx: number, text: string): void {
    this.procs.get(p.label)!.lines.push({ idx, text });
  }
}

export function normaliseTrace(events: readonly TraceEvent[]): Map<string, NormProc> {
  const n = new Normaliser();
  events.forEach((e, i) => {
    if (e.type !== 'exec') n.add(e, i);
  });
  return n.procs;
}

/** Compares process by process (their interleaving is the scheduler's choice, not the program's). */
export function compareTraces(a: readonly TraceEvent[], b: readonly TraceEvent[]): Comparison {
  const na = normaliseTrace(a), nb = normaliseTrace(b);
  let best: Divergence | null = null;
  const order = (d: Divergence) => d.a?.idx ?? d.b?.idx ?? Infinity;
  for (const label of new Set([...na.keys(), ...nb.keys()])) {
    const la = na.get(label)?.lines ?? [], lb = nb.get(label)?.lines ?? [];
    for (let k = 0; k < Math.max(la.length, lb.length); k++) {
      if (la[k]?.text === lb[k]?.text) continue;
      const d: Divergence = { label, at: k, a: la[k], b: lb[k] };
      if (!best || order(d) < order(best)) best = d;
      break;
    }
  }
  return { a: na, b: nb, divergence: best };
}
