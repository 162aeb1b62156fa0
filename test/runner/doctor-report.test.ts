// The doctor's conclusions from facts: statuses, whether the trace stays exact, and the fix each gap gets.
import * as assert from 'node:assert/strict';
import type { RawProbeResult } from '../../native/binding';
import { doctorReport, isWsl1, reportText, verdict, type DoctorFacts, type DoctorReport } from '../../runner/doctor-report';

const ok = { ok: true };
const denied = (step: string, errno = 'EPERM') => ({ ok: false, step, errno });

function probe(over: Partial<RawProbeResult> = {}): RawProbeResult {
  return { yama: 1, ptrace: ok, seccomp: ok, pidfd: ok, procFd: ok, sockDiag: ok, memory: ok, procMem: ok, timedOut: false, ...over };
}

function facts(over: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    platform: 'linux', arch: 'x64', kernel: '6.8.0-1017-azure', container: false, probe: probe(),
    addr2line: { command: 'addr2line', version: 'GNU addr2line 2.42' }, cc: { command: 'cc', version: 'gcc 13' },
    cxx: { command: 'c++', version: 'g++ 13' }, userns: { ok: true }, sysctl: { maxUserNamespaces: 63000 }, ...over,
  };
}

const get = (r: DoctorReport, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id} in ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
};

describe('doctor report', () => {
  it('all works: exact, no cost or fix anywhere', () => {
    const r = doctorReport(facts());
    assert.equal(r.exact, true);
    assert.deepEqual(r.checks.map((c) => c.id),
      ['platform', 'ptrace', 'yama', 'seccomp', 'pidfd_getfd', 'process_vm_readv', 'addr2line', 'cc', 'cxx', 'userns']);
    for (const c of r.checks) assert.deepEqual([c.id, c.status, c.cost, c.fix], [c.id, 'works', '', '']);
    assert.equal(verdict(r), 'Tracing is exact here, and everything works.');
  });

  it('pidfd_getfd denied with /proc and sock_diag working: degraded, still exact, the capAdd fix', () => {
    const r = doctorReport(facts({ container: true, probe: probe({ pidfd: denied('pidfd_getfd') }) }));
    const c = get(r, 'pidfd_getfd');
    assert.equal(c.status, 'degraded');
    assert.equal(c.exact, true);
    assert.match(c.detail, /pidfd_getfd: EPERM; works via \/proc\/PID\/fd and sock_diag/);
    assert.ok(c.fix.includes('"capAdd": ["SYS_PTRACE"]'), c.fix);
    assert.ok(c.fix.includes('--cap-add=SYS_PTRACE'), c.fix);
    assert.equal(r.exact, true);
    assert.equal(verdict(r), 'Tracing is exact here (pidfd_getfd degraded).');
  });

  it('pidfd_getfd absent from an old kernel (ENOSYS): the fix is a newer kernel', () => {
    const c = get(doctorReport(facts({ probe: probe({ pidfd: denied('pidfd_open', 'ENOSYS') }) })), 'pidfd_getfd');
    assert.equal(c.status, 'degraded');
    assert.match(c.fix, /kernel 5\.6 or newer/);
  });

  it('pidfd_getfd and its fallback both failing: missing, not exact', () => {
    const r = doctorReport(facts({ probe: probe({ pidfd: denied('pidfd_getfd'), sockDiag: denied('socket(AF_NETLINK, NETLINK_SOCK_DIAG)', 'EACCES') }) }));
    const c = get(r, 'pidfd_getfd');
    assert.equal(c.status, 'missing');
    assert.match(c.detail, /sock_diag: socket\(AF_NETLINK, NETLINK_SOCK_DIAG\): EACCES/);
    assert.match(c.cost, /lose their sock field/);
    assert.equal(r.exact, false);
  });

  it('process_vm_readv denied: degraded through /proc/PID/mem, missing without it', () => {
    const degraded = get(doctorReport(facts({ probe: probe({ memory: denied('process_vm_readv') }) })), 'process_vm_readv');
    assert.deepEqual([degraded.status, degraded.exact], ['degraded', true]);
    assert.match(degraded.detail, /works via \/proc\/PID\/mem/);
    const r = doctorReport(facts({ probe: probe({ memory: denied('process_vm_readv'), procMem: denied('open /proc/PID/mem', 'EACCES') }) }));
    assert.deepEqual([get(r, 'process_vm_readv').status, r.exact], ['missing', false]);
  });

  it('ptrace refused: missing and not exact; the fix follows the cause', () => {
    const traceme = denied('PTRACE_TRACEME');
    const inContainer = doctorReport(facts({ container: true, probe: probe({ ptrace: traceme }) }));
    assert.deepEqual([get(inContainer, 'ptrace').status, inContainer.exact], ['missing', false]);
    assert.match(get(inContainer, 'ptrace').fix, /"capAdd": \["SYS_PTRACE"\]/);
    assert.equal(verdict(inContainer), 'Tracing is not exact here: ptrace is missing.');

    const scope2 = doctorReport(facts({ probe: probe({ yama: 2, ptrace: traceme }) }));
    assert.match(get(scope2, 'ptrace').fix, /^sudo sysctl -w kernel\.yama\.ptrace_scope=1/);
    assert.equal(get(scope2, 'yama').status, 'missing');
    assert.match(get(scope2, 'yama').fix, /sudo sysctl -w kernel\.yama\.ptrace_scope=1 \(or 0\)/);
    assert.equal(verdict(scope2), 'Tracing is not exact here: ptrace, yama are missing.');

    const scope3 = doctorReport(facts({ probe: probe({ yama: 3, ptrace: traceme }) }));
    assert.match(get(scope3, 'ptrace').fix, /off until the next boot/);
  });

  it('Yama scope 2 with ptrace working (root, CAP_SYS_PTRACE) works', () => {
    const c = get(doctorReport(facts({ probe: probe({ yama: 2 }) })), 'yama');
    assert.equal(c.status, 'works');
    assert.match(c.detail, /2: only with CAP_SYS_PTRACE \(this process has it\)/);
  });

  it('seccomp refused: missing, not exact', () => {
    const r = doctorReport(facts({ probe: probe({ seccomp: denied('SECCOMP_SET_MODE_FILTER', 'EINVAL') }) }));
    assert.deepEqual([get(r, 'seccomp').status, get(r, 'seccomp').detail, r.exact], ['missing', 'SECCOMP_SET_MODE_FILTER: EINVAL', false]);
  });

  it('not Linux: platform and tracer missing, with the remote fix', () => {
    const r = doctorReport(facts({ platform: 'darwin', arch: 'arm64', kernel: undefined, probe: { error: 'tracing runs on Linux; this is darwin', notLinux: true },
      userns: { ok: false, error: 'not Linux' } }));
    assert.equal(r.exact, false);
    assert.equal(get(r, 'platform').status, 'missing');
    assert.match(get(r, 'platform').fix, /Dev Container, in WSL 2 \(Windows\) or over Remote - SSH/);
    assert.deepEqual([get(r, 'tracer').status, get(r, 'tracer').fix], ['missing', 'See platform above.']);
    assert.equal(get(r, 'userns').fix, 'See platform above.');
  });

  it('WSL 1: missing, the fix converts the distribution to WSL 2', () => {
    assert.equal(isWsl1('4.4.0-19041-Microsoft'), true);
    assert.equal(isWsl1('5.15.153.1-microsoft-standard-WSL2'), false);
    const c = get(doctorReport(facts({ kernel: '4.4.0-19041-Microsoft' })), 'platform');
    assert.equal(c.status, 'missing');
    assert.match(c.fix, /wsl --set-version <distro> 2/);
  });

  it('the tracer not built: missing, with how to build it', () => {
    const c = get(doctorReport(facts({ probe: { error: 'the native tracer is not built (/x/socklab.node)' } })), 'tracer');
    assert.deepEqual([c.status, c.exact], ['missing', false]);
    assert.match(c.fix, /npm install builds the tracer/);
  });

  it('no user namespaces: missing with the sysctl that switched them off, the trace still exact', () => {
    const err = { ok: false, error: 'unshare: write failed /proc/self/uid_map: Operation not permitted' };
    const ubuntu = doctorReport(facts({ userns: err, sysctl: { apparmorRestrictUserns: 1, maxUserNamespaces: 63000 } }));
    const c = get(ubuntu, 'userns');
    assert.deepEqual([c.status, c.exact, ubuntu.exact], ['missing', true, true]);
    assert.match(c.fix, /^sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/);
    assert.match(c.detail, /kernel\.apparmor_restrict_unprivileged_userns = 1/);
    assert.match(get(doctorReport(facts({ userns: err, sysctl: { unprivilegedUsernsClone: 0 } })), 'userns').fix, /^sudo sysctl -w kernel\.unprivileged_userns_clone=1$/);
    assert.match(get(doctorReport(facts({ userns: err, sysctl: { maxUserNamespaces: 0 } })), 'userns').fix, /^sudo sysctl -w user\.max_user_namespaces=15000$/);
    assert.match(get(doctorReport(facts({ userns: err, container: true, sysctl: {} })), 'userns').fix, /--security-opt seccomp=unconfined/);
    // a container that masks parts of /proc (Docker's and Podman's default): unshare --mount-proc is refused
    const masked = get(doctorReport(facts({ userns: { ok: false, error: 'unshare: mount /proc failed: Operation not permitted' }, container: true, sysctl: {} })), 'userns');
    assert.match(masked.fix, /^The container masks parts of \/proc.*"securityOpt": \["systempaths=unconfined"\] in devcontainer\.json/);
    assert.match(get(doctorReport(facts({ userns: { ok: false, error: 'unshare: not found' } })), 'userns').fix, /apt-get install util-linux/);
  });

  it('no addr2line: not exact (no call sites); no compiler: exact (the trace is the same)', () => {
    const noSites = doctorReport(facts({ addr2line: { error: 'not found (looked for addr2line)' } }));
    assert.deepEqual([get(noSites, 'addr2line').status, noSites.exact], ['missing', false]);
    assert.match(get(noSites, 'addr2line').fix, /^sudo apt-get install binutils/);
    const noCc = doctorReport(facts({ cc: { error: 'not found' }, cxx: { error: 'not found' } }));
    assert.deepEqual([get(noCc, 'cc').status, noCc.exact], ['missing', true]);
    assert.match(get(noCc, 'cc').fix, /^sudo apt-get install gcc /);
    assert.match(get(noCc, 'cxx').fix, /^sudo apt-get install g\+\+ \(Fedora: sudo dnf install gcc-c\+\+\)/);
  });

  it('text: a line per check, cost and fix only where something is not working, and the verdict', () => {
    const text = reportText(doctorReport(facts({ container: true, probe: probe({ pidfd: denied('pidfd_getfd') }) })));
    const lines = text.trimEnd().split('\n');
    assert.match(lines[0], /^works {5}platform {2,}Linux on x86_64$/);
    assert.equal(lines.filter((l) => /^\s+cost: /.test(l)).length, 1);
    assert.equal(lines.filter((l) => /^\s+fix: {2}/.test(l)).length, 1);
    assert.ok(lines.some((l) => /^degraded {2}pidfd_getfd/.test(l)));
    assert.equal(lines.at(-1), 'Tracing is exact here (pidfd_getfd degraded).');
  });
});
