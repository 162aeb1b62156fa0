// Progress through the labs and the tree the Socket Lab view shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadLabs } from '../../grader/labs';
import type { LabSpec } from '../../grader/spec';
import type { GradeReport } from '../../extension/testing/grade-report';
import { COMMANDS } from '../../extension/command-ids';
import { LABS_VIEW_ID, MILESTONES, labLabel, labStatus, labTree, markStarted, progressMilestones, readProgress, recordGrade, stepStatus } from '../../extension/labs/lab-progress';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

const spec = {
  id: '02-tcp-echo', title: 'A TCP echo server', summary: 'Echo.',
  steps: [{ id: 'listen', title: 'Step 1' }, { id: 'echo', title: 'Step 2' }, { id: 'next', title: 'Step 3' }],
  grading: { checks: [
    { id: 'listens', step: 'listen' }, { id: 'echo-once', step: 'echo' }, { id: 'echo-all', step: 'echo' }, { id: 'next-client', step: 'next' },
  ] },
} as unknown as LabSpec;

function report(results: Record<string, 'pass' | 'fail' | 'skip'>): GradeReport {
  const checks = Object.entries(results).map(([id, status]) => ({ id, title: id, status, points: status === 'pass' ? 1 : 0, maxPoints: 1, durationMs: 5 }));
  return {
    lab: { id: spec.id, title: spec.title }, passed: checks.every((c) => c.status === 'pass'),
    score: checks.filter((c) => c.status === 'pass').length, maxScore: checks.length, notes: [], compile: { ok: true, output: '' }, checks,
  };
}

describe('lab progress', () => {
  it('goes from not started to in progress to passed, and stays passed', () => {
    let p = readProgress(undefined);
    assert.equal(labStatus(p[spec.id]), 'notStarted');
    p = markStarted(p, spec.id, 100);
    assert.equal(labStatus(p[spec.id]), 'inProgress');
    assert.equal(markStarted(p, spec.id, 200), p, 'starting again changes nothing');
    p = recordGrade(p, spec.id, report({ listens: 'pass', 'echo-once': 'fail', 'echo-all': 'pass', 'next-client': 'pass' }), 300);
    assert.equal(labStatus(p[spec.id]), 'inProgress');
    p = recordGrade(p, spec.id, report({ listens: 'pass', 'echo-once': 'pass', 'echo-all': 'pass', 'next-client': 'pass' }), 400);
    assert.equal(labStatus(p[spec.id]), 'passed');
    assert.equal(p[spec.id].passedAt, 400);
    assert.equal(p[spec.id].startedAt, 100);
    p = recordGrade(p, spec.id, report({ listens: 'fail', 'echo-once': 'fail', 'echo-all': 'fail', 'next-client': 'fail' }), 500);
    assert.equal(labStatus(p[spec.id]), 'passed');
    assert.deepEqual(p[spec.id].score, { got: 0, max: 4 });
  });

  it('grading a lab never opened counts as starting it', () => {
    const p = recordGrade({}, spec.id, report({ listens: 'fail' }), 7);
    assert.equal(p[spec.id].startedAt, 7);
    assert.equal(labStatus(p[spec.id]), 'inProgress');
  });

  it('judges each step by its checks in the last grading', () => {
    const p = recordGrade({}, spec.id, report({ listens: 'pass', 'echo-once': 'pass', 'echo-all': 'fail', 'next-client': 'skip' }), 1);
    assert.equal(stepStatus(spec, 'listen', p[spec.id]), 'passed');
    assert.equal(stepStatus(spec, 'echo', p[spec.id]), 'failing');
    assert.equal(stepStatus(spec, 'next', p[spec.id]), 'notGraded');
    assert.equal(stepStatus(spec, 'listen', undefined), 'notGraded');
  });

  it('reads only records from stored state', () => {
    assert.deepEqual(readProgress('junk'), {});
    assert.deepEqual(readProgress([1]), {});
    assert.deepEqual(readProgress({ a: { startedAt: 1 }, b: 3, c: null }), { a: { startedAt: 1 } });
  });
});

describe('the labs view', () => {
  it('shows every lab in course order with its steps, status and score', () => {
    const labs = loadLabs().map((l) => l.spec);
    const p = recordGrade(markStarted({}, labs[1].id, 1), labs[1].id, report({ listens: 'pass', other: 'fail' }), 2);
    const tree = labTree(labs, p);
    assert.deepEqual(tree.map((n) => n.id), labs.map((l) => l.id));
    assert.equal(tree[0].description, 'not started');
    assert.match(tree[1].description, /^in progress · \d+\/\d+$/);
    for (const [i, n] of tree.entries()) {
      assert.equal(n.label, `${i + 1}. ${labs[i].title}`);
      assert.equal(n.label, labLabel(labs[i]));
      assert.equal(n.ariaLabel, `${n.label}: ${n.description}`);
      assert.deepEqual(n.children.map((c) => c.label), labs[i].steps.map((s) => s.title));
      assert.ok(n.children.every((c) => c.labId === n.id && c.kind === 'step'));
    }
  });

  it('marks passed labs and steps with their own icons', () => {
    const p = recordGrade({}, spec.id, report({ listens: 'pass', 'echo-once': 'pass', 'echo-all': 'pass', 'next-client': 'pass' }), 1);
    const [lab] = labTree([spec], p);
    assert.equal(lab.status, 'passed');
    assert.equal(lab.icon, 'pass-filled');
    assert.deepEqual(lab.children.map((c) => c.icon), ['check', 'check', 'check']);
    assert.deepEqual(labTree([spec], {})[0].children.map((c) => c.description), ['not graded', 'not graded', 'not graded']);
  });

  it('is contributed to its own activity bar container', () => {
    const containers = pkg.contributes.viewsContainers.activitybar as { id: string; icon: string }[];
    const [container] = containers.filter((c) => c.id === 'socketLab');
    assert.ok(container && fs.existsSync(path.join(__dirname, '..', '..', container.icon)));
    assert.ok((pkg.contributes.views.socketLab as { id: string }[]).some((v) => v.id === LABS_VIEW_ID));
  });
});

describe('the getting-started walkthrough', () => {
  const root = path.join(__dirname, '..', '..');
  const [walk] = pkg.contributes.walkthroughs as { id: string; steps: { id: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] }[];

  it('completes its steps on what the student really did, not on a command being invoked', () => {
    const events = Object.fromEntries(walk.steps.map((st) => [st.id, st.completionEvents]));
    assert.deepEqual(events, {
      openLab: [`onContext:${MILESTONES.labOpened}`],
      runAndTrace: [`onContext:${MILESTONES.traced}`],
      readTrace: [`onContext:${MILESTONES.traceRead}`],
      grade: [`onContext:${MILESTONES.graded}`],
      pass: [`onContext:${MILESTONES.passed}`],
    });
  });

  it('reads from the progress which labs were opened, graded and passed', () => {
    assert.deepEqual(progressMilestones({}), []);
    assert.deepEqual(progressMilestones(markStarted({}, spec.id, 1)), ['labOpened']);
    assert.deepEqual(progressMilestones(recordGrade({}, spec.id, report({ listens: 'fail' }), 1)), ['labOpened', 'graded']);
    assert.deepEqual(progressMilestones(recordGrade({}, spec.id, report({ listens: 'pass' }), 1)), ['labOpened', 'graded', 'passed']);
  });

  it('links only to commands that exist, and ships its pages', () => {
    const ignore = fs.readFileSync(path.join(root, 'scripts', 'vscodeignore'), 'utf8');
    assert.match(ignore, /^!extension\/walkthrough\/\*\.md$/m);
    for (const s of walk.steps) {
      for (const m of s.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(Object.values(COMMANDS).includes(m[1] as never), m[1]);
      assert.ok(s.media.markdown && fs.existsSync(path.join(root, s.media.markdown)), s.id);
    }
  });
});
