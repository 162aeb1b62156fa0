// What the editor says, and which buttons it offers, on a machine that cannot trace (extension/run/setup-advice.ts),
// for every platform, Dev Container and Dev Containers extension combination, without VS Code; and the guide
// those buttons open (extension/setup.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawProbeResult } from '../../native/binding';
import type { DoctorFacts } from '../../runner/doctor-report';
import { markSaid, setupAdvice, shouldSay, type WindowFacts } from '../../extension/run/setup-advice';

const ok = { ok: true };

function facts(over: Partial<DoctorFacts> = {}, probe: Partial<RawProbeResult> = {}): DoctorFacts {
  return {
    platform: 'linux', arch: 'x64', kernel: '6.8.0-1017-azure', container: false,
    probe: { yama: 1, ptrace: ok, seccomp: ok, pidfd: ok, procFd: ok, sockDiag: ok, memory: ok, procMem: ok, timedOut: false, ...probe },
    addr2line: { command: 'addr2line' }, cc: { command: 'cc' }, cxx: { command: 'c++' }, userns: { ok: true }, sysctl: {}, ...over,
  };
}

/** The extension host on macOS or Windows: the probe is not tried. */
const notLinux = (platform: string, arch = 'x64') => facts({ platform, arch, kernel: undefined,
  probe: { error: `tracing runs on Linux; this is ${platform}`, notLinux: true }, userns: { ok: false, error: 'not Linux' } });
const noPtrace = (over: Partial<DoctorFacts> = {}, yama = 1) =>
  facts(over, { yama, ptrace: { ok: false, step: 'PTRACE_TRACEME', errno: 'EPERM' }, seccomp: ok });

const win = (devcontainer: boolean, devContainers: boolean, remote?: string): WindowFacts => ({ devcontainer, devContainers, remote });

describe('setup advice where nothing can be traced', () => {
  it('Linux on x86_64 that traces: nothing to say, whatever the window has', () => {
    for (const w of [win(false, false), win(true, true), win(true, false, 'dev-container'), win(false, true, 'wsl')]) {
      assert.equal(setupAdvice(facts(), w), undefined);
      assert.equal(setupAdvice(facts({ container: true }), w), undefined);
    }
    // a fallback in use, or no compiler, is the machine check's advice, not this
    assert.equal(setupAdvice(facts({ cc: { error: 'not found' } }, { pidfd: { ok: false, step: 'pidfd_getfd', errno: 'EPERM' } }), win(false, false)), undefined);
  });

  for (const platform of ['darwin', 'win32']) {
    describe(`${platform} on x86_64`, () => {
      it('with a Dev Container and the Dev Containers extension: Reopen in Container, then the guide', () => {
        const a = setupAdvice(notLinux(platform), win(true, true));
        assert.deepEqual([a?.reason, a?.actions], ['notLinux', ['reopenInContainer', 'openSetupGuide']]);
        assert.match(a!.text, /^Socket Lab traces programs with Linux's ptrace, and this is (macOS|Windows) on x64\. This folder has a Dev Container: reopen it/);
      });

      it('with a Dev Container but without the extension: offers to install it, and the guide', () => {
        const a = setupAdvice(notLinux(platform), win(true, false));
        assert.deepEqual(a?.actions, ['installDevContainers', 'openSetupGuide']);
        assert.match(a!.text, /This folder has a Dev Container/);
      });

      it('without a Dev Container (with or without the extension): the guide only', () => {
        for (const w of [win(false, true), win(false, false)]) {
          const a = setupAdvice(notLinux(platform), w);
          assert.deepEqual(a?.actions, ['openSetupGuide']);
          assert.match(a!.text, /Open the folder in a Dev Container, in WSL 2 \(Windows\) or in GitHub Codespaces/);
        }
      });
    });

    it(`${platform} on ARM: never Reopen in Container (the container would be ARM Linux too)`, () => {
      for (const w of [win(true, true), win(true, false), win(false, false)]) {
        const a = setupAdvice(notLinux(platform, 'arm64'), w);
        assert.deepEqual([a?.reason, a?.actions], ['notX64', ['openSetupGuide']]);
        assert.match(a!.text, /this is (macOS|Windows) on arm64\. Open the folder in GitHub Codespaces/);
      }
    });
  }

  it('WSL 1: convert to WSL 2, whatever the window has', () => {
    for (const w of [win(true, true, 'wsl'), win(false, false, 'wsl'), win(true, false)]) {
      const a = setupAdvice(facts({ kernel: '4.4.0-19041-Microsoft' }, { ptrace: { ok: false, step: 'PTRACE_SETOPTIONS', errno: 'EINVAL' } }), w);
      assert.deepEqual([a?.reason, a?.actions], ['wsl1', ['openSetupGuide']]);
      assert.match(a!.text, /^Socket Lab cannot trace in WSL 1.*wsl --set-version <distro> 2/);
    }
    // WSL 2's kernel is a real Linux
    assert.equal(setupAdvice(facts({ kernel: '5.15.153.1-microsoft-standard-WSL2' }), win(false, false, 'wsl')), undefined);
  });

  it('Linux on ARM: the guide only', () => {
    const a = setupAdvice(facts({ arch: 'arm64' }), win(true, true));
    assert.deepEqual([a?.reason, a?.actions], ['notX64', ['openSetupGuide']]);
  });

  describe('Linux on x86_64 that refuses ptrace', () => {
    it('with a Dev Container and the extension: the report\'s fix, and Reopen in Container', () => {
      const a = setupAdvice(noPtrace(), win(true, true));
      assert.deepEqual([a?.reason, a?.actions], ['noPtrace', ['reopenInContainer', 'openSetupGuide']]);
      assert.match(a!.text, /^Socket Lab cannot trace here: Linux refused ptrace \(PTRACE_TRACEME: EPERM\)\. Fix: If socklab itself runs under strace/);
      assert.match(a!.text, /Or reopen the folder in its Dev Container/);
    });

    it('with a Dev Container and without the extension: Install Dev Containers; without a Dev Container: the guide', () => {
      assert.deepEqual(setupAdvice(noPtrace(), win(true, false))?.actions, ['installDevContainers', 'openSetupGuide']);
      const a = setupAdvice(noPtrace(), win(false, true));
      assert.deepEqual(a?.actions, ['openSetupGuide']);
      assert.doesNotMatch(a!.text, /Dev Container, which/);
    });

    it('ptrace_scope 3: no container helps (it shares the kernel), so the guide and the reboot fix', () => {
      const a = setupAdvice(noPtrace({}, 3), win(true, true));
      assert.deepEqual(a?.actions, ['openSetupGuide']);
      assert.match(a!.text, /ptrace_scope is 3: ptrace is off until the next boot/);
      assert.doesNotMatch(a!.text, /reopen/);
    });

    it('ptrace_scope 2: a container with CAP_SYS_PTRACE would trace, so Reopen in Container', () => {
      const a = setupAdvice(noPtrace({}, 2), win(true, true));
      assert.deepEqual(a?.actions, ['reopenInContainer', 'openSetupGuide']);
      assert.match(a!.text, /sudo sysctl -w kernel\.yama\.ptrace_scope=1/);
    });

    it('inside a container already: the capAdd fix, Rebuild Container in a Dev Container, never Reopen', () => {
      const inDev = setupAdvice(noPtrace({ container: true }), win(true, true, 'dev-container'));
      assert.deepEqual(inDev?.actions, ['rebuildContainer', 'openSetupGuide']);
      assert.ok(inDev!.text.includes('"capAdd": ["SYS_PTRACE"]'), inDev!.text);
      assert.deepEqual(setupAdvice(noPtrace({ container: true }), win(true, false, 'codespaces'))?.actions, ['openSetupGuide']);
      assert.deepEqual(setupAdvice(noPtrace({ container: true }), win(true, true))?.actions, ['openSetupGuide']);
    });
  });

  it('is said once per machine state: answered once, not again; a new state (the extension installed) is said', () => {
    const before = setupAdvice(notLinux('darwin'), win(true, false))!;
    assert.equal(shouldSay(before, undefined), true);
    const said = markSaid(before, undefined);
    assert.equal(shouldSay(before, said), false);
    assert.equal(shouldSay(setupAdvice(notLinux('darwin'), win(true, false))!, said), false);
    const after = setupAdvice(notLinux('darwin'), win(true, true))!;
    assert.notEqual(after.state, before.state);
    assert.equal(shouldSay(after, said), true);
    const both = markSaid(after, said);
    assert.deepEqual(both, [before.state, after.state]);
    assert.deepEqual(markSaid(before, both), [after.state, before.state]);
    // whatever global state holds that is not a list of states is as if nothing was said
    for (const junk of [null, 'x', 3, { a: 1 }]) assert.equal(shouldSay(before, junk), true);
  });

  it('every combination has a different state, so none hides another', () => {
    const states = new Set<string>();
    let n = 0;
    for (const f of [notLinux('darwin'), notLinux('win32'), notLinux('darwin', 'arm64'), noPtrace(), noPtrace({}, 3)]) {
      for (const w of [win(true, true), win(true, false), win(false, false)]) {
        const a = setupAdvice(f, w);
        assert.ok(a);
        assert.equal(a.actions.at(-1), 'openSetupGuide');
        states.add(a.state);
        n++;
      }
    }
    // the ARM and ptrace_scope 3 advice offers the same whatever the window has
    assert.equal(states.size, n - 4);
  });
});

describe('the setup guide', () => {
  const guide = fs.readFileSync(path.join(__dirname, '..', '..', 'extension', 'setup.md'), 'utf8');

  it('covers each way the advice points to', () => {
    for (const h of ['## A Dev Container', '## GitHub Codespaces', '## WSL 2 (Windows)', '## Linux that refuses ptrace']) assert.ok(guide.includes(`\n${h}\n`), h);
    assert.match(guide, /ms-vscode-remote\.remote-containers/);
  });

  it('its devcontainer.json is JSON with the rights the tracer needs', () => {
    const block = /```json\n([\s\S]*?)```/.exec(guide);
    assert.ok(block);
    const dc = JSON.parse(block[1]);
    assert.deepEqual(dc.capAdd, ['SYS_PTRACE']);
    assert.deepEqual(dc.securityOpt, ['seccomp=unconfined', 'systempaths=unconfined']);
    for (const need of ['gcc', 'binutils', 'iproute2']) assert.ok(dc.postCreateCommand.split(' ').includes(need), need);
  });
});
