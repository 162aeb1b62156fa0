// Each lab's reference solution, and the correct programs that differ from it under
// test/lab-alternatives/<lab>/<name>/ (threads or processes, poll or epoll or select, recv or read, getaddrinfo
// or inet_pton, other buffer sizes...), must pass every check, every time: each is graded several times in a
// row (SOCKLAB_ALTERNATIVE_GRADES, 3 by default) to catch checks that pass by luck.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gradeLab, type GradeResult } from '../../grader/engine';
import { listLabDirs, loadLab } from '../../grader/labs';
import { loadRunner } from '../../grader/run-adapter';
import { alternativeDir, alternativesDir, labsDir, listAlternatives } from './helpers';

const TIMES = Number(process.env.SOCKLAB_ALTERNATIVE_GRADES ?? 3);

function notPassed(r: GradeResult): string {
  return r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}: ${c.message}`).join('\n') || '(none)';
}

describe('correct alternative designs pass every check', function () {
  this.timeout(600_000);
  const runner = loadRunner();

  for (const name of listLabDirs(labsDir)) {
    describe(name, () => {
      const lab = loadLab(path.join(labsDir, name));
      const alternatives = listAlternatives(name);

      it('has at least two alternatives to its reference solution', () => {
        assert.ok(alternatives.length >= 2, `only ${alternatives.length} in ${path.join(alternativesDir, name)}`);
        for (const a of alternatives) {
          const about = JSON.parse(fs.readFileSync(path.join(alternativesDir, name, a, 'alternative.json'), 'utf8')) as { design?: string };
          assert.ok(about.design, `${a}/alternative.json says nothing of its design`);
        }
      });

      const solutions = [{ what: 'its reference solution', dir: path.join(labsDir, name, lab.spec.solution) },
        ...alternatives.map((alt) => ({ what: `"${alt}"`, dir: alternativeDir(name, alt) }))];
      for (const { what, dir } of solutions) {
        it(`passes ${what} ${TIMES} times in a row`, async () => {
          if (!runner.traced) assert.fail(`the trace checks need the tracer, which cannot run here: ${runner.why}`);
          for (let i = 0; i < TIMES; i++) {
            const r = await gradeLab(lab, dir);
            assert.ok(r.compile.ok, r.compile.output);
            assert.strictEqual(r.score, r.maxScore, `grade ${i + 1} of ${TIMES}: not passed:\n${notPassed(r)}`);
          }
        });
      }
    });
  }
});
