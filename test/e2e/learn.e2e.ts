// End to end, what a student meets first: the Socket Lab view with the labs and their progress, Open Lab in an
// empty folder (starter files and README beside them), the getting-started walkthrough checking its steps
// as the student really opens, runs, grades and passes, hovers over socket names, and the Quick Fixes for
// EADDRINUSE and a forgotten htons() applied and run again. The progress must survive a window reload, and
// Open Lab must work in a window without a folder. On a first start (fresh user-data folder) the walkthrough opens by
// itself, and not again on the second start.
// Screenshots go to .test-output/learn-*.png; a failing test leaves learn-failed-* and the code-server log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CALL_DOCS, CONSTANT_DOCS, ERRNO_ADVICE } from '../../common/teaching';
import { freePort, ROOT, startCodeServer, type CodeServer } from './code-server';
import { codeServerWithVsix, labTotals, skipWithoutWorkbench, Workbench } from './workbench';

const P2 = labTotals('02-tcp-echo').points;

const LAB = path.join(ROOT, 'labs', '02-tcp-echo');
const SOLUTION = fs.readFileSync(path.join(LAB, 'solution', 'echo_server.c'), 'utf8');
const NO_HTONS = SOLUTION.replace('htons((unsigned short)atoi(argv[1]))', '(unsigned short)atoi(argv[1])');
const LAB_TITLES = fs.readdirSync(path.join(ROOT, 'labs')).filter((d) => /^\d\d-/.test(d)).sort()
  .map((d, i) => `${i + 1}. ${(JSON.parse(fs.readFileSync(path.join(ROOT, 'labs', d, 'lab.json'), 'utf8')) as { title: string }).title}`);

/** A C file that uses each documented word in code, in a comment and in a string. */
const HOVER_C = `#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

int main(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
    char c;
    recv(fd, &c, 1, MSG_PEEK);
    if (errno == EADDRINUSE)
        return 1;
    /* the comment: socket AF_INET SO_REUSEADDR MSG_PEEK EADDRINUSE */
    puts("the string: socket AF_INET SO_REUSEADDR MSG_PEEK EADDRINUSE");
    return 0;
}
`;

/** Where `word` is on the line that has `marker`: 1-based line and column, for Go to Line. */
function placeOf(text: string, marker: string, word: string): { line: number; column: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  const col = lines[i]?.indexOf(word, lines[i].indexOf(marker));
  assert.ok(i >= 0 && col >= 0, `${word} after ${marker}`);
  return { line: i + 1, column: col + 2 };  // the cursor one character into the word
}

/** The first words of our doc for `word`, as the rendered hover shows them (code spans without backticks). */
function docStart(word: string): string {
  const text = CALL_DOCS[word]?.text ?? CONSTANT_DOCS[word]?.text ?? ERRNO_ADVICE[word]?.text;
  assert.ok(text, word);
  return text.replace(/`/g, '').slice(0, 40).trim();
}

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

describe('learning with the extension in code-server (end to end)', function () {
  this.timeout(300_000);
  let cs: CodeServer | undefined;
  let wb: Workbench;
  let page: Page;
  let ws: string;
  let port: number;
  let labDir: string;

  /** The Socket Lab view's rows as a screen reader reads them ("2. A TCP echo server: in progress"). */
  const viewRows = () => page.locator('.sidebar .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));

  /** Shows the Socket Lab view with lab 2 expanded, and waits until lab 2's row reads `status`. */
  const showLab2 = async (status: RegExp) => {
    // clicking the icon of the container already shown would hide the side bar
    const icon = page.locator('.activitybar .action-item a[aria-label="Socket Lab"]');
    await icon.waitFor({ timeout: 60_000 });
    const shown = await page.locator('.activitybar .action-item.checked a[aria-label="Socket Lab"]').count() > 0
      && await page.locator('.part.sidebar').isVisible();
    if (!shown) await icon.click();
    const row = page.locator('.sidebar .monaco-list-row[aria-level="1"]', { hasText: 'A TCP echo server' }).first();
    await row.waitFor({ timeout: 30_000 });
    if (await row.getAttribute('aria-expanded') === 'false') await row.locator('.monaco-tl-twistie').click();
    await page.locator('.sidebar .monaco-list-row[aria-level="2"]', { hasText: 'Step 3' }).first().waitFor();
    const label = `${LAB_TITLES[1]}: `;
    const end = Date.now() + 30_000;
    for (;;) {
      const rows = await viewRows();
      const lab = rows.find((r) => r.startsWith(label)) ?? '';
      if (status.test(lab.slice(label.length))) return rows;
      if (Date.now() > end) throw new Error(`lab 2 reads "${lab}", not ${status}`);
      await page.waitForTimeout(250);
    }
  };

  /** The steps of lab 2 in the view, as "title: status". */
  const lab2Steps = (rows: string[]) => rows.filter((r) => r.startsWith('Step '));

  /** The walkthrough's step with this id: checked or not. */
  const walkStep = (id: string, checked: boolean) =>
    page.locator(`.getting-started-step[data-step-id$="#${id}"] .codicon-getting-started-step-${checked ? 'checked' : 'unchecked'}`).first();

  const showWalkthrough = async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first();
    if (await tab.count()) await tab.click();
    else await wb.command('Welcome: Open Walkthrough...', 'Get Started with Socket Lab');
    await page.locator('.getting-started-step').first().waitFor({ timeout: 30_000 });
  };

  const studentFile = () => path.join(labDir, 'echo_server.c');
  const lineIn = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

  /** Writes the student's file on disk and waits until its editor, in the first group, shows `marker`. */
  const writeStudentFile = async (text: string, marker: string) => {
    fs.writeFileSync(studentFile(), text);
    await wb.command('View: Focus First Editor Group');
    await wb.openFile('02-tcp-echo/echo_server.c');
    await wb.goToLine(lineIn(text, marker));
    await wb.editor().locator('.view-line', { hasText: marker }).first().waitFor({ timeout: 30_000 });
  };

  /** Ctrl+. at the start of `line`: picks the Quick Fix with `title`, and waits until the editor shows `result`. */
  const quickFix = async (line: number, title: string, result: string, shotName: string) => {
    await wb.goToLine(line);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await item.waitFor({ timeout: 30_000 });
    await wb.shot(shotName);
    await item.click();
    await wb.editor().locator('.view-line', { hasText: result }).first().waitFor({ timeout: 20_000 });
  };

  before(async function () {
    skipWithoutWorkbench(this, 'the end-to-end suite');
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-learn-'));
    labDir = path.join(ws, '02-tcp-echo');
    port = await freePort();
    cs = await codeServerWithVsix(ws, { 'socketLab.port': port, 'editor.codeLens': true });
    wb = await Workbench.open(cs.url, 'learn');
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

  it('lists the ten labs with their steps and a status for each in the Socket Lab view', async () => {
    const rows = await showLab2(/^not started$/);
    assert.deepEqual(rows.filter((r) => /^\d+\. /.test(r)), LAB_TITLES.map((t) => `${t}: not started`));
    assert.deepEqual(lab2Steps(rows), ['Step 1: a listening socket: not graded', 'Step 2: accept a client and echo: not graded',
      'Step 3: close and serve the next client: not graded']);
    await wb.shot('1-view');
  });

  it('opens lab 2 in the empty folder: starter files copied and opened, the README rendered beside them', async () => {
    assert.deepEqual(fs.readdirSync(ws), []);
    await wb.command('Socket Lab: Open Lab...', 'A TCP echo server');
    await wb.toast(/A TCP echo server: the starter files are in 02-tcp-echo\./);
    assert.deepEqual(fs.readdirSync(labDir).sort(), ['.socklab-lab.json', 'README.md', 'echo_server.c']);
    assert.equal(fs.readFileSync(studentFile(), 'utf8'), fs.readFileSync(path.join(LAB, 'starter', 'echo_server.c'), 'utf8'));
    assert.equal(fs.readFileSync(path.join(labDir, 'README.md'), 'utf8'), fs.readFileSync(path.join(LAB, 'README.md'), 'utf8'));
    // the code is in the active group, the README's rendered preview in the group beside it
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'echo_server.c' }).waitFor();
    await page.locator('.editor-group-container:not(.active) .tab.active', { hasText: 'README.md' }).waitFor();
    await wb.frameWith('h1', /^Lab 02: A TCP echo server$/);
    await showLab2(/^in progress$/);
    await wb.shot('2-lab-opened');
  });

  it('checks "Open a lab" in the walkthrough, and no step not yet done', async () => {
    await showWalkthrough();
    await walkStep('openLab', true).waitFor({ timeout: 30_000 });
    for (const id of ['runAndTrace', 'readTrace', 'grade', 'pass']) assert.equal(await walkStep(id, false).count(), 1, id);
    await wb.shot('3-walkthrough-opened');
  });

  it('explains socket, AF_INET, SO_REUSEADDR, MSG_PEEK and EADDRINUSE on hover, but not in comments or strings', async () => {
    fs.mkdirSync(path.join(ws, 'hovers'));
    fs.writeFileSync(path.join(ws, 'hovers', 'names.c'), HOVER_C);
    await wb.openFile('hovers/names.c');
    const hover = () => page.locator('.monaco-hover:not(.hidden)');
    const showHoverAt = async (at: { line: number; column: number }) => {
      await page.keyboard.press('Escape');
      await wb.goToLine(at.line, at.column);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
    };
    const inCode: [string, string][] = [['socket', 'int fd'], ['AF_INET', 'int fd'], ['SO_REUSEADDR', 'setsockopt'], ['MSG_PEEK', 'recv('], ['EADDRINUSE', 'errno ==']];
    for (const [word, marker] of inCode) {
      await showHoverAt(placeOf(HOVER_C, marker, word));
      await hover().filter({ hasText: docStart(word) }).first().waitFor({ timeout: 20_000 });
      if (word === 'socket') await wb.shot('4-hover');
    }
    // absence has no event to wait for: each word in a comment or a string gets 1.5 s to show a hover of ours,
    // after the same word in code showed one above (the provider answers at once; hover.test.ts checks the
    // words without a browser, and the extension-host suite through vscode.executeHoverProvider)
    for (const marker of ['the comment:', 'the string:']) {
      for (const [word] of inCode) {
        await showHoverAt(placeOf(HOVER_C, marker, word));
        const ours = hover().filter({ hasText: docStart(word) }).first();
        await assert.rejects(ours.waitFor({ timeout: 1500 }), `a hover of ours on ${word} in ${marker}`);
      }
    }
    await page.keyboard.press('Escape');
  });

  it('grades the starter: the score and each step in the view, "Grade the lab" checked but not "Pass every check"', async () => {
    await wb.clearToasts();
    await wb.openFile('02-tcp-echo/echo_server.c');
    await wb.command('Socket Lab: Grade Lab');
    await wb.toast(new RegExp(`A TCP echo server: \\d+/${P2} points\\. See the Testing view\\.`));
    const rows = await showLab2(new RegExp(`^in progress · \\d+/${P2}$`));
    assert.ok(lab2Steps(rows).every((r) => /: (failing|passed)$/.test(r)), JSON.stringify(rows));
    assert.ok(lab2Steps(rows).some((r) => r.endsWith(': failing')), JSON.stringify(rows));
    await wb.shot('5a-view-graded');
    await showWalkthrough();
    await walkStep('grade', true).waitFor({ timeout: 30_000 });
    assert.equal(await walkStep('pass', false).count(), 1);
    assert.equal(await walkStep('runAndTrace', false).count(), 1);
    assert.equal(await walkStep('readTrace', false).count(), 1);
    await wb.shot('5-walkthrough-graded');
  });

  it('offers SO_REUSEADDR for a bind() that met EADDRINUSE; the fixed file compiles and binds once the port is free', async () => {
    await writeStudentFile(SOLUTION, 'send_all(int fd');
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', () => r()));
    try {
      await wb.command('Socket Lab: Run and Trace');
      const bindLine = lineIn(SOLUTION, 'if (bind(lfd');
      await wb.goToLine(bindLine);
      await wb.waitLens(/^bind\(\) -> -1 EADDRINUSE$/);
      await quickFix(bindLine, 'Set SO_REUSEADDR on lfd before bind()', 'setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR', '6a-quick-fix-reuseaddr');
    } finally {
      await new Promise((r) => holder.close(r));
    }
    await wb.command('Socket Lab: Run and Trace');  // saves the file first
    // two lines inserted above the bind()
    await wb.goToLine(lineIn(SOLUTION, 'if (bind(lfd') + 2);
    await wb.waitLens(new RegExp(`^bind\\(\\) -> 0 \\(127\\.0\\.0\\.1:${port}\\)$`));
    await wb.waitLens(/^setsockopt\(\) -> 0/);
    const fixed = fs.readFileSync(studentFile(), 'utf8');
    assert.match(fixed, /\n {4}setsockopt\(lfd, SOL_SOCKET, SO_REUSEADDR, &\(int\)\{1\}, sizeof\(int\)\);\n {4}if \(bind\(lfd/);
    assert.equal(await echo(port, 'reused\n'), 'reused\n');
    // reading the trace: the bind() line's result opens its calls in the panel
    await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: /^bind\(\) -> 0/ }).first().click();
    await wb.panelFrame();
    await wb.shot('6-reuseaddr-fixed');
  });

  it('offers htons() for a port that shows byte-swapped; the fixed program listens on the right port', async () => {
    await writeStudentFile(NO_HTONS, 'addr.sin_port = (unsigned short)atoi');
    await wb.command('Socket Lab: Run and Trace');
    const bindLine = lineIn(NO_HTONS, 'if (bind(lfd');
    const swapped = ((port & 0xff) << 8) | (port >> 8);
    await wb.goToLine(bindLine);
    await wb.waitLens(new RegExp(`^bind\\(\\) -> 0 \\(127\\.0\\.0\\.1:${swapped}\\)$`));
    // the byte-order warning is at the bind() while the server still runs
    await wb.editor().locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 30_000 });
    await quickFix(bindLine, 'Write the port in network byte order: htons((unsigned short)atoi(argv[1]))',
      'addr.sin_port = htons((unsigned short)atoi(argv[1]));', '7a-quick-fix-htons');
    await wb.command('Socket Lab: Run and Trace');
    await wb.goToLine(bindLine);
    await wb.waitLens(new RegExp(`^bind\\(\\) -> 0 \\(127\\.0\\.0\\.1:${port}\\)$`));
    assert.equal(fs.readFileSync(studentFile(), 'utf8'), SOLUTION);
    assert.equal(await echo(port, 'in network order\n'), 'in network order\n');
    // the status bar counts the run's events as the panel does, the last burst included
    const panel = await wb.panelFrame();
    await panel.locator('.event-list .row', { hasText: /close\(4\) = 0/ }).first().waitFor({ timeout: 30_000 });
    const count = /· (\d+) events · live$/.exec(await panel.locator('#app .status').innerText())?.[1];
    assert.ok(count, 'the panel counts the events of the live run');
    await page.locator('.statusbar-item', { hasText: new RegExp(`echo_server: ${count} events$`) }).first().waitFor({ timeout: 20_000 });
    await wb.shot('7-htons-fixed');
    await wb.command('Socket Lab: Stop');
    await page.locator('.statusbar-item', { hasText: /echo_server stopped/ }).first().waitFor({ timeout: 30_000 });
  });

  it('grades the fixed solution: passed in the view, every walkthrough step checked', async () => {
    await wb.clearToasts();
    await wb.openFile('02-tcp-echo/echo_server.c');
    await wb.command('Socket Lab: Grade Lab');
    await wb.toast(new RegExp(`A TCP echo server: ${P2}/${P2} points, every check passed`));
    const rows = await showLab2(new RegExp(`^passed · ${P2}/${P2}$`));
    assert.deepEqual(lab2Steps(rows), ['Step 1: a listening socket: passed', 'Step 2: accept a client and echo: passed',
      'Step 3: close and serve the next client: passed']);
    await wb.shot('8a-view-passed');
    await showWalkthrough();
    for (const id of ['openLab', 'runAndTrace', 'readTrace', 'grade', 'pass']) await walkStep(id, true).waitFor({ timeout: 30_000 });
    await wb.shot('8-walkthrough-done');
  });

  it('keeps the progress and the last trace across a window reload', async () => {
    await page.reload();
    await wb.ready();
    const rows = await showLab2(new RegExp(`^passed · ${P2}/${P2}$`));
    assert.deepEqual(lab2Steps(rows).map((r) => r.split(': ').pop()), ['passed', 'passed', 'passed']);
    assert.deepEqual(rows.filter((r) => /^\d+\. /.test(r) && !r.startsWith(LAB_TITLES[1])), LAB_TITLES.filter((_t, i) => i !== 1).map((t) => `${t}: not started`));
    await wb.shot('9-after-reload');
    // the reloaded window has a new extension host; the last run's trace comes back from the workspace storage
    await wb.command('Socket Lab: Show Trace Panel');
    const panel = await wb.panelFrame();
    await wb.panelStatus(panel, /echo_server \d+ · \d+ events.* · stopped$/);
    await panel.locator('.event-list .row', { hasText: /close\(4\) = 0/ }).first().waitFor({ timeout: 30_000 });
    await wb.shot('9b-trace-after-reload');
  });

  it('opens a lab in a window without a folder: where the student says, then that folder in the window', async () => {
    const parent = fs.mkdtempSync(path.join(ws, 'elsewhere-'));
    await page.goto(cs!.url.replace(/\?.*$/, '?ew=true'));
    await wb.ready();
    await wb.startCommand('Socket Lab: Open Lab...');
    await wb.pick('A TCP client');
    // VS Code's own folder dialog in the browser: a path to type and a button with our label
    const button = page.locator('.quick-input-widget .monaco-button', { hasText: 'Put the lab here' }).first();
    await button.waitFor({ timeout: 20_000 });
    // type the folder until the dialog has gone into it (only ".." listed: it is empty); the dialog sets its
    // input to the folder it starts in once that is read, which may come after a first fill
    const input = page.locator('.quick-input-widget input');
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const end = Date.now() + 30_000;
    while (JSON.stringify(await rows.allInnerTexts()) !== '[".."]') {
      if (Date.now() > end) throw new Error(`the folder dialog lists ${JSON.stringify(await rows.allInnerTexts())}`);
      if (await input.inputValue() !== `${parent}/`) await input.fill(`${parent}/`);
      await page.waitForTimeout(200);
    }
    await button.click();
    await page.waitForURL(/[?&]folder=[^&]*03-tcp-client/, { timeout: 60_000 });
    await wb.ready();
    await wb.toast(/A TCP client: the starter files are in this folder\./);
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'client.c' }).waitFor();
    await wb.frameWith('h1', /^Lab 03: A TCP client$/);
    assert.deepEqual(fs.readdirSync(path.join(parent, '03-tcp-client')).sort(), ['.socklab-lab.json', 'README.md', 'client.c']);
    await showLab2(new RegExp(`^passed · ${P2}/${P2}$`));
    assert.ok((await viewRows()).includes(`${LAB_TITLES[2]}: in progress`));
    await wb.shot('10-no-folder');
  });

  it('raised no errors in the workbench', () => {
    assert.deepEqual(wb.errors.filter((e) => /socket ?lab/i.test(e)), []);
  });
});

describe('the walkthrough on a first start of the workbench (end to end)', function () {
  this.timeout(300_000);
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let ws: string;

  const walkthrough = () => wb!.page.locator('.getting-started-step[data-step-id*="socketLab.gettingStarted"]').first();
  /** the extension is running once its view lists the labs */
  const activated = async () => {
    const icon = wb!.page.locator('.activitybar .action-item a[aria-label="Socket Lab"]');
    await icon.waitFor({ timeout: 60_000 });
    if (!(await wb!.page.locator('.activitybar .action-item.checked a[aria-label="Socket Lab"]').count())) await icon.click();
    await wb!.page.locator('.sidebar .monaco-list-row[aria-level="1"]', { hasText: 'A TCP echo server' }).first().waitFor({ timeout: 60_000 });
  };

  before(async function () {
    skipWithoutWorkbench(this, 'the end-to-end suite');
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-first-'));
    // a lab's folder, so the extension starts with the workbench
    fs.writeFileSync(path.join(ws, '.socklab-lab.json'), JSON.stringify({ lab: '02-tcp-echo' }));
    fs.writeFileSync(path.join(ws, 'echo_server.c'), fs.readFileSync(path.join(LAB, 'starter', 'echo_server.c'), 'utf8'));
    cs = await codeServerWithVsix(ws, { 'socketLab.welcome': true });
    wb = await Workbench.open(cs.url, 'first-start');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.keepFailure(this.currentTest.title, cs);
  });

  after(async () => {
    await wb?.close();
    await cs?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('opens the Socket Lab walkthrough on the first start, with a fresh user-data folder', async () => {
    await activated();
    await walkthrough().waitFor({ state: 'visible', timeout: 90_000 });
    await wb!.page.locator('.tabs-container .tab.active', { hasText: 'Welcome' }).waitFor();
    assert.match(await wb!.page.locator('.gettingStartedSlideDetails').first().innerText(), /Get Started with Socket Lab/);
    await wb!.shot('walkthrough');
  });

  it('does not open it again on the second start', async () => {
    const page = wb!.page;
    const again = { dir: cs!.dir, port: cs!.port };
    // the same user-data folder, port and browser profile: only the server and the page start again
    await page.goto('about:blank');
    await cs!.stop(true);
    cs = await startCodeServer(null, ws, {}, [], again);
    await page.goto(cs.url);
    await wb!.ready();
    await activated();
    // the welcome is asked for as the extension starts, with nothing to show that it chose not to: give a walkthrough
    // that would open the time the first start needed, then look
    await page.waitForTimeout(5000);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).count(), 0, 'no Welcome tab');
    assert.equal(await walkthrough().count(), 0, 'no walkthrough');
    await wb!.shot('second-start');
  });
});
