// The trace rules a lab can ask for: an ordered sequence of calls, calls present or absent, a count,
// sockets closed, failed calls handled, short writes completed. Each returns a message on failure, with
// what it expected next to what the trace shows and the call to blame.
import type { SyscallEvent, TraceEvent } from '../common/events';
import { restartOf } from '../common/events';
import type { Comparison } from './comparison';
import type { SourceHint } from './hints';
import type { CallPattern, TraceRule } from './spec';
import { judgeChildrenExit, judgeIdle, judgeReaped, type IdleWindow } from './idle';
import { allNonblocking, childClosesListener, newSocketPerConnect } from './trace-sockets';
import { missingSubject } from './trace-subjects';
import { argsMatched, at, fdOf, isSocketFdCall, matchEvent, renderCall, renderValue, sentBytes, type Vars } from './trace-match';
import { COUNTED_SEND_CALLS, NEW_FD_CALLS } from '../common/syscalls';
import { NOT_YET_ERRNOS } from '../common/errnos';

export interface RuleResult {
  pass: boolean;
  message?: string;
  compared?: Comparison;
  /** the call the failure is about (its site is the student's line to look at) */
  blame?: SyscallEvent;
  /** the blamed call's argument that does not fit, as the trace names it ("addr.port") */
  arg?: string;
  /** more of the student's code the failure is about, answered from the source */
  hints?: SourceHint[];
}

/** The argument a why-not phrase is about: mismatch() says "addr.port is 5000, expected ...". */
function argOf(why: string | undefined): string | undefined {
  if (why && /NUL bytes, as the addrlen given/.test(why)) return 'addrlen';
  return why ? /^([a-z_][\w.]*) is /.exec(why)?.[1] : undefined;
}

const MAX_STEPS = 200_000;

function ordered(events: TraceEvent[]): TraceEvent[] {
  return [...events].sort((a, b) => (a.type === 'syscall' && b.type === 'syscall' ? a.seq - b.seq : a.ts - b.ts));
}

/** What a run measured besides its trace, for rules that read it. */
export interface RunMeasures {
  idle?: IdleWindow[];
}

export function evaluateRule(rule: TraceRule, events: TraceEvent[], measured: RunMeasures = {}): RuleResult {
  const evs = ordered(events);
  if (rule.rule === 'idle') return judgeIdle(measured.idle, evs);
  if (rule.rule === 'reaped') return judgeReaped(measured.idle);
  if (rule.rule === 'children-exit') return judgeChildrenExit(measured.idle, evs);
  const vacuous = missingSubject(rule, evs);
  if (vacuous) return vacuous;
  switch (rule.rule) {
    case 'sequence': return sequence(rule.calls, evs);
    case 'contains': return contains(rule.calls, evs);
    case 'absent': return absent(rule.call, evs);
    case 'count': return count(rule.call, evs, rule.min, rule.max);
    case 'closed': return closed(rule.which, evs);
    case 'handled': return handled(evs);
    case 'complete-writes': return completeWrites(evs);
    case 'all-nonblocking': return allNonblocking(evs);
    case 'new-socket-per-connect': return newSocketPerConnect(evs);
    case 'child-closes-listener': return childClosesListener(evs);
  }
}

// ---- sequence --------------------------------------------------------------------------------

interface Best {
  depth: number;
  matched: TraceEvent[];
  vars: Vars;
}

/** Calls in this order (others may come between); captures link them, e.g. listen on the bound socket. */
function sequence(calls: CallPattern[], evs: TraceEvent[]): RuleResult {
  const best: Best = { depth: 0, matched: [], vars: {} };
  let steps = 0;
  const search = (i: number, from: number, vars: Vars, matched: TraceEvent[]): boolean => {
    if (i > best.depth) Object.assign(best, { depth: i, matched: [...matched], vars });
    if (i === calls.length) return true;
    for (let j = from; j < evs.length && steps < MAX_STEPS; j++) {
      steps++;
      const r = matchEvent(calls[i], evs[j], vars);
      if (r.ok && search(i + 1, j + 1, r.vars, [...matched, evs[j]])) return true;
    }
    return false;
  };
  if (search(0, 0, {}, [])) return { pass: true };
  const missing = calls[best.depth];
  const last = best.matched[best.matched.length - 1];
  const after = best.depth === 0 ? '' : ` after ${calls[best.depth - 1].describe}${at(last as SyscallEvent)}`;
  const from = last ? evs.indexOf(last) + 1 : 0;
  const near = nearMiss(missing, evs.slice(from), best.vars);
  // a call missing altogether, where the call meant to come after it did come: it belongs before that one
  const next = near.ev || best.depth + 1 >= calls.length ? undefined
    : evs.slice(from).find((e): e is SyscallEvent => e.type === 'syscall' && matchEvent(calls[best.depth + 1], e, best.vars).ok);
  const text = next ? `The trace has no such call ${last ? 'between it and' : 'before'} ${renderCall(next)}${at(next)}.` : near.text;
  return {
    pass: false,
    message: `Expected ${missing.describe}${after}. ${text}`,
    compared: instead(missing, near),
    blame: near.ev ?? (last?.type === 'syscall' ? last : next),
    arg: near.ev ? argOf(near.why) : undefined,
    hints: next ? [
      ...(last?.type === 'syscall' ? [{ kind: 'belongs-after' as const, ev: last, note: `${missing.describe}: it belongs here, after ${last.name}() and its check` }] : []),
      { kind: 'call' as const, ev: next, note: `${missing.describe}: it belongs before this ${next.name}()` },
    ] : undefined,
  };
}

interface NearMiss {
  text: string;
  /** the trace's call of that name that did not fit, and why */
  ev?: SyscallEvent;
  why?: string;
}

/**
 * What the trace has instead: of the calls of the right name, the one that fits best (most of the wanted
 * arguments match; the first of equals), and why it does not fit. A call a signal interrupted is usually
 * made again right after, so one that was not interrupted is preferred.
 */
function nearMiss(p: CallPattern, evs: TraceEvent[], vars: Vars): NearMiss {
  let best: { miss: NearMiss; score: number } | undefined;
  for (const ev of evs) {
    const r = matchEvent(p, ev, vars);
    if (r.ok || !r.sameCall || ev.type !== 'syscall') continue;
    const score = argsMatched(p, ev, vars) - (restartOf(ev) ? 1000 : 0);
    if (best && score <= best.score) continue;
    best = { miss: { text: `The program called ${renderCall(ev)}${at(ev)}, but ${r.why}.`, ev, why: r.why }, score };
  }
  if (best) return best.miss;
  const names = Array.isArray(p.call) ? p.call.join('/') : p.call;
  return { text: `The trace has no such ${names.replace(/^@/, '')}() call${evs.length > 0 ? ' there' : ''}.` };
}

/**
 * The call a rule looked for next to the call the trace has in its place and, on a line of its own, why it does
 * not fit. (Only that
 * call: VS Code's inline summary of a failure is the first 30 characters of each side, and the calls that
 * matched before it would read the same on both.) No call in its place: nothing to compare, the message says it.
 */
function instead(p: CallPattern, near: NearMiss): Comparison | undefined {
  return near.ev ? { expected: p.describe, actual: `${renderCall(near.ev)}${at(near.ev)}\n${near.why}` } : undefined;
}

function contains(calls: CallPattern[], evs: TraceEvent[]): RuleResult {
  let vars: Vars = {};
  for (const p of calls) {
    const hit = evs.map((e) => matchEvent(p, e, vars)).find((r) => r.ok);
    if (!hit || !hit.ok) {
      const near = nearMiss(p, evs, vars);
      return { pass: false, message: `Expected ${p.describe}. ${near.text}`, compared: instead(p, near), blame: near.ev, arg: argOf(near.why) };
    }
    vars = hit.vars;
  }
  return { pass: true };
}

function absent(p: CallPattern, evs: TraceEvent[]): RuleResult {
  const hit = evs.find((e) => matchEvent(p, e, {}).ok);
  if (!hit) return { pass: true };
  const what = hit.type === 'syscall' ? `${renderCall(hit)}${at(hit)}` : `a new ${hit.type === 'spawn' && hit.thread ? 'thread' : 'process'}`;
  return {
    pass: false, message: `Expected no ${p.describe}; the program made ${what}.`,
    compared: { expected: `no ${p.describe}`, actual: what }, blame: hit.type === 'syscall' ? hit : undefined,
  };
}

function count(p: CallPattern, evs: TraceEvent[], min?: number, max?: number): RuleResult {
  const hits = evs.filter((e) => matchEvent(p, e, {}).ok);
  const n = hits.length;
  if ((min === undefined || n >= min) && (max === undefined || n <= max)) return { pass: true };
  const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
  const first = hits.find((e): e is SyscallEvent => e.type === 'syscall');
  return {
    pass: false, message: `Expected ${range} of ${p.describe}; the trace has ${n}${first ? ` (the first${at(first)})` : ''}.`,
    compared: { expected: `${range} of ${p.describe}`, actual: `${n} of ${p.describe}` }, blame: first,
  };
}

// ---- sockets closed ----------------------------------------------------------------------------

interface OpenSocket {
  ev: SyscallEvent;
  accepted: boolean;
  /** a copy a forked child got from its parent */
  inherited?: boolean;
}

/** Per-process fd tables: fork copies, a thread shares, exit reports what is still open. */
function closed(which: 'accepted' | 'all', evs: TraceEvent[]): RuleResult {
  const tables = new Map<number, Map<number, OpenSocket>>();
  const table = (pid: number) => {
    let t = tables.get(pid);
    if (!t) tables.set(pid, (t = new Map()));
    return t;
  };
  const leaks: { s: OpenSocket; pid: number }[] = [];
  for (const ev of evs) {
    if (ev.type === 'spawn') {
      if (!ev.thread && !tables.has(ev.pid)) tables.set(ev.pid, new Map(table(ev.parent)));
      // An inherited socket is the parent's to close; the child's copy goes away with the child.
      if (!ev.thread) for (const [fd, s] of table(ev.pid)) table(ev.pid).set(fd, { ...s, accepted: false, inherited: true });
      continue;
    }
    if (ev.type === 'exit' && (ev.tid === undefined || ev.tid === ev.pid)) {
      // Killed by the grader's stop, a server is not expected to tidy up its own sockets, but the clients
      // it accepted were all gone by then: their sockets should have been closed already.
      for (const s of table(ev.pid).values()) if (ev.code !== undefined || s.accepted) leaks.push({ s, pid: ev.pid });
      tables.delete(ev.pid);
      continue;
    }
    if (ev.type !== 'syscall' || ev.ret === null) continue;
    const t = table(ev.pid);
    if ((ev.name === 'socket' || ev.name === 'accept' || ev.name === 'accept4') && ev.ret >= 0) {
      t.set(ev.ret, { ev, accepted: ev.name !== 'socket' });
    } else if (ev.name === 'socketpair' && ev.ret === 0 && Array.isArray(ev.args.sv)) {
      for (const fd of ev.args.sv) if (typeof fd === 'number') t.set(fd, { ev, accepted: false });
    } else if (ev.name === 'close' && typeof ev.args.fd === 'number') {
      t.delete(ev.args.fd);
    } else if ((ev.name === 'dup2' || ev.name === 'dup3') && typeof ev.args.newfd === 'number' && ev.ret >= 0) {
      t.delete(ev.args.newfd);
    }
  }
  for (const [pid, t] of tables) for (const s of t.values()) if (s.accepted) leaks.push({ s, pid });
  const relevant = leaks.filter((l) => (which === 'accepted' ? l.s.accepted : !l.s.inherited));
  if (relevant.length === 0) return { pass: true };
  const first = relevant[0].s.ev;
  const kind = which === 'accepted' ? 'accepted connection' : 'socket';
  // the last call on the fd left open, in its process: where its close() belongs
  const fd = first.name === 'socketpair' ? undefined : first.ret;
  const used = fd === undefined ? undefined
    : evs.filter((e): e is SyscallEvent => e.type === 'syscall' && e.pid === relevant[0].pid && e.seq > first.seq && fdOf(e) === fd).pop();
  const others = relevant.length > 1 ? ` (${relevant.length} ${kind}s in all were left open)` : '';
  // one line per socket left open, saying first what differs (VS Code's inline summary shows 30 characters)
  const made = relevant.map(({ s }) => `fd ${s.ev.ret} from ${s.ev.name}()${at(s.ev)}`);
  return {
    pass: false,
    compared: { expected: made.map((m) => `closed: ${m}`).join('\n'), actual: made.map((m) => `open: ${m}`).join('\n') },
    blame: first,
    arg: '@end',
    hints: used ? [{ kind: 'call', ev: used, note: `the last call on fd ${fd}: close it once the program is done with it` }] : undefined,
    message: `Expected every ${kind} to be closed. The ${kind} from ${first.name}()${at(first)} (fd ${first.ret === -1 ? '?' : first.ret}` +
      `${first.name === 'socketpair' ? ' or its pair' : ''}) was never closed${others}.` +
      (which === 'accepted' ? ' Close it once you are done with the client, or the server runs out of fds.' : ''),
  };
}

// ---- failed calls handled ----------------------------------------------------------------------


/** A failed call is left unhandled when the program goes on using its socket (or the -1 it returned).
 * One pass, remembering per process and fd the failure that awaits its next use. */
function handled(evs: TraceEvent[]): RuleResult {
  const pending = new Map<string, SyscallEvent>();
  for (const e of evs) {
    if (e.type !== 'syscall' || !isSocketFdCall(e)) continue;
    const fd = fdOf(e);
    const f = fd === undefined ? undefined : pending.get(`${e.pid}:${fd}`);
    if (f && fd !== undefined) {
      pending.delete(`${e.pid}:${fd}`);
      const retried = e.name === f.name && fd !== -1;
      if (e.name !== 'close' && !retried) {
        return {
          pass: false,
          // after the failed call: what should come next, and what came
          compared: { expected: `(stop, or retry ${f.name}())`, actual: `${renderCall(e)}${at(e)}` },
          blame: f,
          message: `${f.name}()${at(f)} failed with ${f.errno ?? 'an error'}${f.injected ? ' (a fault the grader injected)' : ''}, ` +
            `and the program went on to call ${renderCall(e)}${at(e)} ${fd === -1 ? 'with the -1 it returned' : 'on the same socket'}. ` +
            `Check what ${f.name}() returns and handle -1 (report errno and stop, or retry).`,
        };
      }
    }
    if (e.ret !== -1 || NOT_YET_ERRNOS.has(e.errno ?? '') || ['close', 'unlink', 'shutdown'].includes(e.name)) continue;
    const failedFd = NEW_FD_CALLS.has(e.name) ? -1 : fd;  // what the program would use next is the -1 it got
    if (failedFd !== undefined) pending.set(`${e.pid}:${failedFd}`, e);
  }
  return { pass: true };
}

// ---- short writes completed --------------------------------------------------------------------

/** Does `next` carry the bytes `w` left unsent? By its bytes when the tracer kept the unsent ones,
 * else by its length: a send loop passes exactly the remaining count. */
function carriesRest(w: SyscallEvent, rest: number, next: SyscallEvent, asked: number): boolean {
  const a = sentBytes(w).hex;
  const b = sentBytes(next).hex;
  const sent = (w.ret ?? 0) * 2;
  if (a === undefined || b === undefined || a.length <= sent) return asked === rest;
  const unsent = a.slice(sent);
  const n = Math.min(unsent.length, b.length);
  return asked >= rest && (n === 0 || unsent.slice(0, n) === b.slice(0, n));
}

/** After send() returns fewer bytes than asked, the next send on that socket must carry the rest. */
function completeWrites(evs: TraceEvent[]): RuleResult {
  const pending = new Map<string, { w: SyscallEvent; rest: number }>();
  const unfinished = (w: SyscallEvent, rest: number, next?: SyscallEvent): RuleResult => ({
    pass: false,
    // after the short write: what should come next, and what came
    compared: { expected: `a ${w.name}() of the remaining ${rest} bytes`, actual: next ? `${renderCall(next)}${at(next)}` : '(nothing more sent)' },
    blame: w,
    message: `${w.name}()${at(w)} sent ${w.ret} of ${(w.ret ?? 0) + rest} bytes${w.injected ? ' (a short write the grader injected)' : ''}, ` +
      (next ? `and the next ${next.name}()${at(next)} sent ${renderValue(next.args.buf ?? next.args.iov ?? next.args.msg)} rather than the remaining ${rest} bytes. `
        : `and the program never sent the remaining ${rest}. `) +
      'send() may write less than asked: loop until every byte is sent.',
  });
  for (const e of evs) {
    if (e.type !== 'syscall' || !COUNTED_SEND_CALLS.has(e.name) || !isSocketFdCall(e)) continue;
    const key = `${e.pid}:${fdOf(e)}`;
    const before = pending.get(key);
    const asked = sentBytes(e).len;
    if (before) {
      pending.delete(key);
      if (asked === undefined || !carriesRest(before.w, before.rest, e, asked)) return unfinished(before.w, before.rest, e);
    }
    if (e.ret !== null && e.ret >= 0 && asked !== undefined && e.ret < asked) pending.set(key, { w: e, rest: asked - e.ret });
  }
  const left = pending.values().next();
  return left.done ? { pass: true } : unfinished(left.value.w, left.value.rest);
}
