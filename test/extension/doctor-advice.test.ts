// Which message the editor shows for which machine report (extension/doctor-advice.ts), without VS Code.
import * as assert from 'node:assert/strict';
import type { RawProbeResult } from '../../native/binding';
import { doctorAdvice, reportMarkdown } from '../../extension/run/doctor-advice';
import { doctorReport, type DoctorFacts } from '../../runner/doctor-report';

const ok = { ok: true };
const denied = (step: string) => ({ ok: false, step, errno: 'EPERM' });

function report(over: Partial<DoctorFacts> = {}, probe: Partial<RawProbeResult> = {}) {
  return doctorReport({
    platform: 'linux', arch: 'x64', kernel: '6.8.0', container: true,
    probe: { yama: 1, ptrace: ok, seccomp: ok, pidfd: ok, procFd: ok, sockDiag: ok, memory: ok, procMem: ok, timedOut: false, ...probe },
    addr2line: { command: 'addr2line' }, cc: { command: 'cc' }, cxx: { command: 'c++' }, userns: { ok: true }, sysctl: {}, ...over,
  });
}

describe('machine check advice', () => {
  it('says nothing when everything works', () => {
    assert.equal(doctorAdvice(report()), undefined);
  });

  it('a fallback in use: information, exact, with the capAdd fix', () => {
    const a = doctorAdvice(report({}, { pidfd: denied('pidfd_getfd') }));
    assert.equal(a?.level, 'info');
    assert.equal(a?.check, 'pidfd_getfd');
    assert.match(a!.text, /^Traces are exact here, through a fallback: socket identity/);
    assert.ok(a!.text.includes('"capAdd": ["SYS_PTRACE"]'), a!.text);
    assert.doesNotMatch(a!.text, /more in the report/);
  });

  it('no user namespaces: a warning about grading, with the sysctl fix', () => {
    const a = doctorAdvice(report({ userns: { ok: false, error: 'unshare failed' }, sysctl: { apparmorRestrictUserns: 1 } }));
    assert.equal(a?.level, 'warning');
    assert.equal(a?.check, 'userns');
    assert.match(a!.text, /grading runs on this machine's own loopback/);
    assert.match(a!.text, /Fix: sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/);
  });

  it('the worst gap comes first: an inexact trace before a missing compiler before a fallback', () => {
    const a = doctorAdvice(report({ cc: { error: 'not found' } }, { ptrace: denied('PTRACE_TRACEME'), pidfd: denied('pidfd_getfd') }));
    assert.equal(a?.level, 'error');
    assert.equal(a?.check, 'ptrace');
    assert.match(a!.text, /^This machine cannot trace exactly: ptrace .* is missing \(PTRACE_TRACEME: EPERM\), so nothing can be traced/);
    assert.match(a!.text, /\(and 2 more in the report\)$/);
    const b = doctorAdvice(report({ cc: { error: 'not found' } }, { pidfd: denied('pidfd_getfd') }));
    assert.deepEqual([b?.level, b?.check], ['warning', 'cc']);
  });

  it('not Linux: an error that points at a Dev Container, WSL 2 or SSH', () => {
    const a = doctorAdvice(report({ platform: 'win32', probe: { error: 'tracing runs on Linux; this is win32', notLinux: true }, userns: { ok: false, error: 'not Linux' } }));
    assert.deepEqual([a?.level, a?.check], ['error', 'platform']);
    assert.match(a!.text, /Dev Container, in WSL 2 \(Windows\) or over Remote - SSH/);
  });

  it('the Markdown report: every check in the table, a section for each that does not work', () => {
    const md = reportMarkdown(report({}, { pidfd: denied('pidfd_getfd') }), 'today');
    assert.match(md, /^# Socket Lab: Check This Machine\n\nTracing is exact on this machine\. Checked today/);
    assert.equal(md.split('\n').filter((l) => /^\| (works|degraded|\*\*missing\*\*) \|/.test(l)).length, 10);
    assert.equal(md.split('\n').filter((l) => l.startsWith('## ')).length, 1);
    assert.match(md, /## socket identity \(pidfd_open \+ pidfd_getfd\): degraded\n\n- \*\*Found:\*\* pidfd_getfd: EPERM; works via/);
  });
});
