// Bad input and faults: each must give a clear message and leave nothing running.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { alive, CLI, compileC, skipUnlessTracing, runCli, spawnCli, syscalls, tmpDir } from '../helpers/native';
import type { SyscallEvent } from '../../common/events';
import { TraceError } from '../../common/errors';
import { stopReason } from '../../common/run-end';
import { startTrace } from '../../runner/trace';

describe('faults and bad input', function () {
  let dir: string;
  let prog: string;

  before(function () {
    skipUnlessTracing(this);
    dir = tmpDir();
    prog = compileC('faults.c', dir, 'faults');
  });

  it('a program that does not exist: a clear message and exit 127', function () {
    const r = runCli(['trace', '--', path.join(dir, 'nope')]);
    assert.strictEqual(r.code, 127);
    assert.match(r.stderr, /nope: no such file or command/);
  });

  it('a file that cannot be executed: a clear message and exit 127', function () {
    const f = path.join(dir, 'data.txt');
    fs.writeFileSync(f, 'not a program');
    fs.chmodSync(f, 0o644);
    const r = runCli(['trace', '--', f]);
    assert.strictEqual(r.code, 127);
    assert.match(r.stderr, /cannot be executed \(EACCES\)/);
  });

  it('ptrace forbidden (a seccomp profile): names the cause and the fixes', function () {
    const wrapper = compileC('noptrace.c', dir, 'noptrace');
    const r = spawnSync(wrapper, [process.execPath, CLI, 'trace', '--', '/bin/true'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /did not allow ptrace/);
    assert.match(r.stderr, /kernel\.yama\.ptrace_scope/);
    assert.match(r.stderr, /seccomp/);
  });

  it('a program killed by a signal: reported, exit 128+N', function () {
    const r = runCli(['trace', '--', prog, 'segv']);
    assert.strictEqual(r.code, 128 + 11);
    const exit = r.events.find((e) => e.type === 'exit');
    assert.ok(exit && exit.type === 'exit' && exit.signal === 'SIGSEGV', JSON.stringify(exit));
    assert.ok(r.events.some((e) => e.type === 'signal' && e.signal === 'SIGSEGV'));
  });

  it('SIGPIPE from a send to a closed peer is reported and ends the program with 141', function () {
    const r = runCli(['trace', '--', prog, 'sigpipe']);
    assert.strictEqual(r.code, 128 + 13);
    const send = syscalls(r.events, 'sendto')[0];
    assert.strictEqual(send.errno, 'EPIPE');
  });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`${sig} to socklab ends the whole traced tree, nothing left running`, async function () {
      const trace = path.join(dir, `hang-${sig}.jsonl`);
      const child = spawnCli(['trace', '--format', 'jsonl', '--out', trace, '--', prog, 'hang']);
      await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      child.kill(sig);
      assert.strictEqual(await code, sig === 'SIGTERM' ? 143 : 130);
      const pids = fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).pid as number);
      const unique = [...new Set(pids)];
      assert.ok(unique.length >= 4, `expected the program and its 3 children in the trace, got ${unique}`);
      for (const p of unique) assert.ok(!alive(p), `process ${p} is still running`);
    });
  }

  // The tracer process killed from outside (the OOM killer's SIGKILL, say): not a silent 137 but a sentence
  // that says what died, by which signal, and that the trace is incomplete; the traced tree goes with it.
  it('a killed tracer process: socklab says so, exit 1, nothing left running', async function () {
    const trace = path.join(dir, 'hang-tracer-killed.jsonl');
    const child = spawnCli(['trace', '--format', 'jsonl', '--out', trace, '--', prog, 'hang']);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // the events so far are written on the tracer's next tick: kill it once some are in the file
    for (let i = 0; i < 1000 && !(fs.existsSync(trace) && fs.statSync(trace).size > 0); i++) await new Promise((r) => setTimeout(r, 10));
    const tracer = tracerOf(child.pid!);
    process.kill(tracer, 'SIGKILL');
    assert.strictEqual(await code, 1);
    assert.match(stderr, new RegExp(`socklab: the tracer process \\(pid ${tracer}\\) was killed by SIGKILL, so the trace is incomplete`));
    assert.match(stderr, /out-of-memory killer/);
    const pids = fs.readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).pid as number);
    assert.ok(pids.length > 0, 'the events before the kill are kept');
    for (const p of new Set(pids)) assert.ok(await gone(p), `process ${p} is still running`);
  });

  it('a killed tracer process is a typed error for the grader and the extension', async function () {
    const run = startTrace({ argv: [prog, 'hang'], stdio: 'pipe' });
    await new Promise<void>((resolve) => run.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    run.stderr!.resume();
    const drained = (async () => { for await (const _ of run.events) { /* read */ } })();
    process.kill(run.pid, 'SIGKILL');
    const end = await run.done;
    await drained;
    assert.ok(TraceError.is(end.error, 'tracerKilled'), JSON.stringify(end));
    assert.strictEqual(stopReason(end), 'tracerKilled');
    assert.strictEqual(end.error.detail, 'SIGKILL');
    assert.match(end.error.message, new RegExp(`tracer process \\(pid ${run.pid}\\) was killed by SIGKILL`));
  });

  it('a program that forks a thousand children', function () {
    const r = runCli(['trace', '--', prog, 'forks', '1000']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /1000 children/);
    assert.strictEqual(r.events.filter((e) => e.type === 'spawn').length, 1000);
    assert.strictEqual(r.events.filter((e) => e.type === 'exit').length, 1001);
  });

  it('a program with many threads: every thread traced', function () {
    const r = runCli(['trace', '--', prog, 'threads', '50']);
    assert.strictEqual(r.code, 0, r.stderr);
    const tids = new Set(syscalls(r.events, 'socketpair').map((e) => e.tid));
    assert.strictEqual(tids.size, 50);
    const recvs = syscalls(r.events, 'recvfrom');
    assert.strictEqual(recvs.length, 50);
    assert.ok(recvs.every((e) => e.ret === 1));
    // each thread's close() calls are on sockets and are reported
    assert.strictEqual(syscalls(r.events, 'close').length, 100);
  });

  it('bad pointers are decoded as addresses, the tracer keeps going', function () {
    const r = runCli(['trace', '--', prog, 'badptr']);
    assert.strictEqual(r.code, 0, r.stderr);
    const [connect] = syscalls(r.events, 'connect');
    assert.strictEqual(connect.args.addr, '0x1');
    assert.strictEqual(connect.errno, 'EFAULT');
    const [sendto] = syscalls(r.events, 'sendto');
    assert.strictEqual(sendto.args.buf, '0x8');
    assert.strictEqual(sendto.args.dest_addr, '0x10');
    const msgs = syscalls(r.events, 'sendmsg');
    assert.strictEqual((msgs[0].args.msg as { msg_iov: string }).msg_iov, '0x38');
    assert.strictEqual(msgs[1].args.msg, '0x40');
    assert.ok(syscalls(r.events, 'close').length === 1);
  });

  it('binary and hostile bytes stay exact in the trace', function () {
    const r = runCli(['trace', '--', prog, 'bytes']);
    assert.strictEqual(r.code, 0, r.stderr);
    const [send, hostile] = syscalls(r.events, 'sendto');
    const all = Buffer.from([...Array(256).keys()]).toString('hex');
    assert.deepStrictEqual(send.args.buf, { hex: all, len: 256 });
    assert.strictEqual(Buffer.from((hostile.args.buf as { hex: string }).hex, 'hex').toString(), '<img src=x onerror=alert(1)>"\\\n');
    const text = spawnSync(process.execPath, [CLI, 'trace', '--', prog, 'bytes'], { encoding: 'utf8' }).stderr;
    assert.match(text, /sendto\(\d+, "\\x00\\x01\\x02/);
  });

  it('exec of a setuid program runs it without privileges, still traced', function () {
    const idProg = compileC('setuid_id.c', dir, 'setuid_id');
    try {
      fs.chownSync(idProg, 65534, 65534);
      fs.chmodSync(idProg, 0o4755);
    } catch {
      this.skip();
    }
    const r = runCli(['trace', '--', prog, 'exec', idProg]);
    assert.strictEqual(r.code, 0, r.stderr);
    const execs = r.events.filter((e) => e.type === 'exec');
    assert.strictEqual(execs.length, 2);
    // no_new_privs: the set-user-ID bit is ignored, so the effective uid does not become 65534
    assert.match(r.stdout, new RegExp(`uid=${process.getuid!()} euid=${process.getuid!()}`));
    assert.strictEqual(syscalls(r.events, 'socket').length, 1);
  });

  it('fault injection: a refused connect, short sends, the Nth call only', function () {
    const r = runCli(['trace', '--inject', 'connect:error=ECONNREFUSED', '--inject', 'send:short=2:when=2', '--', prog, 'client']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /connect -1 send 5 2/);
    const [connect] = syscalls(r.events, 'connect');
    assert.strictEqual(connect.errno, 'ECONNREFUSED');
    assert.strictEqual(connect.injected, 'error=ECONNREFUSED');
    const sends = syscalls(r.events, 'sendto');
    assert.deepStrictEqual(sends.map((e) => e.ret), [5, 2]);
    assert.strictEqual(sends[1].injected, 'short=2');
  });

  it('short writev and sendmsg: cut in the iovecs, with the lengths the program gave back after the call and in the event', function () {
    const iovProg = compileC('iov_short.c', dir, 'iov_short');
    const r = runCli(['trace', '--inject', 'writev:short=3', '--inject', 'sendmsg:short=6', '--', iovProg]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /writev 3, lens now 4 10\nsendmsg 6, lens now 4 10 iovlen 2\nread 9: abcabcd01/);
    const [wv] = syscalls(r.events, 'writev');
    assert.strictEqual(wv.injected, 'short=3');
    assert.deepStrictEqual((wv.args.iov as { len: number }[]).map((b) => b.len), [4, 10]);
    const [sm] = syscalls(r.events, 'sendmsg');
    assert.strictEqual(sm.injected, 'short=6');
    assert.deepStrictEqual(((sm.args.msg as { msg_iov: { len: number }[] }).msg_iov).map((b) => b.len), [4, 10]);
  });

  it('an unknown inject spec is a usage error', function () {
    const r = runCli(['trace', '--inject', 'connect:boom', '--', '/bin/true']);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--inject/);
  });

  it('unknown flags: usage and exit 2; --help: exit 0', function () {
    for (const cmd of ['trace', 'run']) {
      const bad = spawnSync(process.execPath, [CLI, cmd, '--frobnicate'], { encoding: 'utf8' });
      assert.strictEqual(bad.status, 2);
      assert.match(bad.stderr, /unknown option --frobnicate/);
      const help = spawnSync(process.execPath, [CLI, cmd, '--help'], { encoding: 'utf8' });
      assert.strictEqual(help.status, 0);
      assert.match(help.stdout, new RegExp(`usage: socklab ${cmd}`));
    }
  });

  it('socklab run: a compile error is shown in the compiler\'s format, exit 1', function () {
    const bad = path.join(dir, 'bad.c');
    fs.writeFileSync(bad, 'int main(void) { return nosuch; }\n');
    const r = spawnSync(process.execPath, [CLI, 'run', bad], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /bad\.c:1:\d+: error: .nosuch. undeclared/);
  });

  it('socklab run: no compiler on PATH says how to get one', function () {
    const r = spawnSync(process.execPath, [CLI, 'run', path.join(dir, '..', 'x.c')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    const src = path.join(dir, 'ok.c');
    fs.writeFileSync(src, 'int main(void) { return 0; }\n');
    const none = spawnSync(process.execPath, [CLI, 'run', src], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    assert.strictEqual(none.status, 1);
    assert.match(none.stderr, /no C compiler found/);
  });

  after(function () {
    if (dir) execFileSync('rm', ['-rf', dir]);
  });
});

/** socklab's tracer process: its child that is still node (forked, not exec'd), not an addr2line. */
function tracerOf(cli: number): number {
  const kids = fs.readdirSync(`/proc/${cli}/task`).flatMap((t) =>
    fs.readFileSync(`/proc/${cli}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  const tracer = kids.find((k) => fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').includes('socklab.js'));
  assert.ok(tracer, `no tracer process among socklab's children ${kids}`);
  return tracer;
}

/** Has the process gone (or become a zombie) within a second? The kernel ends the tracees as the tracer dies. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return !alive(pid);
}

export type { SyscallEvent };
