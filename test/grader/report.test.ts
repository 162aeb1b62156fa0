// Report formats written from one GradeResult: text, JSON, JUnit XML, TAP and Gradescope's results.json.
import * as assert from 'node:assert';
import type { GradeResult } from '../../grader/engine';
import { gradescope, render } from '../../grader/report';

const result: GradeResult = {
  lab: { id: '02-tcp-echo', title: 'A TCP echo server' }, submission: '/subs/ada', isolation: 'netns', traced: true,
  notes: [], compile: { ok: true, output: '' }, passed: false, score: 2, maxScore: 5, durationMs: 1234,
  checks: [
    { id: 'echo-once', title: 'echo <one>', kind: 'behaviour', status: 'pass', points: 2, maxPoints: 2, durationMs: 10 },
    { id: 'next-client', title: 'next & more', kind: 'behaviour', status: 'fail', message: 'Expected "a" & <b>', points: 0, maxPoints: 2, durationMs: 10,
      expected: 'a\\n\n', actual: '<b>', location: { file: 'echo_server.c', line: 42 } },
    { id: 'closed', title: 'closed', kind: 'trace', status: 'skip', message: 'no tracer', points: 0, maxPoints: 1, durationMs: 0 },
  ],
};

describe('reports', () => {
  it('text names each check, its message and the score', () => {
    const t = render('text', [result]);
    assert.match(t, /PASS {2}echo-once/);
    assert.match(t, /FAIL {2}next-client — next & more \(0\/2\)\n {6}Expected "a" & <b>/);
    assert.match(t, /Score 2\/4: 1 passed, 1 failed, 1 skipped\./);
  });

  it('junit escapes text and counts failures and skips', () => {
    const x = render('junit', [result]);
    assert.match(x, /<testsuite name="02-tcp-echo \/subs\/ada" tests="3" failures="1" errors="0" skipped="1"/);
    assert.match(x, /<failure message="Expected &quot;a&quot; &amp; &lt;b&gt;" type="behaviour">/);
    assert.match(x, /name="echo-once: echo &lt;one&gt;"/);
    assert.match(x, /&lt;b&gt;<\/failure>/);
    assert.ok(x.includes('at echo_server.c:42\nexpected:\n  a\\n\n  \nactual:\n  &lt;b&gt;</failure>'), x);
  });

  it('tap has a plan and one line per check', () => {
    const t = render('tap', [result]);
    assert.match(t, /^TAP version 13\n# .*\n1\.\.3\nok 1 - echo-once/);
    assert.match(t, /not ok 2 - next-client/);
    assert.ok(t.includes('  kind: behaviour\n  at: "echo_server.c:42"\n  expected: "a\\\\n\\n"\n  actual: "<b>"\n  ...\n'), t);
    assert.match(t, /ok 3 - closed: closed # SKIP no tracer/);
  });

  it('gradescope gives score, max_score and one test per check', () => {
    const g = gradescope(result) as { score: number; max_score: number; tests: { status: string; max_score: number }[] };
    assert.strictEqual(g.score, 2);
    assert.strictEqual(g.max_score, 4);
    assert.deepStrictEqual(g.tests.map((t) => t.status), ['passed', 'failed', 'passed']);
    assert.strictEqual(g.tests[2].max_score, 0);
    assert.match((g.tests[1] as unknown as { output: string }).output, /^Expected "a" & <b>\nat echo_server\.c:42\nexpected:\n {2}a\\n\n/);
  });

  it('json round-trips', () => {
    assert.deepStrictEqual(JSON.parse(render('json', [result])), result);
  });
});
