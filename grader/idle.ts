// While the grader pauses (a client connected and silent, or between steps), a correct program blocks: it
// makes few calls and uses almost no CPU. A program that loops on a call that returns at once (recv() = 0 on
// a closed connection, EBADF on a closed fd, poll() reporting POLLNVAL) spins. The `idle` peer action
// measures a window: the CPU time of the program's processes (from /proc) and, after the run, the syscalls
// the trace has in that window; the `idle` trace rule judges them and names the call that spins.
import * as fs from 'node:fs';
import type { SyscallEvent, TraceEvent } from '../common/events';
import type { SourceHint } from './hints';
import type { RuleResult } from './trace-rules';
import { family } from './netstat';
import { at, fdOf, renderCall } from './trace-match';

/** One pause of the grader, in the trace's clock (ns since the trace began). */
export interface IdleWindow {
  /** what the grader was doing, for messages: "a client connected and silent" */
  label: string;
  fromNs: number;
  toNs: number;
  /** CPU time the program's processes used in the window, when /proc could say */
  cpuMs?: number;
  /** the program's processes at the window's end, its first one (the started process) first */
  procs?: ProcState[];
}

export interface ProcState {
  pid: number;
  ppid: number;
  /** the kernel's letter: R, S, D, Z (zombie: exited, its status not yet collected), ... */
  state: string;
}

/** Generous: a blocked program makes none; a timeout of 10 ms in a poll loop makes 100 a second. */
export const MAX_CALLS_PER_SECOND = 400;
/** at least this many calls before a window fails on its count, however short it is */
export const MIN_CALLS = 40;
/** the share of the window's wall time the program may spend on a CPU */
export const MAX_CPU_SHARE = 0.5;

const TICK_MS = 10; // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK))

interface ProcStat {
  ppid: number;
  state: string;
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: the fields start after the last ')'
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), state: f[0], ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;  // the process has gone
  }
}

/** The processes under `root` (and `root` itself when `withRoot`), parents before their children. */
export function treeProcs(root: number, withRoot: boolean): (ProcState & { ticks: number })[] {
  const pids = family(root);
  const tree: (ProcState & { ticks: number })[] = [];
  for (const pid of withRoot ? pids : pids.slice(1)) {
    const s = readStat(pid);
    if (s) tree.push({ pid, ...s });
  }
  return tree;
}

/**
 * CPU ticks (user + system, all threads) of each descendant of `root`, and of `root` itself when
 * `withRoot` (root is the tracer process when traced: its own work is not the program's).
 */
export function treeTicks(root: number, withRoot: boolean): Map<number, number> {
  return new Map(treeProcs(root, withRoot).map((p) => [p.pid, p.ticks]));
}

/** CPU time used between two readings: a process new in the second counts from zero. */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += Math.max(0, t - (before.get(pid) ?? 0));
  return ticks * TICK_MS;
}

function syscallsIn(w: IdleWindow, evs: TraceEvent[]): SyscallEvent[] {
  return evs.filter((e): e is SyscallEvent => e.type === 'syscall' && e.ts >= w.fromNs && e.ts <= w.toNs);
}

/** The call made most often in the window, by name, fd, result and line. */
function commonest(calls: SyscallEvent[]): { ev: SyscallEvent; n: number } | undefined {
  const counts = new Map<string, { ev: SyscallEvent; n: number }>();
  for (const c of calls) {
    const key = [c.name, fdOf(c), c.ret, c.errno, c.site?.file, c.site?.line].join('|');
    const k = counts.get(key);
    if (k) k.n++;
    else counts.set(key, { ev: c, n: 1 });
  }
  let best: { ev: SyscallEvent; n: number } | undefined;
  for (const k of counts.values()) if (!best || k.n > best.n) best = k;
  // a wait that returns at once comes with the call it wakes for: that call's result is the reason
  const telling = [...counts.values()].filter((k) => best && k.n * 2 >= best.n && tellingResult(k.ev));
  return telling.sort((a, b) => b.n - a.n)[0] ?? best;
}

/** A result that by itself says why a loop spins. */
function tellingResult(ev: SyscallEvent): boolean {
  return /POLLNVAL/.test(renderCall(ev)) || ev.errno === 'EBADF' || (ev.ret === 0 && /recv|read/.test(ev.name));
}

function advice(ev: SyscallEvent): string {
  const said = renderCall(ev);
  if (/POLLNVAL/.test(said)) return 'POLLNVAL means an fd in the poll set is not open: when you close an fd, take it out of the set (or set its fd to -1).';
  if (ev.errno === 'EBADF') return 'EBADF means the fd is not open (closed already?): stop using it, and take it out of any loop or poll set.';
  if (ev.ret === 0 && /recv|read/.test(ev.name)) return `${ev.name}() returning 0 means the peer closed the connection: close the socket and stop reading it.`;
  if (ev.errno === 'EAGAIN' || ev.errno === 'EWOULDBLOCK') return 'On a non-blocking socket, wait for it to be ready (poll) instead of calling again at once.';
  return 'A call that returns at once, called again and again, spins: block until there is something to do.';
}

/** The fd a spinning call's result is about: the one poll() found POLLNVAL for, else the call's own. */
function spunFd(ev: SyscallEvent): number | undefined {
  const fds = ev.args.fds;
  if (Array.isArray(fds)) {
    const bad = fds.find((f) => !!f && typeof f === 'object' && !Array.isArray(f) && /POLLNVAL/.test(String((f as Record<string, unknown>).revents)));
    const fd = bad && (bad as Record<string, unknown>).fd;
    if (typeof fd === 'number') return fd;
  }
  return fdOf(ev);
}

/**
 * Where the spin began, in the trace: for an fd that is not open (POLLNVAL, EBADF), the close() of it; for
 * EAGAIN, where the fd was made non-blocking with nothing to wait for it.
 */
function spinCause(ev: SyscallEvent, evs: TraceEvent[]): SourceHint | undefined {
  const fd = spunFd(ev);
  if (fd === undefined) return undefined;
  const before = evs.filter((e): e is SyscallEvent => e.type === 'syscall' && e.pid === ev.pid && e.seq < ev.seq);
  if (/POLLNVAL/.test(renderCall(ev)) || ev.errno === 'EBADF') {
    const closed = before.filter((e) => e.name === 'close' && e.args.fd === fd && e.ret === 0).pop();
    return closed && { kind: 'call', ev: closed, note: `close(${fd}) here closed the fd, and the program went on using it${/POLLNVAL/.test(renderCall(ev)) ? ' in its poll set' : ''}` };
  }
  if (ev.errno === 'EAGAIN' || ev.errno === 'EWOULDBLOCK') {
    const made = before.filter((e) => (e.ret === fd && /SOCK_NONBLOCK/.test(String(e.args.type ?? e.args.flags ?? '')))
      || (fdOf(e) === fd && e.name === 'fcntl' && /O_NONBLOCK/.test(String(e.args.arg)))).pop();
    return made && { kind: 'call', ev: made, note: `${renderCall(made)} made fd ${fd} non-blocking, and nothing waits for it to be ready` };
  }
  return undefined;
}

/** Every window must be quiet: few calls and little CPU. */
export function judgeIdle(windows: IdleWindow[] | undefined, evs: TraceEvent[]): RuleResult {
  if (!windows || windows.length === 0) return noPause();
  for (const w of windows) {
    const ms = (w.toNs - w.fromNs) / 1e6;
    const calls = syscallsIn(w, evs);
    const maxCalls = Math.max(MIN_CALLS, Math.round((MAX_CALLS_PER_SECOND * ms) / 1000));
    const maxCpu = MAX_CPU_SHARE * ms;
    const tooMany = calls.length > maxCalls;
    const tooHot = w.cpuMs !== undefined && w.cpuMs > maxCpu && w.cpuMs >= 3 * TICK_MS;
    if (!tooMany && !tooHot) continue;
    const top = commonest(calls);
    const cpu = w.cpuMs !== undefined ? ` and used ${w.cpuMs} ms of CPU` : '';
    const spin = top
      ? ` ${top.n} of them were ${renderCall(top.ev)}${at(top.ev)}${fdOf(top.ev) !== undefined ? ` (fd ${fdOf(top.ev)})` : ''}. ${advice(top.ev)}`
      : ' It made almost no calls: a loop that never blocks spins on the CPU.';
    return {
      pass: false,
      blame: top?.ev,
      // the branch the code takes for that result is the loop's way round again
      hints: top ? [spinCause(top.ev, evs), { kind: 'after', ev: top.ev }].filter((h): h is SourceHint => h !== undefined) : undefined,
      message: `While the program should have been idle (${w.label}, ${Math.round(ms)} ms), it made ${calls.length} calls${cpu}.${spin}`,
      compared: {
        expected: `at most ${maxCalls} calls and ${Math.round(maxCpu)} ms of CPU in ${Math.round(ms)} ms`,
        actual: `${calls.length} calls, ${w.cpuMs ?? '?'} ms of CPU${top ? `\n${top.n} x ${renderCall(top.ev)}${at(top.ev)}` : ''}`,
      },
    };
  }
  return { pass: true };
}

function noPause(): RuleResult {
  return {
    pass: false,
    message: 'The run never reached the grader\'s pause, so there is no idle time to judge.',
    compared: { expected: 'a pause while the program waits', actual: '(none in this run)' },
  };
}

/** At the end of every pause, no child of the program is a zombie: each exited child was reaped. */
export function judgeReaped(windows: IdleWindow[] | undefined): RuleResult {
  const seen = (windows ?? []).filter((w) => w.procs && w.procs.length > 0);
  if (seen.length === 0) return noPause();
  for (const w of seen) {
    const zombies = (w.procs ?? []).slice(1).filter((p) => p.state === 'Z');
    if (zombies.length === 0) continue;
    return {
      pass: false,
      hints: [{ kind: 'reaper' }],
      message: `At the end of the grader's pause (${w.label}), ${zombies.length === 1 ? 'a child' : `${zombies.length} children`} of the program ` +
        `(pid ${zombies.map((z) => z.pid).join(', ')}) had exited but ${zombies.length === 1 ? 'was' : 'were'} still a zombie: the parent never ` +
        'collected the status with waitpid(). Reap children in a SIGCHLD handler that calls waitpid(-1, NULL, WNOHANG) in a loop ' +
        '(installed with sigaction and SA_RESTART).',
      compared: { expected: 'no zombie children', actual: zombies.map((z) => `pid ${z.pid}: zombie (state Z)`).join('\n') },
    };
  }
  return { pass: true };
}

/**
 * What a child still running did last (the blame), and where it was done with its client: its last close() of
 * a connection it read or wrote, after which it should have exited.
 */
function childLast(pid: number, evs: TraceEvent[]): Pick<RuleResult, 'blame' | 'hints'> {
  const mine = evs.filter((e): e is SyscallEvent => e.type === 'syscall' && e.pid === pid);
  const last = mine.filter((e) => e.site).pop();
  if (!last) return {};
  const served = new Set(mine.filter((e) => /^(recv|read|send|write)/.test(e.name)).map(fdOf));
  const done = mine.filter((e) => e.name === 'close' && e.ret === 0 && served.has(fdOf(e))).pop();
  const hints: SourceHint[] = done && done !== last
    ? [{ kind: 'call', ev: done, note: `the child was done with its client at ${renderCall(done)}: it should exit after this, and went on to ${last.name}()${at(last)}` }]
    : [];
  return { blame: last, hints };
}

/** At the end of every pause (all clients gone), the started process is the only one left. */
export function judgeChildrenExit(windows: IdleWindow[] | undefined, evs: TraceEvent[] = []): RuleResult {
  const seen = (windows ?? []).filter((w) => w.procs && w.procs.length > 0);
  if (seen.length === 0) return noPause();
  for (const w of seen) {
    const left = (w.procs ?? []).slice(1).filter((p) => p.state !== 'Z' && p.state !== 'X');
    if (left.length === 0) continue;
    return {
      pass: false,
      ...childLast((left.find((p) => evs.some((e) => e.pid === p.pid)) ?? left[0]).pid, evs),
      message: `At the end of the grader's pause (${w.label}), with no client connected, ${left.length === 1 ? 'a child process' : `${left.length} child processes`} ` +
        `(pid ${left.map((p) => p.pid).join(', ')}) still ran. A child that serves a client must exit once its client is done (_exit after the serve loop).`,
      compared: { expected: 'only the started process', actual: left.map((p) => `pid ${p.pid}: still running (state ${p.state})`).join('\n') },
    };
  }
  return { pass: true };
}
