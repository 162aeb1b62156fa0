// Without the tracer (SOCKLAB_UNTRACED=1, or a machine that cannot trace), the trace rules that read only
// /proc at the end of the grader's pauses still judge: a zombie child (`reaped`) and a child still running
// once its client left (`children-exit`). The others are skipped, saying why.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeLab, type GradeResult } from '../../grader/engine';
import { loadLab } from '../../grader/labs';
import { compileUntraced, startUntraced, type Runner } from '../../grader/run-adapter';
import { caseDir, labsDir } from './helpers';

const untraced: Runner = { traced: false, why: 'tracing turned off for this test', compile: compileUntraced, startTrace: startUntraced };
const LAB = '07-many-clients';

function status(r: GradeResult, id: string): { status: string; message?: string } {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return { status: c.status, message: c.message };
}

describe('the /proc rules without the tracer', function () {
  this.timeout(120_000);
  const lab = loadLab(path.join(labsDir, LAB));

  it('passes the reference solution\'s reaping and exiting children, and skips the rules that need the trace', async () => {
    const r = await gradeLab(lab, path.join(lab.dir, lab.spec.solution), { runner: untraced });
    assert.deepStrictEqual([status(r, 'children-reaped').status, status(r, 'children-exit').status], ['pass', 'pass']);
    assert.strictEqual(status(r, 'child-closes-listener').status, 'skip');
    assert.ok(r.notes.some((n) => /except reaped and children-exit, which read \/proc/.test(n)), r.notes.join('\n'));
  });

  it('fails a server whose children stay zombies', async () => {
    const r = await gradeLab(lab, caseDir(LAB, 'zombies-never-reaped'), { runner: untraced });
    const c = status(r, 'children-reaped');
    assert.strictEqual(c.status, 'fail', c.message);
    assert.match(c.message ?? '', /still a zombie/);
    assert.strictEqual(status(r, 'children-exit').status, 'pass');
  });

  it('fails a server whose children live on after their client', async () => {
    // the children block in pause() instead of exiting (child-keeps-accepting's children spin on accept() and,
    // untraced, fill the output limit with perror() before the pause comes)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-untraced-'));
    try {
      const source = fs.readFileSync(path.join(lab.dir, lab.spec.solution, 'multi_server.c'), 'utf8');
      assert.ok(source.includes('_exit(0);'));
      fs.writeFileSync(path.join(dir, 'multi_server.c'), source.replace('_exit(0);', 'for (;;) pause();'));
      const r = await gradeLab(lab, dir, { runner: untraced });
      const c = status(r, 'children-exit');
      assert.strictEqual(c.status, 'fail', c.message);
      assert.match(c.message ?? '', /2 child processes \(pid \d+, \d+\) still ran\. A child that serves a client must exit/);
      assert.strictEqual(status(r, 'children-reaped').status, 'pass');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
