// Report formats written from one GradeResult: text, JSON, JUnit XML, TAP and Gradescope's results.json.
import * as assert from 'node:assert';
import type { GradeResult } from '../../grader/engine';
import { csvCell } from '../../grader/batch';
import { gradescope, render } from '../../grader/report';
import { github, githubSummary } from '../../grader/report-services';

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
    assert.match(t, /^TAP version 13\n1\.\.3\n# .*\nok 1 - echo-once/);
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
    const failed = g.tests[1] as unknown as { output: string; output_format: string; execution_time: number; visibility: string };
    // Markdown: the message's HTML characters are entities, the bytes are in fenced blocks
    assert.strictEqual(failed.output, 'Expected "a" &amp; &lt;b&gt;\n\nat `echo_server.c:42`\n\nexpected:\n\n```\na\\n\n```\n\nactual:\n\n```\n<b>\n```');
    assert.deepStrictEqual([failed.output_format, failed.execution_time, failed.visibility], ['md', 0.01, 'visible']);
    assert.strictEqual((g as unknown as { execution_time: number }).execution_time, 1.234);
  });

  it('json round-trips', () => {
    assert.deepStrictEqual(JSON.parse(render('json', [result])), result);
  });

  it('tap of several results is one valid stream: one version, one plan, numbers in order', () => {
    const other: GradeResult = { ...result, submission: '/subs/bob' };
    const lines = render('tap', [result, other]).trimEnd().split('\n');
    assert.strictEqual(lines.filter((l) => l.startsWith('TAP version')).length, 1);
    const plans = lines.filter((l) => /^1\.\.\d+$/.test(l));
    assert.deepStrictEqual(plans, ['1..6']);
    const numbers = lines.map((l) => /^(?:not )?ok (\d+) /.exec(l)).filter((m) => m).map((m) => Number(m![1]));
    assert.deepStrictEqual(numbers, [1, 2, 3, 4, 5, 6]);
    assert.ok(lines.includes('not ok 5 - bob next-client: next & more'), lines.join('\n'));
  });

  it('github: one ::error per failed check at the repository path of the student line, data escaped', () => {
    const r: GradeResult = { ...result, submission: '/repo/lab2', checks: result.checks.map((c) => c.id === 'next-client' ? { ...c, title: 'a, b: c' } : c) };
    const out = github([r], '/repo').split('\n');
    const errors = out.filter((l) => l.startsWith('::error'));
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /^::error file=lab2\/echo_server\.c,line=42,title=02-tcp-echo next-client%3A a%2C b%3A c::Expected "a" & <b>%0Aat echo_server\.c:42%0A/);
    assert.ok(!errors[0].slice(2).includes('\n'));
    assert.match(out.join('\n'), /02-tcp-echo: score 2\/4, 1 passed, 1 failed, 1 skipped/);
    const md = githubSummary([r]);
    assert.match(md, /\| ❌ \| next-client: a, b: c \| 0\/2 \| Expected "a" & <b> \|/);
  });

  it('classroom50 result.json: score, max-score and each graded check', () => {
    const c = JSON.parse(render('classroom50', [result]));
    assert.strictEqual(c.score, 2);
    assert.strictEqual(c['max-score'], 4);
    assert.deepStrictEqual(c.tests.map((t: Record<string, unknown>) => [t['test-name'], t.passed, t.score, t['max-score']]),
      [['echo-once: echo <one>', true, 2, 2], ['next-client: next & more', false, 0, 2]]);
  });

  it('prairielearn results.json: gradable, score in 0..1, tests with points', () => {
    const p = JSON.parse(render('prairielearn', [result]));
    assert.strictEqual(p.gradable, true);
    assert.strictEqual(p.score, 0.5);
    for (const t of p.tests) for (const k of ['name', 'points', 'max_points', 'message', 'output']) assert.ok(k in t, k);
    assert.deepStrictEqual(p.tests.map((t: { points: number; max_points: number }) => [t.points, t.max_points]), [[2, 2], [0, 2]]);
    const broken = JSON.parse(render('prairielearn', [{ ...result, compile: { ok: false, output: 'x.c:1: error' }, checks: [] }]));
    assert.strictEqual(broken.score, 0);
    assert.match(broken.output, /x\.c:1: error/);
  });

  it('csv cells a spreadsheet would run as formulas are neutralised', () => {
    assert.strictEqual(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    for (const bad of ['+1', '-2+3', '@SUM(A1)', '\tx']) assert.strictEqual(csvCell(bad)[0] === "'" || csvCell(bad).startsWith(`"'`), true, bad);
    assert.strictEqual(csvCell('ada'), 'ada');
    assert.strictEqual(csvCell(-1), '-1');
  });
});
