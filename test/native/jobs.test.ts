// Job control and interrupted calls: a traced program stops on SIGSTOP/SIGTSTP as it would untraced (state t,
// nothing served) and goes on after SIGCONT; a call a signal interrupts is `ret: null, restart: ...`, then
// the restarted call, or nothing more when the program saw EINTR.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { SignalEvent, SyscallEvent, TraceEvent } from '../../common/events';
import { alive, CLI, compileC, markedLines, readJsonl, skipUnlessTracing, spawnCli, syscalls, tmpDir } from '../helpers/native';
import { compile, PROGRAMS, run, traceJsonl } from './normalize';

/** The state letter of /proc/PID/stat (R, S, T, t, Z...), '' once the process is gone. */
function state(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0];
  } catch {
    return '';
  }
}

/** Is the process asleep inside syscall nr (per /proc/PID/syscall)? */
function sleepingIn(pid: number, nr: number): boolean {
  try {
    return state(pid) === 'S' && fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').startsWith(`${nr} `);
  } catch {
    return false;
  }
}

const stopped = (pid: number) => ['T', 't'].includes(state(pid));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Connects to the server and reads what it sends until it closes. */
function fetch(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const c = net.connect(port, '127.0.0.1');
    c.on('data', (d) => (got += d.toString()));
    c.on('end', () => resolve(got));
    c.on('error', reject);
  });
}

interface Server {
  pid: number;
  port: number;
  trace: string;
  exited: Promise<number | null>;
  stop(): void;
  stderr(): string;
}

/** `socklab trace` of test/native/c/jobs.c in the given mode, once it is serving. */
async function startServer(exe: string, dir: string, mode: string, extra: string[] = []): Promise<Server> {
  const trace = path.join(dir, `jobs-${mode || 'plain'}-${Date.now()}.jsonl`);
  const child = spawnCli(['trace', '--format', 'jsonl', '--out', trace, ...extra, '--', exe, ...(mode ? [mode] : [])]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready \d+ \d+/.exec(out);
      if (m) resolve(m[0]);
    });
    exited.then(() => reject(new Error(`socklab ended before the server was ready: ${err}`)));
  });
  const [, pid, port] = ready.split(' ').map(Number);
  return { pid, port, trace, exited, stop: () => child.kill('SIGTERM'), stderr: () => err };
}

const signals = (events: TraceEvent[], name: string) =>
  events.filter((e): e is SignalEvent => e.type === 'signal' && e.signal === name);

describe('job control under the tracer', function () {
  let dir = '';
  let exe = '';
  before(function () {
    skipUnlessTracing(this);
    dir = tmpDir('socklab-jobs-');
    exe = compileC('jobs.c', dir, 'jobs');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Stops the server with `sig` while it waits in call `nr`, checks it serves nobody, continues it. */
  async function stopAndContinue(s: Server, sig: NodeJS.Signals, nr: number): Promise<void> {
    assert.equal(await fetch(s.port), 'hi\n');
    await until(() => sleepingIn(s.pid, nr), `the server waits in syscall ${nr} again`);
    process.kill(s.pid, sig);
    await until(() => stopped(s.pid), `the server is stopped by ${sig}`);
    // a client while it is stopped: connected by the kernel (backlog), but nobody accepts or answers
    let answered = false;
    const late = fetch(s.port).then((t) => ((answered = true), t));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(stopped(s.pid), `state ${state(s.pid)} while stopped`);
    assert.equal(answered, false, 'a stopped server answered a client');
    process.kill(s.pid, 'SIGCONT');
    assert.equal(await late, 'hi\n');
    assert.equal(await fetch(s.port), 'hi\n');
    // a traced process is in state t for a moment at each of its syscall stops: it must leave it, not stay
    await until(() => !stopped(s.pid), 'the server runs again after SIGCONT');
    s.stop();
    assert.equal(await s.exited, 143);
  }

  /** In order: the call interrupted (ret null, restart), the stop signal, SIGCONT, the call made again. */
  function checkTrace(s: Server, sig: string, call: string, restart: string): void {
    const events = readJsonl(s.trace);
    const mine = events.filter((e) => e.pid === s.pid);
    const at = (e: TraceEvent | undefined) => (e ? mine.indexOf(e) : -1);
    const cut = syscalls(mine, call).find((e) => e.restart !== undefined);
    assert.ok(cut, `no interrupted ${call} in ${JSON.stringify(syscalls(mine, call))}`);
    assert.equal(cut.restart, restart);
    assert.equal(cut.ret, null);
    assert.equal(cut.errno, undefined);
    const stop = signals(mine, sig)[0], cont = signals(mine, 'SIGCONT')[0];
    assert.ok(at(cut) < at(stop) && at(stop) < at(cont), `${call}, ${sig}, SIGCONT in order`);
    const again = syscalls(mine.slice(at(cont)), call)[0];
    assert.ok(again && again.ret !== null && again.ret >= 0, `${call} after SIGCONT: ${JSON.stringify(again)}`);
  }

  it('SIGSTOP stops a traced server (state t, no client served), SIGCONT continues it', async function () {
    const s = await startServer(exe, dir, '');
    await stopAndContinue(s, 'SIGSTOP', 43);
    checkTrace(s, 'SIGSTOP', 'accept', 'ERESTARTSYS');
  });

  it('SIGTSTP (Ctrl-Z) stops a traced server by its default action, SIGCONT continues it', async function () {
    // the server runs in a process group of its own that is not orphaned, so SIGTSTP is not discarded
    const s = await startServer(exe, dir, 'group');
    await stopAndContinue(s, 'SIGTSTP', 43);
    checkTrace(s, 'SIGTSTP', 'accept', 'ERESTARTSYS');
  });

  it('a poll() a stop interrupts is resumed by the kernel (restart_syscall) and reported as poll() again', async function () {
    const s = await startServer(exe, dir, 'poll');
    await stopAndContinue(s, 'SIGSTOP', 7);
    checkTrace(s, 'SIGSTOP', 'poll', 'ERESTART_RESTARTBLOCK');
    const polls = syscalls(readJsonl(s.trace), 'poll').filter((e) => !e.unfinished);
    assert.ok(polls.filter((e) => e.restart === undefined).every((e) => e.ret === 1), JSON.stringify(polls));
  });

  it('a stopped program is still ended by socklab\'s stop', async function () {
    const s = await startServer(exe, dir, '');
    process.kill(s.pid, 'SIGSTOP');
    await until(() => stopped(s.pid), 'the server is stopped');
    s.stop();
    assert.equal(await s.exited, 143);
    assert.ok(!alive(s.pid), 'the stopped program is still there');
  });

  it('a stopped program is still ended by the wall-time limit: stopped time counts', async function () {
    const s = await startServer(exe, dir, '', ['--timeout', '1']);
    process.kill(s.pid, 'SIGSTOP');
    await until(() => stopped(s.pid), 'the server is stopped');
    const code = await s.exited;
    assert.match(s.stderr(), /stopped the program after 1 s/);
    assert.equal(code, 128 + 9);
    assert.ok(!alive(s.pid), 'the stopped program is still there');
  });
});

describe('calls interrupted by a signal handler', function () {
  let dir = '';
  let exe = '';
  let line = 0;
  before(async function () {
    skipUnlessTracing(this);
    dir = tmpDir('socklab-intr-');
    exe = await compile('interrupt.c', dir);
    line = markedLines(path.join(PROGRAMS, 'interrupt.c')).get('interrupted-recv')!;
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The main thread's recvfrom calls made at the marked line, and the SIGUSR1 it got. */
  function recvsAtLine(events: TraceEvent[]): { recvs: SyscallEvent[]; usr1: SignalEvent[] } {
    const main = events[0].pid;
    const recvs = syscalls(events, 'recvfrom').filter((e) => e.tid === main && e.site?.line === line);
    return { recvs, usr1: signals(events, 'SIGUSR1') };
  }

  it('with SA_RESTART: one `?` call, the signal, the restarted call; the program sees success', async function () {
    const { events, ran } = await traceJsonl([exe, 'restart'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^recv 1$/m);
    const { recvs, usr1 } = recvsAtLine(events);
    assert.equal(recvs.length, 2, JSON.stringify(recvs));
    assert.deepEqual([recvs[0].ret, recvs[0].restart, recvs[0].errno], [null, 'ERESTARTSYS', undefined]);
    assert.equal(recvs[1].ret, 1);
    assert.equal(usr1.length, 1);
    assert.ok(recvs[0].seq < recvs[1].seq && events.indexOf(usr1[0]) > events.indexOf(recvs[0])
      && events.indexOf(usr1[0]) < events.indexOf(recvs[1]), 'recv, SIGUSR1, recv in order');
    // the text says what strace says
    const text = await run(process.execPath, [CLI, 'trace', '--', exe, 'restart'], { cwd: dir });
    assert.match(text.stderr, /recvfrom\(3, 0x[0-9a-f]+, 8, 0, NULL, NULL\) = \? ERESTARTSYS \(To be restarted if SA_RESTART is set\) <\d/);
  });

  it('without SA_RESTART: the `?` call and the signal, no restarted call; the program sees EINTR', async function () {
    const { events, ran } = await traceJsonl([exe, 'eintr'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /^recv -1 Interrupted system call$/m);
    const { recvs, usr1 } = recvsAtLine(events);
    assert.equal(recvs.length, 1, JSON.stringify(recvs));
    assert.deepEqual([recvs[0].ret, recvs[0].restart, recvs[0].errno], [null, 'ERESTARTSYS', undefined]);
    assert.equal(usr1.length, 1);
    // its next recv (another line) gets the byte
    const after = syscalls(events, 'recvfrom').filter((e) => e.seq > recvs[0].seq && e.tid === recvs[0].tid);
    assert.deepEqual(after.map((e) => e.ret), [1]);
  });
});
