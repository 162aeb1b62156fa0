// Grade Lab on the lab folders: the command answers with the report whose checks become the Testing view's
// results; the reference solution passes every check, one without htons() fails the bind check at its line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GradeReport } from '../../../extension/testing/grade-report';
import { show } from './wait';
import { lineOf, type Workspace } from './workspace';

async function grade(uri: vscode.Uri): Promise<GradeReport> {
  await show(uri);
  const report = await vscode.commands.executeCommand<GradeReport | undefined>('socketLab.gradeLab');
  assert.ok(report, 'Grade Lab produced no report');
  return report;
}

export function gradeTests(ws: Workspace): void {
  describe('Grade Lab', function () {
    this.timeout(300_000);

    it('grades the reference solution: every check passes', async () => {
      const r = await grade(ws.solution);
      assert.equal(r.lab.id, '02-tcp-echo');
      assert.ok(r.compile.ok, r.compile.output);
      assert.deepEqual(r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.title}: ${c.message}`), []);
      assert.ok(r.checks.length >= 7, `${r.checks.length} checks`);
      assert.deepEqual([r.passed, r.score], [true, r.maxScore]);
    });

    it('grades a solution that forgot htons(): the bind check fails, pointing at the student\'s bind() line', async () => {
      const r = await grade(ws.nohtons);
      assert.equal(r.passed, false);
      // a wrong port fails everything: even the trace checks, since no connection was ever accepted
      assert.deepEqual(r.checks.filter((c) => c.status === 'pass').map((c) => c.title), []);
      const bind = r.checks.find((c) => c.status === 'fail' && /bind/.test(c.title));
      assert.ok(bind, JSON.stringify(r.checks, null, 1));
      assert.match(bind.message ?? '', /addr\.port is \d+, expected \d+/);
      assert.match(bind.message ?? '', /did you forget htons\(\)/);
      assert.match(bind.message ?? '', new RegExp(`echo_server\\.c:${lineOf(ws.source, 'if (bind(') + 1}\\b`));
    });
  });
}
