// A call that fails at run time: with the port already held, the solution's bind() meets EADDRINUSE. Its lens
// says so, a warning sits on the call, and the Quick Fix for it sets SO_REUSEADDR on the line before.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { lensOn, show, until } from './wait';
import { lineOf, type Workspace } from './workspace';

export function failureTests(ws: Workspace): void {
  describe('a failed call', () => {
    it('marks a bind() that met EADDRINUSE: lens, warning at the call, and a Quick Fix setting SO_REUSEADDR', async () => {
      const holder = net.createServer();
      await new Promise<void>((resolve) => holder.listen(ws.port, '127.0.0.1', resolve));
      try {
        const line = lineOf(ws.source, 'if (bind(');
        const character = ws.source[line].indexOf('bind(');
        await show(ws.solution);
        await vscode.commands.executeCommand('socketLab.runAndTrace', ws.solution);
        await lensOn(ws.solution, line, /^bind\(\) -> -1 EADDRINUSE$/);
        // the run's diagnostics come when the program has ended (it exits when bind() fails)
        const diag = await until('a Socket Lab diagnostic for EADDRINUSE', () =>
          vscode.languages.getDiagnostics(ws.solution).find((d) => d.source === 'Socket Lab' && d.code === 'EADDRINUSE'),
        { seen: () => vscode.languages.getDiagnostics(ws.solution).map((d) => [d.source, d.code, d.message]) });
        assert.deepEqual([diag.range.start.line, diag.range.start.character, diag.severity], [line, character, vscode.DiagnosticSeverity.Warning]);
        assert.match(diag.message, /^bind\(\) failed with EADDRINUSE.*SO_REUSEADDR/);
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ws.solution, diag.range)) ?? [];
        const fix = actions.find((a) => a.title === 'Set SO_REUSEADDR on lfd before bind()');
        assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
        const edits = fix.edit.get(ws.solution);
        assert.equal(edits.length, 1);
        assert.deepEqual([edits[0].range.start.line, edits[0].range.isEmpty], [line, true], 'inserted before the bind() line');
        assert.match(edits[0].newText, /^\s*setsockopt\(lfd, SOL_SOCKET, SO_REUSEADDR, /m);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
    });
  });
}
