// Tracing where capabilities are missing, as in Docker's default seccomp profile (no CAP_SYS_PTRACE:
// pidfd_getfd fails with EPERM) or where process_vm_readv/writev are denied: the tracer falls back
// (docs/ARCHITECTURE.md, "fdtrack.cc / sockets.cc") and the traces and grades must not change. The tracer
// suites and the labs' reference solutions are run again as a child mocha under the deny wrapper, whose
// seccomp filter the tracer and its tracees inherit.
import * as assert from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Degraded } from '../../runner/trace';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { denyWrapper } from '../helpers/deny';
import { compileC, ROOT, skipUnlessTracing, syscalls, tmpDir } from '../helpers/native';
import { normalize, toJsonl } from './normalize';

const MOCHA = require.resolve('mocha/bin/mocha.js');
const TRACER_SUITES = ['golden', 'strace', 'sites', 'faults', 'jobs', 'crash'].map((f) => `test/native/${f}.test.ts`);

interface Stats { passes: number; failures: number; pending: number; failed: string[] }

/** `deny NAMES -- mocha ARGS` in the repository; the JSON reporter's counts and the failed tests' titles. */
function mochaUnder(names: string[], args: string[], dir: string): Stats {
  const out = path.join(dir, `mocha-${names.join('-')}-${Date.now()}.json`);
  const r = spawnSync(denyWrapper(), [...names, '--', process.execPath, MOCHA, '--reporter', 'json',
    '--reporter-option', `output=${out}`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  assert.ok(fs.existsSync(out), `mocha under deny ${names.join(' ')} wrote no report (exit ${r.status}):\n${r.stderr}`);
  const rep = JSON.parse(fs.readFileSync(out, 'utf8'));
  const failed = (rep.failures as { fullTitle: string; err: { message: string } }[])
    .map((f) => `${f.fullTitle}: ${f.err.message.slice(0, 2000)}`);
  return { passes: rep.stats.passes, failures: rep.stats.failures, pending: rep.stats.pending, failed };
}

function assertAllPassed(s: Stats, what: string): void {
  assert.deepStrictEqual(s.failed, [], `${what}: ${s.failures} failed`);
  assert.strictEqual(s.pending, 0, `${what}: ${s.pending} tests were skipped`);
  assert.ok(s.passes > 0, `${what}: no test ran`);
}

interface Probe { code: number; events: TraceEvent[]; degraded: Degraded[]; told: Degraded[] }

function probe(names: string[], argv: string[], cwd: string): Probe {
  const cmd = [process.execPath, '--require', require.resolve('tsx/cjs'), path.join(__dirname, 'profile-probe.ts'), ...argv];
  const r = names.length
    ? spawnSync(denyWrapper(), [...names, '--', ...cmd], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(cmd[0], cmd.slice(1), { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Probe;
}

describe('tracing under seccomp profiles that deny pidfd_getfd or process_vm_readv', function () {
  this.timeout(900_000);
  let dir = '';
  before(function () {
    skipUnlessTracing(this);
    dir = tmpDir('socklab-profiles-');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the deny wrapper fails exactly the calls it names, with EPERM', function () {
    const exe = compileC('denied.c', dir, 'denied');
    const run = (names: string[]) => {
      const r = spawnSync(denyWrapper(), [...names, '--', exe], { encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(' ')));
    };
    const EPERM = '1';
    const a = run(['pidfd_getfd', 'userns']);
    assert.strictEqual(a.pidfd_open, 'OK');
    assert.strictEqual(a.pidfd_getfd, EPERM);
    assert.strictEqual(a.process_vm_readv, 'OK');
    assert.strictEqual(a['unshare(CLONE_NEWUSER)'], EPERM);
    assert.strictEqual(a['clone(CLONE_NEWUSER)'], EPERM);
    assert.strictEqual(a.clone, 'OK');
    const b = run(['process_vm_readv', 'process_vm_writev']);
    assert.deepStrictEqual([b.pidfd_getfd, b.process_vm_readv, b.process_vm_writev], ['OK', EPERM, EPERM]);
  });

  const PROFILE = ['pidfd_getfd', 'process_vm_readv', 'process_vm_writev'];
  const norm = (p: Probe) => toJsonl(normalize(p.events, { replace: { [dir]: '$TMP' } })).split('\n');

  it('ping-pong: the same trace with every close(), and each fallback told once', function () {
    const exe = path.join(dir, 'pingpong');
    execFileSync('cc', ['-g', '-O0', '-o', exe, path.join(ROOT, 'test', 'bench', 'workloads', 'pingpong.c')]);
    const plain = probe([], [exe, '5'], dir);
    const denied = probe(PROFILE, [exe, '5'], dir);
    assert.deepStrictEqual(plain.degraded, []);
    assert.deepStrictEqual(denied.told, denied.degraded);
    const byWhat = (d: Degraded[]) => [...d].sort((x, y) => x.what.localeCompare(y.what));
    assert.deepStrictEqual(byWhat(denied.degraded), [
      { what: 'pidfd_getfd', errno: 'EPERM', instead: 'sock_diag' },
      { what: 'process_vm_readv', errno: 'EPERM', instead: '/proc/PID/mem' },
      { what: 'process_vm_writev', errno: 'EPERM', instead: '/proc/PID/mem' },
    ]);
    const closes = syscalls(denied.events, 'close');
    assert.strictEqual(closes.length, 2, 'the listener and the client socket are closed');
    for (const c of closes) assert.ok((c as SyscallEvent).sock, `close(${c.args.fd}) without its socket`);
    assert.strictEqual(denied.code, 0);
    assert.deepStrictEqual(norm(denied), norm(plain));
  });

  it('unix peers not accepted yet and a socket received with SCM_RIGHTS: named as with pidfd_getfd', function () {
    const exe = compileC('unix_pending.c', dir, 'unix_pending');
    const plain = probe([], [exe], dir);
    const denied = probe(PROFILE, [exe], dir);
    assert.strictEqual(denied.code, 0);
    const connects = syscalls(denied.events, 'connect');
    assert.deepStrictEqual(connects.map((c) => (c as SyscallEvent).sock?.peer),
      [{ family: 'AF_UNIX', path: 'pending.sock' }, { family: 'AF_UNIX', abstract: 'pending-abs' }]);
    assert.deepStrictEqual(norm(denied), norm(plain));
  });

  it('the tracer suites pass unchanged with pidfd_getfd denied', function () {
    assertAllPassed(mochaUnder(['pidfd_getfd'], TRACER_SUITES, dir), TRACER_SUITES.join(' '));
  });

  it('real programs (curl, python3, node, socat, busybox, openssl, Rust) agree with strace with pidfd_getfd denied', function () {
    // real-programs.test.ts runs socklab (not strace) under the deny wrapper when SOCKLAB_REAL_DENY=1
    const r = spawnSync(process.execPath, [MOCHA, 'test/native/real-programs.test.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, SOCKLAB_REAL_DENY: '1' }, timeout: 600_000,
    });
    assert.strictEqual(r.status, 0, `${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
    assert.match(r.stdout, /pidfd_getfd denied/);
    assert.doesNotMatch(r.stdout, /pending/);
  });

  it('with user namespaces denied, a grade runs on the host loopback, gives full marks and says so once', function () {
    const r = spawnSync(denyWrapper(), ['userns', '--', process.execPath, path.join(ROOT, 'bin', 'socklab.js'), 'grade', '02-tcp-echo',
      path.join(ROOT, 'labs', '02-tcp-echo', 'solution'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { score: number; maxScore: number; isolation: string; notes: string[] };
    assert.strictEqual(report.isolation, 'host');
    assert.strictEqual(report.score, report.maxScore);
    const said = report.notes.filter((n) => /namespace/.test(n));
    assert.strictEqual(said.filter((n) => n.startsWith('No private network namespace')).length, 1, JSON.stringify(report.notes));
    assert.ok(said.some((n) => /user namespaces are not allowed/.test(n)), JSON.stringify(report.notes));
  });

  it('every lab\'s reference solution gets full marks with pidfd_getfd denied', function () {
    const s = mochaUnder(['pidfd_getfd'], ['test/grader/grading.test.ts', '--grep', 'passes the reference solution'], dir);
    assertAllPassed(s, 'reference solutions');
    assert.strictEqual(s.passes, fs.readdirSync(path.join(ROOT, 'labs')).filter((d) => /^\d\d-/.test(d)).length);
  });

  it('the golden traces are unchanged with process_vm_readv and process_vm_writev denied', function () {
    assertAllPassed(mochaUnder(['process_vm_readv', 'process_vm_writev'], ['test/native/golden.test.ts'], dir),
      'golden traces');
  });
});
