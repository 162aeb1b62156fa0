// One run of the student's program for a behaviour check: fill in ports and paths, start it, wait until it
// is ready, play the peer, then stop it (or wait for it to exit), keeping its trace and output.
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import type { TraceEvent } from '../common/events';
import type { Diagnosis } from './diagnose';
import { cpuMsBetween, treeProcs, treeTicks, type IdleWindow } from './idle';
import { limitWhere } from './limits';
import { orphanServer } from './orphan';
import { listeningSockets, listeningText, onAnyIpv6 } from './netstat';
import { waitReady } from './ready';
import { describeAction, PeerFailure, runActions, Scope } from './peer';
import type { Limits, Runner, TraceRun } from './run-adapter';
import { causeBlame, describeEnd, endState, kernelLimit, type GradedEnd, type StopCause } from './run-end';
import type { BehaviourCheck, LabSpec, ReadySpec } from './spec';

/** The run could not be made at all (not the student's doing): grading stops with a setup error. */
export class GradeSetupError extends Error {}

export interface RunRecord {
  events: TraceEvent[];
  stdout: string;
  stderr: string;
  end?: GradedEnd;
  /** why the behaviour did not go as expected, for the student */
  failure?: PeerFailure;
  /** the failure's message says all the trace can tell: no diagnosis is added to it */
  explained?: boolean;
  /** for an explained failure, the call it is about and where to look in the source */
  pointers?: Diagnosis;
  /** the pauses in which the program should have been idle (the idle rule judges them) */
  idle: IdleWindow[];
  /** when the failure happened, in the trace's clock (ns since the trace began; approximately) */
  failedAt?: number;
  vars: Record<string, string>;
  durationMs: number;
}

export interface RunContext {
  spec: LabSpec;
  binary: string;
  runDir: string;
  runner: Runner;
  limits: Limits;
}

const OUTPUT_KEEP = 64 * 1024;
/** an idle pause starts this long after the grader's last step, for the program to finish reacting to it */
const IDLE_SETTLE_MS = 100;

/** A port no one holds now, free on IPv4 and IPv6 alike. Its two bytes differ, so that a missing htons()
 * always shows (a port like 0x9a9a reads the same in either byte order). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if ((port & 0xff) !== port >> 8) return port;
  }
}

async function anyFreePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ port: 0, host: '::', ipv6Only: false }, () => resolve());
  }).catch(() => new Promise<void>((resolve) => srv.listen({ port: 0, host: '127.0.0.1' }, () => resolve())));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function makeVars(runDir: string): Promise<Record<string, string>> {
  const tag = crypto.randomBytes(4).toString('hex');
  return {
    port: String(await freePort()),
    port2: String(await freePort()),
    path: path.join(runDir, `lab-${tag}.sock`),
    abstract: `socklab-${tag}`,
    host: '127.0.0.1',
  };
}

function defaultReady(spec: LabSpec): ReadySpec | undefined {
  return spec.program.role === 'server' ? { listen: 'tcp', port: '{port}' } : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function tail(s: string): string {
  const t = s.trim().split('\n').slice(-3).join(' | ');
  return t ? ` Its last output: ${JSON.stringify(t.length > 200 ? t.slice(-200) : t)}.` : '';
}

/** The last lines of standard error, quoted safely and bounded. */
export function stderrTail(s: string): string {
  const t = s.trim().split('\n').slice(-3).join(' | ');
  return JSON.stringify(t.length > 200 ? `...${t.slice(-200)}` : t);
}

export async function runBehaviour(check: BehaviourCheck, ctx: RunContext): Promise<RunRecord> {
  const started = Date.now();
  const scope = new Scope(await makeVars(ctx.runDir));
  const record: RunRecord = { events: [], stdout: '', stderr: '', vars: scope.vars, durationMs: 0, idle: [] };
  try {
    await runActions(check.before ?? [], scope);
  } catch (e) {
    scope.closeAll();
    throw e;
  }
  const argv = [ctx.binary, ...(check.argv ?? ctx.spec.program.argv).map((a) => scope.fill(a))];
  let run: TraceRun;
  // the trace's clock starts with the run (within the few ms its start takes)
  const traceStart = performance.now();
  try {
    run = ctx.runner.startTrace({
      argv, cwd: ctx.runDir, inject: check.inject, stdin: check.stdin !== undefined ? 'pipe' : 'ignore',
      limits: { ...ctx.limits, wallMs: check.timeoutMs ?? ctx.limits.wallMs },
    });
  } catch (e) {
    scope.closeAll();
    throw new GradeSetupError(`cannot start the program: ${(e as Error).message}`);
  }
  // Now, in the trace's clock (ns since the trace began): exact once the tracer has said when its clock started
  // (the tracer process starts a few ms after this one asks for it), else counted from the moment the run began.
  const traceNow = (when = process.hrtime.bigint()) => {
    const zero = run.clockZero?.();
    return zero !== undefined ? Number(when - BigInt(Math.round(zero)))
      : (performance.now() - traceStart) * 1e6 - Number(process.hrtime.bigint() - when);
  };
  // The run's pid may be the tracer's; the program is then among its descendants, which netstat reads too.
  const programPid = () => run.pid;
  scope.idle = async (ms, label) => {
    await sleep(IDLE_SETTLE_MS);
    const before = treeTicks(run.pid, !ctx.runner.traced);
    const from = traceNow();
    await sleep(ms);
    const to = traceNow();
    const after = treeProcs(run.pid, !ctx.runner.traced);
    const cpuMs = before.size > 0 ? cpuMsBetween(before, new Map(after.map((p) => [p.pid, p.ticks]))) : undefined;
    const procs = after.map(({ pid, ppid, state }) => ({ pid, ppid, state }));
    record.idle.push({ label, fromNs: from, toNs: to, cpuMs, procs });
  };
  if (check.stdin !== undefined) run.stdin?.end(check.stdin);
  run.stdout.on('data', (d: Buffer) => { if (record.stdout.length < OUTPUT_KEEP) record.stdout += d.toString('utf8'); });
  // standard error is kept to its last OUTPUT_KEEP characters: the latest lines are the ones that explain a failure
  run.stderr.on('data', (d: Buffer) => {
    record.stderr += d.toString('utf8');
    if (record.stderr.length > OUTPUT_KEEP * 2) record.stderr = record.stderr.slice(-OUTPUT_KEEP);
  });
  const collecting = (async () => {
    for await (const batch of run.events) record.events.push(...batch);
  })().catch(() => undefined);
  let end: GradedEnd | undefined;
  let endedEarly = false;
  let servedUntil = 0;
  // A limit is told with where the program was when it met it, from the trace collected by then.
  const done = run.done.then(async (e) => {
    if (e.cause?.kind === 'limit') await Promise.race([collecting, sleep(300)]);
    const cause: StopCause | undefined = e.cause?.kind === 'limit'
      ? { ...e.cause, where: limitWhere(e.cause.limit, record.events) }
      : e.cause ?? kernelLimit(e.signal, ctx.limits.cpuSeconds);
    end = cause ? { ...e, cause } : e;
    return end;
  });
  try {
    const ready = check.ready ?? ctx.spec.program.ready ?? defaultReady(ctx.spec);
    const notReady = ready ? await waitReady(ready, scope, programPid, () => record.stdout, () => end !== undefined) : undefined;
    if (notReady) {
      const said = end ? tail(record.stderr) : '';
      const first = end ? ` The program ended first: ${describeEnd(end)}.${said}` : '';
      throw new PeerFailure(notReady.why + first, undefined, 'other', notReady.compared,
        end ? { blame: causeBlame(end), toldEnd: true, toldOutput: said !== '' } : {});
    }
    await actionsWhileAlive(runActions(check.peer, scope), scope, done, () => end);
    await finish(check, run, () => end, done);
  } catch (e) {
    record.failure = e instanceof PeerFailure ? e : new PeerFailure(`The grader hit an error: ${(e as Error).message}`);
    // when the grader saw the step fail, before it closed its connections (a clients step closes its own first)
    record.failedAt = traceNow(record.failure.at);
    const f = record.failure;
    const refused = f.facts.connect;
    if (f.what === 'refused' && !end && refused?.code === 'ECONNREFUSED') {
      const socks = listeningSockets(programPid());
      const v6only = socks.some(onAnyIpv6) && refused.host === '127.0.0.1'
        ? ' An IPv6 socket on [::] turns IPv4 clients away only when its IPV6_V6ONLY option is set.' : '';
      if (socks.length > 0) {
        record.failure = new PeerFailure(`${f.message} The program listens on ${listeningText(socks)} only.${v6only}`, f.on, 'refused',
          f.compared, f.facts);
      }
    }
  } finally {
    // up to here (in the trace's clock) a server's processes ended by themselves: after it, the grader stops them
    servedUntil = traceNow();
    scope.closeAll();
    // Give the program a moment to see its peers go (and close its fds) before it is stopped.
    if (!end) await Promise.race([done, sleep(150)]);
    endedEarly = end !== undefined && record.failure !== undefined;
    run.stop();
    await Promise.race([done, sleep(3000)]);
    await Promise.race([collecting, sleep(1000)]);
  }
  if (record.stderr.length > OUTPUT_KEEP) record.stderr = record.stderr.slice(-OUTPUT_KEEP);
  record.end = end;
  if (!record.failure && !check.exit && ctx.spec.program.role === 'server') {
    const orphan = orphanServer(record.events, servedUntil);
    if (orphan) {
      record.failure = new PeerFailure(orphan.message, undefined, 'other', orphan.compared);
      record.explained = true;
      record.pointers = { text: '', blame: orphan.blame, hints: orphan.hints };
    }
  }
  const f = record.failure;
  if (f && end && endedEarly && !f.facts.toldOutput) {
    const said = tail(record.stderr);
    const extra = f.facts.toldEnd ? said : ` Meanwhile the program ended: ${describeEnd(end)}.${said}`;
    const facts = { ...f.facts, toldEnd: true, toldOutput: said !== '', blame: f.facts.blame ?? (f.facts.toldEnd ? undefined : causeBlame(end)) };
    record.failure = new PeerFailure(f.message + extra, f.on, f.what, f.compared, facts);
  } else if (f && !f.facts.toldOutput && record.stderr.trim()) {
    // still running when the step failed: what it said on standard error meanwhile (perror, its own logs)
    record.failure = new PeerFailure(`${f.message} Meanwhile it wrote to standard error: ${stderrTail(record.stderr)}.`, f.on, f.what, f.compared,
      { ...f.facts, toldOutput: true });
  }
  record.durationMs = Date.now() - started;
  return record;
}

/** Peer actions, cut short (with a failure) when the program has ended and half a second has passed. */
async function actionsWhileAlive(
  actions: Promise<void>, scope: Scope, done: Promise<unknown>, end: () => GradedEnd | undefined,
): Promise<void> {
  let settled = false;
  const tracked = actions.finally(() => (settled = true));
  const gaveUp = done.then(() => sleep(500)).then(() => {
    const e = end();
    if (!settled && e) {
      throw new PeerFailure(`The program ended while the grader was ${describeAction(scope.current)}: ${describeEnd(e)}.`, undefined, 'other',
        { expected: 'still running', actual: endState(e) }, { blame: causeBlame(e), toldEnd: true });
    }
  });
  await Promise.race([tracked, gaveUp.then(() => tracked)]);
}

/** A client or tool must exit by itself with the expected status; a server must still be running. */
async function finish(check: BehaviourCheck, run: TraceRun, end: () => GradedEnd | undefined, done: Promise<unknown>): Promise<void> {
  if (check.exit) {
    const within = check.exit.withinMs ?? 3000;
    await Promise.race([done, sleep(within)]);
    const e = end();
    const want = check.exit.code ?? 0;
    if (!e) {
      throw new PeerFailure(`Expected the program to exit within ${within} ms once done; it was still running.`, undefined, 'other',
        { expected: `exit status ${want}`, actual: 'still running' }, { toldEnd: true });
    }
    if (e.code !== want) {
      throw new PeerFailure(`Expected the program to exit with status ${want}; ${describeEnd(e)}.`, undefined, 'other',
        { expected: `exit status ${want}`, actual: endState(e) }, { blame: causeBlame(e), toldEnd: true });
    }
    return;
  }
  await sleep(50);
  const e = end();
  if (e) {
    throw new PeerFailure(`Expected the server to keep running for more clients; ${describeEnd(e)}.`, undefined, 'other',
      { expected: 'still running', actual: endState(e) }, { blame: causeBlame(e), toldEnd: true });
  }
}
