// Sentences for a run that met a limit: which limit, its value, and where the program was when it met it
// (the last call of the process concerned, or the calls still waiting when the clock ran out).
import type { SignalEvent, SpawnEvent, SyscallEvent, TraceEvent } from '../common/events';
import type { LimitHit } from '../common/run-end';
import type { Limits } from './run-adapter';
import { at, renderCall } from './trace-match';

export interface LimitSentence {
  text: string;
  /** the call the sentence is about */
  blame?: SyscallEvent;
}

/** Where the program was when it met a limit, found in the trace collected by then: the calls a sentence names. */
export interface LimitWhere {
  /** wall: the calls still waiting when the clock ran out (the first three) */
  waiting: SyscallEvent[];
  /** wall: the last traced call; mem: the last call of the process holding the most; procs: of the parent */
  last?: SyscallEvent;
  /** procs: the start of the process one too many */
  spawn?: SpawnEvent;
}

/** Bytes for people: "512 MiB", "1.5 GiB", "900 KiB". */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

function syscalls(events: TraceEvent[]): SyscallEvent[] {
  return events.filter((e): e is SyscallEvent => e.type === 'syscall').sort((a, b) => a.seq - b.seq);
}

function lastCallOf(events: TraceEvent[], pid: number | undefined): SyscallEvent | undefined {
  if (pid === undefined) return undefined;
  return syscalls(events).filter((c) => c.pid === pid).pop();
}

function whose(pid: number, c: SyscallEvent | undefined, who: string): string {
  return c ? ` ${who} ${pid}'s last traced call was ${renderCall(c)}${at(c)}.` : '';
}

/** The limit alone, for the "actual" side of a comparison: "memory limit of 512 MiB". */
export function limitName(hit: LimitHit): string {
  switch (hit.what) {
    case 'wall': return `wall-clock limit of ${hit.value} ms`;
    case 'mem': return `memory limit of ${sizeText(hit.value)}`;
    case 'procs': return `process limit of ${hit.value}`;
    case 'output': return `output limit of ${sizeText(hit.value)}`;
    default: return `${hit.what} limit of ${hit.value}`;
  }
}

/** Where the program was when it met the limit, from its trace. */
export function limitWhere(hit: LimitHit, events: TraceEvent[]): LimitWhere {
  switch (hit.what) {
    case 'wall': {
      const waiting = syscalls(events).filter((c) => c.unfinished).slice(0, 3);
      return { waiting, last: waiting.length ? waiting[waiting.length - 1] : syscalls(events).pop() };
    }
    case 'mem':
      return { waiting: [], last: lastCallOf(events, hit.pid) };
    case 'procs': {
      const spawn = events.find((e): e is SpawnEvent => e.type === 'spawn' && e.pid === hit.pid && !e.thread);
      return { waiting: [], spawn, last: lastCallOf(events, spawn?.parent) };
    }
    default:
      return { waiting: [] };
  }
}

/** The call of the student's code a limit's sentence points at first: the one whose line it names first. */
export function limitBlame(where: LimitWhere): SyscallEvent | undefined {
  const named = where.waiting.length ? where.waiting : where.last ? [where.last] : [];
  return named.find((c) => c.site);
}

/** The sentence for a limit the tracer (or the output count) stopped the run at, and where the program was. */
export function limitText(hit: LimitHit, where: LimitWhere): string {
  switch (hit.what) {
    case 'wall': {
      const { waiting, last } = where;
      const said = waiting.length
        ? ` It was still waiting in ${waiting.map((c) => `${renderCall(c)}${at(c)}`).join('; ')}.`
        : last ? ` Its last traced call was ${renderCall(last)}${at(last)}.` : '';
      return `the wall-clock limit of ${hit.value} ms was reached.${said}`;
    }
    case 'mem': {
      const used = hit.used ? `: its processes had ${sizeText(hit.used)} resident` : '';
      return `the memory limit of ${sizeText(hit.value)} (resident memory of all its processes together) was reached${used}.` +
        (hit.pid ? ` Process ${hit.pid} held the most.${whose(hit.pid, where.last, 'Process')}` : '');
    }
    case 'procs': {
      const { spawn } = where;
      const who = spawn ? ` when process ${spawn.parent} started process ${spawn.pid}.${whose(spawn.parent, where.last, 'Process')}` : '.';
      return `the process limit of ${hit.value} processes alive at once was reached${who} Each child must exit when its client is done, and be reaped.`;
    }
    case 'output':
      return `the output limit of ${sizeText(hit.value)} (standard output and error together) was reached.`;
    default:
      return `the ${hit.what} limit of ${hit.value} was reached.`;
  }
}

/** SIGXCPU and SIGXFSZ: the kernel's per-process limits, told as limits rather than bare signals. */
export function signalLimit(signal: string | null | undefined, limits: Limits | undefined): string | undefined {
  if (signal === 'SIGXCPU') return `the CPU time limit${limits?.cpuSeconds ? ` of ${limits.cpuSeconds} s` : ''} per process was reached (SIGXCPU)`;
  if (signal === 'SIGXFSZ') return 'the file size limit was reached (SIGXFSZ)';
  return undefined;
}

/** A process of the run killed by SIGXCPU or SIGXFSZ, as a sentence with its last call. */
export function signalLimitSentence(events: TraceEvent[], limits: Limits | undefined): LimitSentence | undefined {
  const sig = events.find((e): e is SignalEvent => e.type === 'signal' && (e.signal === 'SIGXCPU' || e.signal === 'SIGXFSZ'));
  if (!sig) return undefined;
  const c = syscalls(events).filter((x) => x.pid === sig.pid && x.ts <= sig.ts).pop();
  return { text: `Process ${sig.pid} was stopped: ${signalLimit(sig.signal, limits)}.${whose(sig.pid, c, 'Process')}`, blame: c };
}
