// End to end in a real workbench: code-server with the packaged extension, driven by Debian's Chromium.
// Runs lab 2's reference solution under Run and Trace, talks to it, and checks the lenses, the trace panel (its
// events, sockets, details and the link back to the editor) and the Problems view; stops it; then a solution
// that does not compile and one whose bind() fails; last, Grade Lab in the Testing view, on the reference
// solution and on one that forgot htons(). Screenshots go to .test-output/e2e-*.png, and a failing test leaves
// e2e-failed-*.png and the code-server log there.
//
// Every wait is on the workbench's own state (an element, a status bar text, the editor's cursor position);
// timeouts only bound how long a wait may take and are never what a test checks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { freePort, ROOT, type CodeServer } from './code-server';
import { codeServerWithVsix, labTotals, skipWithoutWorkbench, Workbench } from './workbench';

const LAB2 = labTotals('02-tcp-echo');
const LAB = path.join(ROOT, 'labs', '02-tcp-echo');
const SOLUTION = fs.readFileSync(path.join(LAB, 'solution', 'echo_server.c'), 'utf8');
const SOURCE = SOLUTION.split('\n');
/** The 1-based line of the reference solution that holds `text` (the broken copies keep the same lines). */
const lineOf = (text: string) => {
  const i = SOURCE.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `no line with ${text}`);
  return i + 1;
};

/** One change to the reference solution, checked to apply. */
function changed(from: string, to: string): string {
  assert.ok(SOLUTION.includes(from), `the solution has no ${from}`);
  return SOLUTION.replace(from, to);
}

/** Lab folders as Open Lab makes them: the reference solution, one that does not compile, one without htons(). */
function makeWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-ws-'));
  const put = (folder: string, text: string) => {
    fs.mkdirSync(path.join(ws, folder));
    fs.writeFileSync(path.join(ws, folder, 'echo_server.c'), text);
    fs.writeFileSync(path.join(ws, folder, '.socklab-lab.json'), '{"lab":"02-tcp-echo"}\n');
  };
  put('solution', SOLUTION);
  put('broken', changed('int lfd = socket(AF_INET, SOCK_STREAM, 0);', 'int lfd = socket(AF_INET, SOCK_STREAM, 0)'));
  put('nohtons', changed('addr.sin_port = htons((unsigned short)atoi(argv[1]));', 'addr.sin_port = (unsigned short)atoi(argv[1]);'));
  return ws;
}

/** Sends `text` to the echo server, half-closes, and returns all it sent back. */
async function echo(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(10_000, () => { s.destroy(); reject(new Error('no echo within 10 s')); });
  });
}

describe('the extension in code-server (end to end)', function () {
  this.timeout(300_000);
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let page: Page;
  let ws: string;
  let port: number;

  // the shared helpers of workbench.ts, under the names the tests use
  const shot = (name: string) => wb!.shot(name);
  const command = (title: string) => wb!.command(title);
  const cursorAt = (line: number, timeout?: number) => wb!.cursorAt(line, timeout);
  const openFile = (rel: string) => wb!.openFile(rel);
  const goToLine = (line: number) => wb!.goToLine(line);
  const waitLens = (re: RegExp, timeout?: number) => wb!.waitLens(re, timeout);
  const panelFrame = (timeout?: number) => wb!.panelFrame(timeout);
  const waitPanel = (f: Frame, re: RegExp, timeout?: number) => wb!.waitPanel(f, re, timeout);
  const panelStatus = (f: Frame, re: RegExp, timeout?: number) => wb!.panelStatus(f, re, timeout);
  const toast = (re: RegExp, timeout?: number) => wb!.toast(re, timeout);
  const clearToasts = () => wb!.clearToasts();

  before(async function () {
    skipWithoutWorkbench(this, 'the end-to-end suite');
    ws = makeWorkspace();
    port = await freePort();
    cs = await codeServerWithVsix(ws, { 'socketLab.port': port, 'editor.codeLens': true });
    wb = await Workbench.open(cs.url, 'e2e');
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.keepFailure(this.currentTest.title, cs);
  });

  after(async () => {
    await wb?.close();
    await cs?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('shows what each call does before any run', async () => {
    await openFile('solution/echo_server.c');
    await goToLine(lineOf('listen(lfd'));
    const t = await waitLens(/^socket\(\): creates an endpoint/);
    assert.ok(t.some((x) => x.startsWith('bind(): gives the socket')), JSON.stringify(t));
    await shot('1-before-run');
  });

  it('runs and traces the reference solution: panel, lenses after talking to it', async () => {
    await command('Socket Lab: Run and Trace');
    const panel = await panelFrame();
    await waitPanel(panel, /listen\(/);
    // no client yet: the server waits in accept(), and its lens says so while it waits
    await goToLine(lineOf('accept(lfd'));
    await waitLens(/^accept\(\) … waiting now$/);
    await shot('2-waiting-in-accept');
    assert.equal(await echo(port, 'hello, server\n'), 'hello, server\n');
    assert.equal(await echo(port, 'again\n'), 'again\n');
    // both clients' calls are in: the second close() follows the second echo
    await panel.locator('.event-list .row', { hasText: /sendto\(4, "again\\n"/ }).first().waitFor({ timeout: 30_000 });
    // a lens is drawn only while its line is in view: look at each where it is
    await goToLine(lineOf('send(fd'));
    await waitLens(/^send x2 · 20 B( · blocked .*)?$/);
    await goToLine(lineOf('recv(cfd'));
    await waitLens(/^recv x4 · 20 B · 2x end of stream( · blocked .*)?$/);
    await shot('2a-lenses-serve');
    await goToLine(lineOf('socket(AF_INET'));
    await waitLens(/^socket\(\) -> fd 3 \(AF_INET, SOCK_STREAM\)( · blocked .*)?$/);
    await goToLine(lineOf('listen(lfd'));
    // lenses of lines that just came into view may show their earlier text for a moment: wait for each
    await waitLens(new RegExp(`^bind\\(\\) -> 0 \\(127\\.0\\.0\\.1:${port}\\)( · blocked .*)?$`));  // a loaded machine may make bind() take long enough to show
    await waitLens(/^listen\(\) -> 0 \(backlog 16\)/);
    await waitLens(/^accept x2 · blocked/);
    await shot('2-running');
  });

  it('shows the run in the trace panel: every call, its details, its sockets, and the line it came from', async () => {
    const panel = await panelFrame();
    await panelStatus(panel, /echo_server \d+ · \d+ events.* · live/);
    const rows = await panel.locator('.event-list .row').allInnerTexts();
    const calls = rows.map((r) => /\b(socket|bind|listen|accept4?|recvfrom|sendto|close)\(/.exec(r)?.[1]).filter(Boolean);
    // (the third accept() is still waiting: a call is listed once it returns)
    assert.deepEqual(calls, ['socket', 'bind', 'listen', 'accept', 'recvfrom', 'sendto', 'recvfrom', 'close',
      'accept', 'recvfrom', 'sendto', 'recvfrom', 'close'], JSON.stringify(rows));
    // the first received buffer: its payload, and its call site in the student's file
    await panel.locator('.event-list .row', { hasText: /recvfrom\(4, "hello, server\\n"/ }).first().click();
    const details = panel.locator('.details');
    await details.locator('text=Payload').first().waitFor();
    assert.match(await details.innerText(), /hello, server/);
    await shot('2b-panel-details');
    const site = details.locator('button.link', { hasText: `echo_server.c:${lineOf('recv(cfd')}` });
    await site.click();
    await cursorAt(lineOf('recv(cfd'));
    await panel.locator('#tab-sockets').click();
    // the listening socket and the two accepted ones
    await panel.locator('.sockets tbody tr').nth(2).waitFor();
    assert.ok(await panel.locator('.sockets tbody tr').count() >= 3);
    assert.match(await panel.locator('.sockets').innerText(), new RegExp(`127\\.0\\.0\\.1:${port}`));
    await shot('2c-panel-sockets');
    await panel.locator('#tab-timeline').click();
    await shot('2d-panel-timeline');
    await panel.locator('#tab-events').click();
    await panel.locator('.event-list .row').first().waitFor();
  });

  it('stops the program and says so', async () => {
    await command('Socket Lab: Stop');
    await page.locator('.statusbar-item', { hasText: /echo_server stopped/ }).first().waitFor({ timeout: 30_000 });
    await panelStatus(await panelFrame(), /· stopped$/, 30_000);
    await assert.rejects(echo(port, 'x'));
    await shot('3-stopped');
  });

  it('opens a closed panel from a clicked CodeLens with that line\'s events selected', async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'Socket Lab Trace' });
    await tab.click({ button: 'middle' });
    await tab.waitFor({ state: 'detached' });
    await openFile('solution/echo_server.c');
    await goToLine(lineOf('recv(cfd'));
    await waitLens(/^recv x4 /);
    await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: /^recv x4 / }).first().click();
    const panel = await panelFrame();
    // the first recv() of that line is selected, and in sight (the list draws only the rows in sight)
    const selected = panel.locator('.event-list .row.selected', { hasText: /recvfrom\(4, "hello, server\\n"/ });
    await selected.waitFor({ timeout: 30_000 });
    assert.ok(await selected.isVisible());
    // the line's other calls are highlighted too (those the list draws: the second client's come later)
    const atLine = await panel.locator('.event-list .row.at-cursor').allInnerTexts();
    assert.ok(atLine.length >= 2, JSON.stringify(atLine));
    assert.ok(atLine.every((r) => /recvfrom\(4, /.test(r)), JSON.stringify(atLine));
    await shot('3b-lens-opens-panel');
  });

  it('opens the panel in the other of two editor groups, beside the code, at a usable width', async () => {
    /** The editor groups left to right: their width and whether the trace panel is their active editor. */
    const groups = async () => {
      const out: { x: number; width: number; panel: boolean }[] = [];
      const all = page.locator('.editor-group-container');
      for (let i = 0; i < await all.count(); i++) {
        const g = all.nth(i);
        const box = await g.boundingBox();
        if (!box) continue;
        const panel = await g.locator('.tab.active', { hasText: 'Socket Lab Trace' }).count() > 0;
        out.push({ x: box.x, width: box.width, panel });
      }
      return out.sort((a, b) => a.x - b.x);
    };
    const closePanel = async () => {
      const tab = page.locator('.tabs-container .tab', { hasText: 'Socket Lab Trace' });
      await tab.click({ button: 'middle' });
      await tab.waitFor({ state: 'detached' });
    };
    /** Runs the active file until its trace shows listen(), checks where the panel is, and stops it. */
    const runAndLook = async (name: string) => {
      await command('Socket Lab: Run and Trace');
      await waitPanel(await panelFrame(), /listen\(/);
      const g = await groups();
      await shot(name);
      await command('Socket Lab: Stop');
      await page.locator('.statusbar-item', { hasText: /echo_server stopped/ }).first().waitFor({ timeout: 30_000 });
      return g;
    };
    await closePanel();
    // the code in the first group, another file in a second
    await openFile('nohtons/echo_server.c');
    await command('View: Move Editor into Next Group');
    await command('View: Focus First Editor Group');
    await openFile('solution/echo_server.c');
    let g = await runAndLook('3c-panel-second-group');
    assert.equal(g.length, 2, JSON.stringify(g));
    assert.deepEqual(g.map((x) => x.panel), [false, true], JSON.stringify(g));
    const total = g[0].width + g[1].width;
    assert.ok(g[1].width >= 0.4 * total, `the panel's group is ${g[1].width} of ${total} px`);
    // the code in the second (last) group: the panel goes to the first rather than into a new third group
    await closePanel();
    await page.locator('.editor-group-container', { has: page.locator('.breadcrumbs-control', { hasText: 'nohtons' }) }).locator('.view-lines').first().click();
    await page.locator('.editor-group-container.active .breadcrumbs-control', { hasText: 'nohtons' }).waitFor();
    await openFile('solution/echo_server.c');
    g = await runAndLook('3d-panel-first-group');
    assert.equal(g.length, 2, JSON.stringify(g));
    assert.deepEqual(g.map((x) => x.panel), [true, false], JSON.stringify(g));
    assert.ok(g[0].width >= 0.4 * (g[0].width + g[1].width), JSON.stringify(g));
    await command('View: Close All Editor Groups');
  });

  it('puts a compile error of a broken solution into Problems', async () => {
    await openFile('broken/echo_server.c');
    await command('Socket Lab: Run and Trace');
    await command('Problems: Focus on Problems View');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /expected .*before/ }).first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), /expected ‘,’ or ‘;’ before ‘if’/);
    await shot('4-compile-error');
  });

  it('explains a failed bind() at its line', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', () => r()));
    try {
      await openFile('solution/echo_server.c');
      await command('Socket Lab: Run and Trace');
      await goToLine(lineOf('listen(lfd'));
      await waitLens(/^bind\(\) -> -1 EADDRINUSE$/);
      await command('Problems: Focus on Problems View');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'EADDRINUSE' }).first();
      await row.waitFor({ timeout: 30_000 });
      assert.match(await row.innerText(), /SO_REUSEADDR/);
      await shot('5-eaddrinuse');
    } finally {
      holder.close();
    }
  });

  /** Shows the Testing view with the lab's checks: its root item expanded once the run has results. */
  const showTests = async () => {
    await command('Focus on Test Explorer View');
    const root = page.locator('.test-explorer .monaco-list-row', { hasText: 'A TCP echo server' }).first();
    await root.waitFor({ timeout: 30_000 });
    if (await root.getAttribute('aria-expanded') === 'false') await root.locator('.monaco-tl-twistie').click();
    await page.locator('.test-explorer .monaco-list-row', { hasText: 'A client sends a line and gets it back' }).first().waitFor();
  };

  /** The Testing view's rows for the lab's checks: label and state icon. */
  const testRows = async () => {
    const rows = page.locator('.test-explorer .monaco-list-row');
    const out: { label: string; state: string }[] = [];
    for (let i = 0; i < await rows.count(); i++) {
      const r = rows.nth(i);
      const icon = (await r.locator('.computed-state').first().getAttribute('class').catch(() => '')) ?? '';
      // the row's text is the check's title and how long it took
      // (its description, the step and the points, is a span inside the label)
      const description = (await r.locator('.test-label-description').first().innerText({ timeout: 1000 }).catch(() => '')).trim();
      const label = (await r.innerText()).split('\n')[0].replace(description, '').trim().replace(/\s*\d+(\.\d+)?m?s$/, '').trim();
      out.push({ label, state: /testing-(\w+)-icon/.exec(icon)?.[1] ?? '?' });
    }
    return out;
  };

  it('grades the reference solution in the Testing view: every check passes', async () => {
    await clearToasts();
    await openFile('solution/echo_server.c');
    await command('Socket Lab: Grade Lab');
    await toast(new RegExp(`A TCP echo server: ${LAB2.points}/${LAB2.points} points, every check passed`));
    await showTests();
    const rows = await testRows();
    const checks = rows.filter((r) => r.label !== 'A TCP echo server');
    assert.equal(checks.length, LAB2.checks, JSON.stringify(rows));
    assert.deepEqual(checks.filter((r) => r.state !== 'passed'), [], JSON.stringify(rows));
    await shot('6-grade-passed');
  });

  it('grades a solution that forgot htons(): failures in Testing, expected and actual, at the student\'s bind() line', async () => {
    await clearToasts();
    await openFile('nohtons/echo_server.c');
    await command('Socket Lab: Grade Lab');
    // nothing works when the port is wrong: even the trace checks fail, since no connection was ever accepted
    await toast(new RegExp(`A TCP echo server: 0/${LAB2.points} points\\. See the Testing view`));
    await showTests();
    const failed = page.locator('.test-explorer .monaco-list-row', { hasText: 'socket(AF_INET, SOCK_STREAM), bind' }).first();
    await failed.locator('.codicon-testing-failed-icon').waitFor({ timeout: 30_000 });
    const rows = await testRows();
    assert.deepEqual(rows.filter((r) => r.state === 'passed').map((r) => r.label), [], JSON.stringify(rows));
    await shot('7a-grade-failed-tests');
    // the failure sits at the student's bind() line, drawn inline there as "actual != expected" (each cut to 30
    // characters); clicking it opens the peek
    await openFile('nohtons/echo_server.c');
    const bindLine = lineOf('if (bind(lfd');
    await goToLine(bindLine);
    // the message is a widget drawn over the editor's text: find the text line it sits on
    const inline = page.locator('.monaco-editor .test-error-content-widget', { hasText: /^bind\(3, 127\.0\..* != bind\(\) of that/ }).first();
    await inline.waitFor({ timeout: 20_000 });
    // (DOM types spelled out: this file compiles without the DOM library)
    type Box = { style: { top: string }; offsetHeight: number; textContent: string | null };
    type Root = { querySelectorAll(s: string): ArrayLike<Box> };
    const at = await inline.evaluate((w) => {
      const widget = w as unknown as Box & { closest(s: string): Root | null };
      const top = parseFloat(widget.style.top);
      const lines = Array.from(widget.closest('.monaco-editor')?.querySelectorAll('.view-lines .view-line') ?? []);
      return lines.find((l) => parseFloat(l.style.top) <= top && top < parseFloat(l.style.top) + l.offsetHeight)?.textContent ?? null;
    });
    const words = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();  // the editor draws spaces as U+00A0
    assert.equal(words(at), words(SOURCE[bindLine - 1]));
    // with the Testing view, the code and the panel side by side the editor is narrow and the message runs past
    // its scrollbar, which would take the click: hide the side bar first (Ctrl+B, the cursor is in the editor)
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
    await inline.click({ position: { x: 6, y: 6 } });
    // the peek shows, side by side, the bind() the lab expected and the one the trace has, with why it differs
    const diff = page.locator('.monaco-editor .peekview-widget .monaco-diff-editor').first();
    await diff.locator('.editor.modified .view-line', { hasText: /addr.port/ }).first().waitFor({ timeout: 20_000 });
    const side = async (which: 'original' | 'modified') => (await diff.locator(`.editor.${which} .view-lines`).innerText()).split('\n').map(words).filter(Boolean);
    const [want, got] = [await side('original'), await side('modified')];
    assert.equal(want.length, 1, JSON.stringify(want));
    assert.equal(got.length, 2, JSON.stringify(got));
    const expected = Number(/^bind\(\) of that socket to port (\d+)$/.exec(want[0])?.[1]);
    const m = /^bind\(3, 127\.0\.0\.1:(\d+), 16\) = 0 at echo_server\.c:(\d+) addr\.port is (\d+), expected (\d+) \(.*did you forget htons\(\)\?\)$/.exec(got.join(' '));
    assert.ok(m && expected, JSON.stringify({ want, got }));
    const actual = Number(m[1]);
    assert.deepEqual([Number(m[2]), Number(m[3]), Number(m[4])], [bindLine, actual, expected]);
    assert.equal(actual, ((expected & 0xff) << 8) | (expected >> 8), 'actual is expected with its bytes swapped');
    // below the diff, the peek lists the other lines the failure names, each shown in its code: here the
    // assignment that set the port (the stack frames of the message, labelled with what the grader found there)
    const portLine = lineOf('addr.sin_port =');
    const frame = page.locator('.peekview-widget .multiCallStackFrameContainer', { has: page.locator('.view-line', { hasText: 'addr.sin_port' }) }).first();
    await frame.waitFor({ timeout: 20_000 });
    assert.match(await frame.getAttribute('aria-label') ?? '', new RegExp(`sets port, line ${portLine} in nohtons/echo_server\\.c`));
    await shot('7-grade-failure-at-line');
  });

  it('raised no errors in the workbench', () => {
    assert.deepEqual(wb!.errors.filter((e) => /socket ?lab/i.test(e)), []);
  });
});
