// Activation: the extension sleeps in a folder without lab.json, wakes when a C file opens, and then has
// registered every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from './wait';
import { EXTENSION_ID, type Workspace } from './workspace';

export function activationTests(ws: Workspace): void {
  describe('activation', () => {
    it('activates when a C file is opened, and not before', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext);
      assert.equal(ext.isActive, false, 'active before any C file was opened');
      const doc = await vscode.workspace.openTextDocument(ws.plain);
      assert.equal(doc.languageId, 'c');
      await until('the extension to activate', () => ext.isActive || undefined);
    });

    it('registers every command package.json contributes', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      const contributed = (ext?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
      assert.ok(contributed.includes('socketLab.runAndTrace'), JSON.stringify(contributed));
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed but not registered');
    });
  });
}
