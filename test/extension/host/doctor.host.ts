// Check This Machine: the command runs the same probe as socklab doctor and opens the report as Markdown.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../../runner/doctor-report';

export function doctorTests(): void {
  describe('Check This Machine', () => {
    it('checks this machine (where everything works) and opens the report as a Markdown document', async () => {
      const r = await vscode.commands.executeCommand<DoctorReport | undefined>('socketLab.doctor');
      assert.ok(r, 'the command answered with no report');
      assert.deepEqual(r.checks.filter((c) => c.status !== 'works').map((c) => `${c.id}: ${c.detail}`), []);
      assert.equal(r.exact, true);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.languageId, 'markdown');
      assert.match(doc.getText(), /^# Socket Lab: Check This Machine\n\nTracing is exact on this machine\./);
      assert.ok(doc.getText().includes('| works | ptrace'), doc.getText());
    });
  });
}
