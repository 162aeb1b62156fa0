// Grades every lab's reference solution (must pass), its starter (must fail) and every known-wrong
// solution under test/lab-cases/<lab>/<mistake>/ (the reference with mistake.patch applied; must fail on
// the check its expect.json names).
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeLab, type GradeResult } from '../../grader/engine';
import { listLabDirs, loadLab } from '../../grader/labs';
import { loadRunner } from '../../grader/run-adapter';
import type { RunRecord } from '../../grader/run';
import type { TraceCheck } from '../../grader/spec';
import { missingSubject } from '../../grader/trace-subjects';
import { caseDir, casesDir, labsDir, listCases, tracerMissing } from './helpers';

interface Expect {
  check: string;
  mistake: string;
  /** a regular expression the failed check's message must match */
  message?: string;
  /** the line of the mistake: the failure's location must be within 3 lines of it */
  line?: number;
  /** the correct alternative the mistake is made in, when not the reference solution */
  base?: string;
}

function failures(r: GradeResult): string {
  return r.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.message}`).join('\n') || '(none)';
}

describe('grading the labs', function () {
  this.timeout(120_000);
  const runner = loadRunner();

  for (const name of listLabDirs(labsDir)) {
    describe(name, () => {
      const lab = loadLab(path.join(labsDir, name));

      it('passes the reference solution', async () => {
        const r = await gradeLab(lab, path.join(lab.dir, lab.spec.solution));
        assert.ok(r.compile.ok, r.compile.output);
        assert.ok(r.passed, `failed checks:\n${failures(r)}`);
        assert.ok(r.checks.some((c) => c.status === 'pass'), 'no check ran');
        if (runner.traced) {
          assert.deepStrictEqual(r.checks.filter((c) => c.status === 'skip').map((c) => `${c.id}: ${c.message}`), []);
        }
      });

      it('fails the starter, and every trace check whose subject its run lacks', async () => {
        const runs = new Map<string, RunRecord>();
        const r = await gradeLab(lab, path.join(lab.dir, lab.spec.starter), { onRun: (id, run) => runs.set(id, run) });
        assert.ok(r.compile.ok, `the starter must compile:\n${r.compile.output}`);
        assert.ok(!r.passed, 'the starter passed every check');
        if (!runner.traced) return;
        for (const c of lab.spec.grading.checks.filter((x): x is TraceCheck => x.kind === 'trace')) {
          const events = runs.get(c.on)?.events ?? [];
          const got = r.checks.find((x) => x.id === c.id);
          if (missingSubject(c, events)) assert.strictEqual(got?.status, 'fail', `${c.id} passed with nothing to judge: ${got?.message}`);
        }
      });

      it('fails every trace check of a program that does nothing', async function () {
        if (!runner.traced) this.skip();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-nothing-'));
        try {
          for (const f of lab.spec.files) fs.writeFileSync(path.join(dir, f), f.endsWith('.c') ? 'int main(void) { return 0; }\n' : '');
          const r = await gradeLab(lab, dir);
          assert.ok(r.compile.ok, r.compile.output);
          const passed = r.checks.filter((c) => c.kind === 'trace' && c.status !== 'fail');
          assert.deepStrictEqual(passed.map((c) => `${c.id}: ${c.status}`), []);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });

      const dir = path.join(casesDir, name);
      const cases = listCases(name);
      it('has at least three known-wrong solutions', () => {
        assert.ok(cases.length >= 3, `only ${cases.length} in ${dir}`);
      });

      for (const mistake of cases) {
        const expect = JSON.parse(fs.readFileSync(path.join(dir, mistake, 'expect.json'), 'utf8')) as Expect;
        const check = lab.spec.grading.checks.find((c) => c.id === expect.check);
        it(`fails "${mistake}" on ${expect.check}`, async function () {
          assert.ok(check, `expect.json names unknown check ${expect.check}`);
          const needsTracer = check.kind === 'trace' || (check.kind === 'behaviour' && check.inject !== undefined);
          if (needsTracer && tracerMissing) {
            // Not a pass: mocha reports it as pending, with the reason in the title.
            this.test!.title += ` (skipped: ${tracerMissing})`;
            this.skip();
          }
          if (needsTracer && !runner.traced) assert.fail(`runner/trace.ts exists but the tracer cannot run: ${runner.why}`);
          const r = await gradeLab(lab, caseDir(name, mistake));
          assert.ok(r.compile.ok, r.compile.output);
          const got = r.checks.find((c) => c.id === expect.check);
          assert.strictEqual(got?.status, 'fail', `${expect.mistake}\nexpected ${expect.check} to fail; failed checks:\n${failures(r)}`);
          if (expect.message) assert.match(got.message ?? '', new RegExp(expect.message));
          if (expect.line !== undefined) {
            assert.ok(got.location, `expected the failure to name a line near ${expect.line}; it names none: ${got.message}`);
            assert.ok(Math.abs(got.location.line - expect.line) <= 3, `the failure names line ${got.location.line}, the mistake is at ${expect.line}`);
          }
        });
      }
    });
  }
});
