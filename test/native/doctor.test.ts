// socklab doctor on this machine, for real, and under a seccomp filter that denies what containers deny
// (test/helpers/deny-syscalls.c): pidfd_getfd, ptrace, new user namespaces, process_vm_readv/writev.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probeMachine } from '../../native/index';
import type { DoctorReport } from '../../runner/doctor-report';
import { CLI, ROOT, tmpDir } from '../helpers/native';

let dir: string;
let deny: string;

interface Doctor {
  code: number | null;
  report: DoctorReport;
  stdout: string;
}

/** socklab doctor --format json, under deny-syscalls when `denied` names syscalls */
function doctor(denied: string[] = []): Doctor {
  const cmd = [process.execPath, CLI, 'doctor', '--format', 'json'];
  const argv = denied.length ? [deny, ...denied, '--', ...cmd] : cmd;
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined);
  let report: DoctorReport;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    assert.fail(`socklab doctor printed no JSON (exit ${r.status}): ${r.stdout}${r.stderr}`);
  }
  return { code: r.status, report, stdout: r.stdout };
}

const check = (d: Doctor, id: string) => {
  const c = d.report.checks.find((x) => x.id === id);
  assert.ok(c, `no ${id} check`);
  return c;
};

/** Every check but the named ones works (so a test's verdict comes from the denied syscalls alone). */
function othersWork(d: Doctor, ...except: string[]): void {
  const off = d.report.checks.filter((c) => c.status !== 'works' && !except.includes(c.id));
  assert.deepEqual(off.map((c) => `${c.id}: ${c.status} (${c.detail})`), []);
}

describe('socklab doctor (real probes)', function () {
  before(function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      console.log('    skipped: the probe runs on Linux x86_64 only');
      this.skip();
    }
    dir = tmpDir('socklab-doctor-');
    deny = path.join(dir, 'deny-syscalls');
    execFileSync('cc', ['-O2', '-Wall', '-o', deny, path.join(ROOT, 'test', 'helpers', 'deny-syscalls.c')], { stdio: 'pipe' });
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('the probe itself: every capability works on this machine', async () => {
    const p = await probeMachine();
    assert.equal(p.timedOut, false);
    for (const k of ['ptrace', 'seccomp', 'pidfd', 'procFd', 'sockDiag', 'memory', 'procMem'] as const) assert.deepEqual([k, p[k]], [k, { ok: true }]);
    assert.ok(Number.isInteger(p.yama) && p.yama >= -1 && p.yama <= 3);
  });

  it('on this machine: exit 0 and works for each check', () => {
    const d = doctor();
    othersWork(d);
    assert.equal(d.report.exact, true);
    assert.equal(d.code, 0);
    const text = spawnSync(process.execPath, [CLI, 'doctor'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stdout + text.stderr);
    const rows = text.stdout.split('\n').filter((l) => /^\S/.test(l));
    assert.equal(rows.length, d.report.checks.length + 1);
    for (const row of rows.slice(0, -1)) assert.match(row, /^works {5}\S/);
    assert.equal(rows.at(-1), 'Tracing is exact here, and everything works.');
  });

  it('pidfd_getfd denied (Docker without CAP_SYS_PTRACE): degraded with the capAdd fix, still exact', () => {
    const d = doctor(['pidfd_getfd']);
    const c = check(d, 'pidfd_getfd');
    assert.equal(c.status, 'degraded');
    assert.equal(c.detail, 'pidfd_getfd: EPERM; works via /proc/PID/fd and sock_diag');
    assert.ok(c.fix.includes('"capAdd": ["SYS_PTRACE"]'), c.fix);
    othersWork(d, 'pidfd_getfd');
    assert.equal(d.code, 0);
  });

  it('process_vm_readv and process_vm_writev denied: degraded through /proc/PID/mem', () => {
    const d = doctor(['process_vm_readv', 'process_vm_writev']);
    assert.equal(check(d, 'process_vm_readv').status, 'degraded');
    assert.equal(check(d, 'process_vm_readv').detail, 'process_vm_readv: EPERM; works via /proc/PID/mem');
    othersWork(d, 'process_vm_readv');
    assert.equal(d.code, 0);
  });

  it('ptrace denied: missing with its fix, exit 1', () => {
    const d = doctor(['ptrace']);
    const c = check(d, 'ptrace');
    assert.deepEqual([c.status, c.detail], ['missing', 'PTRACE_TRACEME: EPERM']);
    assert.match(c.fix, /SYS_PTRACE/);
    assert.equal(d.report.exact, false);
    assert.equal(d.code, 1);
  });

  it('seccomp() denied: the tracer\'s filters cannot go in, missing, exit 1', () => {
    const d = doctor(['seccomp']);
    assert.deepEqual([check(d, 'seccomp').status, check(d, 'seccomp').detail], ['missing', 'SECCOMP_SET_MODE_FILTER: EPERM']);
    assert.equal(d.code, 1);
  });

  it('new user namespaces denied: userns missing with a fix, the trace still exact so exit 0', () => {
    const d = doctor(['newuser']);
    const c = check(d, 'userns');
    assert.equal(c.status, 'missing');
    assert.match(c.detail, /Operation not permitted/);
    assert.ok(c.fix.length > 0);
    assert.match(c.cost, /Traces are not affected/);
    othersWork(d, 'userns');
    assert.equal(d.report.exact, true);
    assert.equal(d.code, 0);
  });

  it('--help tells the exit statuses; an unknown option is a usage error', () => {
    const help = spawnSync(process.execPath, [CLI, 'doctor', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Exit status: 0 when tracing is exact here/);
    const bad = spawnSync(process.execPath, [CLI, 'doctor', '--format', 'xml'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be text or json, not xml/);
  });
});

describe('the machine check where tracing cannot run', () => {
  it('not Linux (the extension host on macOS or Windows): a report saying so, never an exception', async () => {
    const real = Object.getOwnPropertyDescriptor(process, 'platform')!;
    const ids = [require.resolve('../../native/index'), require.resolve('../../runner/doctor')];
    for (const id of ids) delete require.cache[id];
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    try {
      // required here, not imported: the module must load after process.platform is replaced
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runDoctor } = require('../../runner/doctor') as typeof import('../../runner/doctor');
      const r = await runDoctor({ isolationCommand: undefined });
      assert.equal(r.exact, false);
      const byId = new Map(r.checks.map((c) => [c.id, c]));
      assert.equal(byId.get('platform')?.status, 'missing');
      assert.match(byId.get('platform')!.fix, /Dev Container, in WSL 2/);
      assert.deepEqual([byId.get('tracer')?.status, byId.get('tracer')?.detail], ['missing', 'not tried: tracing runs on Linux; this is darwin']);
      assert.match(byId.get('userns')!.detail, /^not Linux/);
    } finally {
      Object.defineProperty(process, 'platform', real);
      for (const id of ids) delete require.cache[id];
    }
  });
});
