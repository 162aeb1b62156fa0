// socklab doctor (the bundled CLI) where a Dev Container puts it: in a user namespace of its own, as a rootless
// container runs (`unshare -r`), under Docker's default seccomp profile without CAP_SYS_PTRACE (pidfd_getfd
// denied, test/helpers/deny.c), and then also without new user namespaces. The report must call the trace
// exact, show each fallback as degraded with the devcontainer.json fix, exit 0 (socklab doctor exits 1 only
// when the trace would not be exact), and a real trace made there must equal the unrestricted one.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DoctorCheck, DoctorReport } from '../../runner/doctor-report';
import { denyWrapper } from '../helpers/deny';
import { CLI, skipUnlessTracing, tmpDir } from '../helpers/native';
import { compile, normalize, runPlainStdio, toJsonl } from './normalize';
import type { TraceEvent } from '../../common/events';

/** What a Dev Container's shell has: VS Code sets REMOTE_CONTAINERS, which makes the fixes the container's options. */
const DEV_CONTAINER_ENV = { ...process.env, REMOTE_CONTAINERS: 'true' };

/** `unshare -r deny NAMES -- ARGV`: a new user namespace (root in it, the caller outside) under the filter. */
function confined(denied: string[], argv: string[]): string[] {
  return ['unshare', '-r', denyWrapper(), ...denied, '--', ...argv];
}

interface Run { code: number | null; stdout: string; stderr: string }

function run(argv: string[]): Run {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60_000, env: DEV_CONTAINER_ENV });
  assert.equal(r.error, undefined, `${argv.join(' ')}: ${r.error}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function doctor(denied: string[]): { code: number | null; report: DoctorReport; text: Run } {
  const json = run(confined(denied, [process.execPath, CLI, 'doctor', '--format', 'json']));
  let report: DoctorReport;
  try {
    report = JSON.parse(json.stdout);
  } catch {
    assert.fail(`socklab doctor printed no JSON (exit ${json.code}): ${json.stdout}${json.stderr}`);
  }
  const text = run(confined(denied, [process.execPath, CLI, 'doctor']));
  assert.equal(text.code, json.code, 'the text and JSON reports exit alike');
  return { code: json.code, report, text };
}

const byId = (r: DoctorReport, id: string): DoctorCheck => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no ${id} check`);
  return c;
};

/** The text report's `fix:` lines, one per check that does not work. */
const fixLines = (text: string): string[] => text.split('\n').filter((l) => /^\s+fix: {2}/.test(l)).map((l) => l.trim());

describe('socklab doctor in a rootless container\'s namespace and seccomp profile', function () {
  this.timeout(240_000);
  let dir = '';

  before(function () {
    skipUnlessTracing(this);
    const probe = spawnSync('unshare', ['-r', 'cat', '/proc/self/uid_map'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      console.log(`    skipped: unshare -r is not permitted here (${probe.error?.message ?? probe.stderr.trim()}), so no user namespace can be made`);
      this.skip();
    }
    dir = tmpDir('socklab-doctor-userns-');
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('the wrapper really runs the command in a new user namespace, as root there, with the filter', () => {
    const own = fs.readlinkSync('/proc/self/ns/user');
    const r = run(confined(['pidfd_getfd'], ['sh', '-c', 'readlink /proc/self/ns/user; id -u; grep ^Seccomp: /proc/self/status']));
    assert.equal(r.code, 0, r.stderr);
    const [ns, uid, seccomp] = r.stdout.trim().split('\n');
    assert.notEqual(ns, own);
    assert.equal(uid, '0');
    assert.match(seccomp, /^Seccomp:\s+2$/);
  });

  it('pidfd_getfd denied: exact, socket identity degraded with the capAdd fix, everything else works, exit 0', () => {
    const { code, report, text } = doctor(['pidfd_getfd']);
    assert.equal(report.exact, true);
    assert.deepEqual(report.checks.filter((c) => c.status !== 'works').map((c) => `${c.id} ${c.status}`), ['pidfd_getfd degraded']);
    const c = byId(report, 'pidfd_getfd');
    assert.equal(c.detail, 'pidfd_getfd: EPERM; works via /proc/PID/fd and sock_diag');
    assert.match(c.cost, /^none in the trace/);
    assert.equal(code, 0);
    const fixes = fixLines(text.stdout);
    assert.equal(fixes.length, 1, text.stdout);
    assert.ok(fixes[0].includes('add "capAdd": ["SYS_PTRACE"] to .devcontainer/devcontainer.json and rebuild the container'), fixes[0]);
    assert.ok(fixes[0].includes('--cap-add=SYS_PTRACE'), fixes[0]);
    assert.equal(text.stdout.trim().split('\n').at(-1), 'Tracing is exact here (pidfd_getfd degraded).');
  });

  it('and no new user namespaces: grading\'s namespaces missing with the securityOpt fix, the trace still exact, exit 0', () => {
    const { code, report, text } = doctor(['pidfd_getfd', 'userns']);
    assert.equal(report.exact, true);
    assert.deepEqual(report.checks.filter((c) => c.status !== 'works').map((c) => `${c.id} ${c.status}`),
      ['pidfd_getfd degraded', 'userns missing']);
    const u = byId(report, 'userns');
    assert.match(u.detail, /Operation not permitted/);
    assert.match(u.cost, /Traces are not affected\.$/);
    assert.equal(u.exact, true);
    assert.equal(code, 0);
    const fixes = fixLines(text.stdout);
    assert.equal(fixes.length, 2, text.stdout);
    assert.ok(fixes[0].includes('"capAdd": ["SYS_PTRACE"]'), fixes[0]);
    assert.ok(fixes[1].includes('"securityOpt": ["seccomp=unconfined"] in devcontainer.json'), fixes[1]);
    assert.ok(fixes[1].includes('--no-isolation'), fixes[1]);
    assert.equal(text.stdout.trim().split('\n').at(-1), 'Tracing is exact here (pidfd_getfd degraded, userns missing).');
  });

  it('what the report calls exact is: a TCP program\'s trace there equals the unrestricted one, field for field', async () => {
    const exe = await compile('tcp.c', dir);
    const trace = async (prefix: string[], name: string): Promise<TraceEvent[]> => {
      const out = path.join(dir, `${name}.jsonl`);
      const argv = [...prefix, process.execPath, CLI, 'trace', '--format', 'jsonl', '--out', out, '--', exe];
      const ran = await runPlainStdio(argv[0], argv.slice(1), { cwd: dir });
      assert.equal(ran.code, 0, ran.stderr);
      return fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent);
    };
    const plain = await trace([], 'plain');
    const inside = await trace(confined(['pidfd_getfd', 'userns'], []), 'confined');
    const norm = (events: TraceEvent[]) => toJsonl(normalize(events, { replace: { [dir]: '<dir>' } }));
    assert.ok(plain.some((e) => e.type === 'syscall' && e.name === 'accept' && e.newsock?.peer), 'the plain trace has no accepted peer');
    assert.equal(norm(inside), norm(plain));
  });
});
