// What a run did at each line of the student's code: syscall events grouped by call site, and the one-line
// summary a CodeLens shows, e.g. `socket() -> fd 3 (AF_INET, SOCK_STREAM)` or `recv x12 · 1.2 KB · blocked 3.1 s`.
// Pure: no vscode, no I/O.
import type { ArgValue, SyscallEvent, TraceEvent } from '../../common/events';
import { restartOf } from '../../common/events';
import { addrText } from '../../common/format';
import { isAddr, isRecv, isSend } from '../../common/trace-model';

/** Calls at one source line of one file. */
export interface LineCalls {
  file: string;
  /** 1-based, as call sites are */
  line: number;
  events: SyscallEvent[];
}

/** Groups syscall events by their call site; events without one are left out. */
export class SiteIndex {
  private readonly byKey = new Map<string, LineCalls>();

  add(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (e.type !== 'syscall' || !e.site) continue;
      const key = `${e.site.file}\0${e.site.line}`;
      let g = this.byKey.get(key);
      if (!g) this.byKey.set(key, (g = { file: e.site.file, line: e.site.line, events: [] }));
      g.events.push(e);
    }
  }

  clear(): void {
    this.byKey.clear();
  }

  /** The groups for a document, whose call sites may be written absolute or relative to the build folder. */
  forFile(docPath: string): Map<number, LineCalls> {
    const out = new Map<number, LineCalls>();
    for (const g of this.byKey.values()) if (sameFile(g.file, docPath)) out.set(g.line, g);
    return out;
  }

  get size(): number {
    return this.byKey.size;
  }
}

export function sameFile(siteFile: string, docPath: string): boolean {
  if (siteFile === docPath) return true;
  if (siteFile.startsWith('/')) return false;
  const rel = siteFile.replace(/^\.\//, '');
  return docPath.endsWith('/' + rel);
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function secondsText(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(1)} s`;
  if (ns >= 1e6) return `${Math.round(ns / 1e6)} ms`;
  return `${Math.max(1, Math.round(ns / 1e3))} µs`;
}

/** Time spent in calls worth calling "blocked": a user notices 50 ms. */
const BLOCKED_NS = 50e6;

function flagName(v: ArgValue | undefined): string | undefined {
  if (typeof v === 'string') return v.split('|')[0];
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * A call a signal interrupted (ERESTARTSYS and its kin, `restart`): the program never saw that result,
 * it saw the call restarted (the next event) or EINTR, so it is no failure of the student's.
 */
export function interrupted(e: SyscallEvent): boolean {
  return restartOf(e) !== undefined;
}

function singleText(e: SyscallEvent, name: string): string {
  if (interrupted(e)) return `${name}() … interrupted by a signal`;
  if (e.ret === null) return `${name}() … still waiting when the program ended`;
  if (e.errno) return `${name}() -> -1 ${e.errno}${e.injected ? ' (injected)' : ''}`;
  const a = e.args;
  switch (e.name) {
    case 'socket': {
      const kind = [flagName(a.domain), flagName(a.type)].filter(Boolean).join(', ');
      return `${name}() -> fd ${e.ret}${kind ? ` (${kind})` : ''}`;
    }
    case 'accept':
    case 'accept4': {
      // the tracer describes the accepted socket as newsock (addr is NULL when the program passes NULL)
      const peer = isAddr(a.addr) ? a.addr : e.newsock?.peer;
      return `${name}() -> fd ${e.ret}${peer ? ` from ${addrText(peer)}` : ''}`;
    }
    case 'bind':
    case 'connect':
      return `${name}() -> ${e.ret}${isAddr(a.addr) ? ` (${addrText(a.addr)})` : ''}`;
    case 'listen':
      return `${name}() -> ${e.ret}${typeof a.backlog === 'number' ? ` (backlog ${a.backlog})` : ''}`;
    case 'dup': case 'dup2': case 'dup3': case 'epoll_create': case 'epoll_create1':
      return `${name}() -> fd ${e.ret}`;
    default:
      if (isSend(e.name) || isRecv(e.name)) return `${name}() -> ${bytesText(e.ret ?? 0)}`;
      return `${name}() -> ${e.ret}`;
  }
}

/** The summary of every call made at one line. `name` is the function as the source spells it. */
export function summarize(all: readonly SyscallEvent[], name?: string): string {
  if (all.length === 0) return '';
  const shown = name ?? all[0].name;
  const blocked = all.reduce((s, e) => s + (e.dur ?? 0), 0);
  const blockedText = blocked >= BLOCKED_NS ? ` · blocked ${secondsText(blocked)}` : '';
  // an interrupted call is counted once, by the call that restarted it (or not at all if the program saw EINTR)
  const events = all.filter((e) => !interrupted(e));
  const cut = all.length - events.length;
  const cutText = cut > 0 ? ` · ${cut === 1 ? '' : `${cut}x `}interrupted by a signal` : '';
  if (events.length === 0) return singleText(all[all.length - 1], shown) + (cut > 1 ? ` (${cut}x)` : '') + blockedText;
  if (events.length === 1) return singleText(events[0], shown) + cutText + blockedText;
  const parts = [`${shown} x${events.length}`];
  const moving = events.filter((e) => isSend(e.name) || isRecv(e.name));
  if (moving.length > 0) parts.push(bytesText(moving.reduce((s, e) => s + (e.ret !== null && e.ret > 0 ? e.ret : 0), 0)));
  const failed = events.filter((e) => e.errno);
  if (cut > 0) parts.push(`${cut === 1 ? '' : `${cut}x `}interrupted by a signal`);
  if (failed.length > 0) {
    const names = [...new Set(failed.map((e) => e.errno))].join(', ');
    parts.push(`${failed.length} failed (${names})`);
  }
  const eof = events.filter((e) => isRecv(e.name) && e.ret === 0).length;
  if (eof > 0) parts.push(`${eof === 1 ? '' : `${eof}x `}end of stream`);
  if (blocked >= BLOCKED_NS) parts.push(`blocked ${secondsText(blocked)}`);
  return parts.join(' · ');
}
