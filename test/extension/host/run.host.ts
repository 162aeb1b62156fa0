// Run and Trace on lab 2's reference solution: a client talks to it over loopback and each call's lens then
// says what the call did; Stop ends the program. Then a copy that does not compile: gcc's error lands in the
// diagnostics at the line and column gcc gives.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { connectError, connectWhenListening, echoOn } from './net';
import { lensesOf, lensOn, show } from './wait';
import { lineOf, type Workspace } from './workspace';

/** Any call may take long enough on a busy machine for its lens to say how long it waited. */
const BLOCKED = '( · blocked [\\d.]+ (s|ms|µs))?';

export function runTests(ws: Workspace): void {
  describe('Run and Trace', () => {
    it('traces the reference solution: after a client, each call\'s lens says what it did', async () => {
      const at = (needle: string) => lineOf(ws.source, needle);
      await show(ws.solution);
      await vscode.commands.executeCommand('socketLab.runAndTrace', ws.solution);
      const client = await connectWhenListening(ws.port);
      assert.equal(await echoOn(client, 'hello\n'), 'hello\n');
      await lensOn(ws.solution, at('int lfd = socket('), new RegExp(`^socket\\(\\) -> fd 3 \\(AF_INET, SOCK_STREAM\\)${BLOCKED}$`));
      await lensOn(ws.solution, at('if (bind('), new RegExp(`^bind\\(\\) -> 0 \\(127\\.0\\.0\\.1:${ws.port}\\)${BLOCKED}$`));
      await lensOn(ws.solution, at('if (listen('), new RegExp(`^listen\\(\\) -> 0 \\(backlog 16\\)${BLOCKED}$`));
      await lensOn(ws.solution, at('int cfd = accept('), new RegExp(`^accept\\(\\) -> fd 4 from 127\\.0\\.0\\.1:\\d+${BLOCKED}( … waiting now)?$`));
      await lensOn(ws.solution, at('ssize_t n = recv('), new RegExp(`^recv x2 · 6 B · end of stream${BLOCKED}$`));
      await lensOn(ws.solution, at('ssize_t n = send('), new RegExp(`^send\\(\\) -> 6 B${BLOCKED}$`));
      await lensOn(ws.solution, at('close(cfd);'), new RegExp(`^close\\(\\) -> 0${BLOCKED}$`));
      const lenses = await lensesOf(ws.solution);
      assert.equal(lenses.length, 7, JSON.stringify(lenses, null, 1));
    });

    it('Stop ends the program: its port refuses connections', async () => {
      await vscode.commands.executeCommand('socketLab.stop');
      assert.equal(await connectError(ws.port), 'ECONNREFUSED');
    });

    it('puts gcc\'s error for a solution that does not compile at its line and column', async () => {
      await show(ws.broken);
      await vscode.commands.executeCommand('socketLab.runAndTrace', ws.broken);
      const text = (await vscode.workspace.openTextDocument(ws.broken)).getText().split('\n');
      // the missing `;` after socket(...) is found at the next token: the `if` on the following line
      const line = lineOf(text, 'if (lfd < 0)');
      const errors = vscode.languages.getDiagnostics(ws.broken).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      const shown = errors.map((d) => ({ line: d.range.start.line, character: d.range.start.character, source: d.source, message: d.message }));
      assert.equal(errors.length, 1, JSON.stringify(shown));
      assert.deepEqual({ ...shown[0], message: undefined }, { line, character: text[line].indexOf('if'), source: 'gcc', message: undefined });
      assert.match(shown[0].message, /^expected .,. or .;. before .if.$/);
      assert.equal(await connectError(ws.port), 'ECONNREFUSED', 'nothing runs after a failed compile');
    });
  });
}
