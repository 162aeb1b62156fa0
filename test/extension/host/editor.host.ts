// Before any run: a lens above each socket call saying what it does (none in comments or strings), and our
// hover on the socket API's constants in code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverTexts, lensesOf, show } from './wait';
import { lineOf, PLAIN_C, type Workspace } from './workspace';

/** Where `call(` is in `lines` (the first line holding `needle`), as a lens there would start. */
function callAt(lines: string[], needle: string, call: string): { line: number; character: number } {
  const line = lineOf(lines, needle);
  return { line, character: lines[line].indexOf(`${call}(`) };
}

export function editorTests(ws: Workspace): void {
  describe('before any run', () => {
    it('puts a lens on each socket call in code, none on those in comments and strings', async () => {
      await show(ws.plain);
      const lines = PLAIN_C.split('\n');
      assert.deepEqual(await lensesOf(ws.plain), [
        { ...callAt(lines, 'int fd = socket(', 'socket'), title: 'socket(): creates an endpoint and returns its fd' },
        { ...callAt(lines, 'close(fd);', 'close'), title: 'close(): releases the fd; the connection ends when no fd refers to it' },
      ]);
    });

    it('says what each call of the reference solution does, on the line of the call', async () => {
      await show(ws.solution);
      const expected = [
        ['ssize_t n = send(', 'send'], ['ssize_t n = recv(', 'recv'], ['int lfd = socket(', 'socket'], ['if (bind(', 'bind'],
        ['if (listen(', 'listen'], ['int cfd = accept(', 'accept'], ['close(cfd);', 'close'],
      ].map(([needle, call]) => ({ ...callAt(ws.source, needle, call), call }));
      const lenses = await lensesOf(ws.solution);
      assert.deepEqual(lenses.map((l) => ({ line: l.line, character: l.character, call: /^(\w+)\(\): /.exec(l.title)?.[1] })), expected,
        JSON.stringify(lenses, null, 1));
      const socket = lenses.find((l) => l.title.startsWith('socket('));
      assert.equal(socket?.title, 'socket(): creates an endpoint and returns its fd');
      assert.match(lenses.find((l) => l.title.startsWith('bind('))?.title ?? '', /^bind\(\): gives the socket a local address/);
    });

    it('explains AF_INET in code on hover, and not in a comment', async () => {
      const line = lineOf(ws.source, 'int lfd = socket(AF_INET');
      const inCode = await hoverTexts(ws.solution, new vscode.Position(line, ws.source[line].indexOf('AF_INET') + 2));
      assert.ok(inCode.some((t) => t.startsWith('**AF_INET** · address family') && t.includes('IPv4')), JSON.stringify(inCode));
      const lines = PLAIN_C.split('\n');
      const commented = lineOf(lines, '/* socket(AF_INET');
      const inComment = await hoverTexts(ws.plain, new vscode.Position(commented, lines[commented].indexOf('AF_INET') + 2));
      assert.deepEqual(inComment.filter((t) => t.includes('AF_INET')), []);
    });
  });
}
