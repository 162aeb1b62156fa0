// The container `socklab course init` writes, built and run for real with Podman (test/helpers/podman.ts):
// its Dockerfile builds, socklab doctor inside it says everything works with devcontainer.json's own options
// (and what breaks without them, with the fix that file applies), and a lab is graded inside it in its own
// namespaces. Skipped, saying why, where no container engine can build it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { courseCommand } from '../../grader/course';
import type { DoctorReport } from '../../runner/doctor-report';
import { findPodman, nodeBase, type Podman } from '../helpers/podman';
import { tmpDir } from '../helpers/native';
import { labsDir } from './helpers';
import { quietly } from './quietly';

const LAB = '02-tcp-echo';
const IMAGE = `localhost/socklab-test/course:${process.pid}`;

interface DevContainer { capAdd?: string[]; securityOpt?: string[]; init?: boolean; remoteUser?: string }

/** The `docker run` options a Dev Container gets from devcontainer.json, as the Dev Containers extension passes them. */
function runOptions(dc: DevContainer): string[] {
  return [
    ...(dc.capAdd ?? []).flatMap((c) => ['--cap-add', c]),
    ...(dc.securityOpt ?? []).flatMap((o) => ['--security-opt', o]),
    ...(dc.init ? ['--init'] : []),
    ...(dc.remoteUser ? ['--user', dc.remoteUser] : []),
  ];
}

describe('the course container, built and run', function () {
  this.timeout(1_800_000);
  let podman: Podman;
  let dir = '';
  let dc: DevContainer;
  let built = false;

  before(async function () {
    const found = findPodman();
    if ('why' in found) {
      console.log(`    skipped: ${found.why}`);
      return this.skip();
    }
    podman = found;
    dir = tmpDir('socklab-course-image-');
    const base = nodeBase(podman, dir);
    if ('why' in base) {
      console.log(`    skipped: ${base.why}`);
      return this.skip();
    }
    console.log(`    base image: ${base.note}`);
    const course = path.join(dir, 'course');
    const init = await quietly(() => courseCommand(['init', course, '--labs', LAB]));
    assert.equal(init.code, 0, init.err);
    dc = JSON.parse(fs.readFileSync(path.join(course, '.devcontainer', 'devcontainer.json'), 'utf8'));
    // --from stands for the Dockerfile's FROM line (the same image, or its stand-in); every other line is built as written
    const b = podman.run(['build', ...podman.limits, '--from', base.image, '--tag', IMAGE, path.join(course, '.devcontainer')], 1_200_000);
    assert.equal(b.status, 0, `the course image did not build:\n${(b.stdout + b.stderr).slice(-4000)}`);
    built = true;
  });

  after(() => {
    if (built) podman.run(['rmi', '--force', IMAGE]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** podman run --rm with no network but loopback; ARGS are run options, then the image, then the command. */
  function inImage(options: string[], cmd: string[], volumes: string[] = []): { code: number | null; out: string; err: string } {
    const r = podman.run(['run', '--rm', '--network', 'none', ...podman.limits, ...options, ...volumes.flatMap((v) => ['--volume', v]), IMAGE, ...cmd], 300_000);
    assert.equal(r.error, undefined, String(r.error));
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  function doctor(options: string[]): { code: number | null; report: DoctorReport } {
    const r = inImage(options, ['socklab', 'doctor', '--format', 'json']);
    try {
      return { code: r.code, report: JSON.parse(r.out) };
    } catch {
      assert.fail(`socklab doctor printed no JSON (exit ${r.code}): ${r.out}${r.err}`);
    }
  }

  it('with devcontainer.json\'s options: socklab doctor finds every check working, exit 0', () => {
    const { code, report } = doctor(runOptions(dc));
    assert.deepEqual(report.checks.filter((c) => c.status !== 'works').map((c) => `${c.id} ${c.status}: ${c.detail}`), []);
    assert.equal(report.exact, true);
    assert.equal(code, 0);
  });

  it('with the engine\'s defaults instead: the trace is still exact, grading\'s namespaces fail with the fix devcontainer.json applies', () => {
    const { code, report } = doctor(dc.remoteUser ? ['--user', dc.remoteUser] : []);
    assert.equal(report.exact, true);
    assert.equal(code, 0);
    const userns = report.checks.find((c) => c.id === 'userns');
    assert.equal(userns?.status, 'missing');
    assert.ok((dc.securityOpt ?? []).some((o) => userns.fix.includes(o)), `the fix names none of devcontainer.json's securityOpt: ${userns.fix}`);
    // whatever else a default engine takes away is a fallback, each with a fix
    for (const c of report.checks.filter((x) => x.status === 'degraded')) assert.match(c.fix, /"capAdd": \["SYS_PTRACE"\]/);
  });

  it('grades a lab inside it as a student\'s container does: in its own namespaces, the starter fails and the solution passes', () => {
    const grade = (source: string): { code: number | null; report: { passed: boolean; isolation: string; score: number; maxScore: number }[] } => {
      const sub = path.join(dir, `sub-${path.basename(path.dirname(source))}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.copyFileSync(source, path.join(sub, 'echo_server.c'));
      fs.chmodSync(sub, 0o755);
      // the submission is read-only in the container; grading compiles into a copy, as in a student's workspace
      const r = inImage(runOptions(dc), ['sh', '-c', `cp -r /sub /tmp/lab && socklab grade ${LAB} /tmp/lab --format json`], [`${sub}:/sub:ro`]);
      let report;
      try {
        report = JSON.parse(r.out);
      } catch {
        assert.fail(`socklab grade printed no JSON (exit ${r.code}): ${r.out}${r.err}`);
      }
      return { code: r.code, report: Array.isArray(report) ? report : [report] };
    };
    const starter = grade(path.join(labsDir, LAB, 'starter', 'echo_server.c'));
    assert.equal(starter.code, 1);
    assert.deepEqual([starter.report[0].passed, starter.report[0].isolation], [false, 'netns']);
    const solved = grade(path.join(labsDir, LAB, 'solution', 'echo_server.c'));
    assert.equal(solved.code, 0);
    assert.deepEqual([solved.report[0].passed, solved.report[0].isolation], [true, 'netns']);
    assert.equal(solved.report[0].score, solved.report[0].maxScore);
  });
});
