// End to end in a real workbench: code-server with the packaged extension, driven by Debian's Chromium.
// Runs lab 2's reference solution under Run and Trace, talks to it, and checks the lenses, the panel and
// the Problems view; then a solution that does not compile, and one whose bind() fails. Screenshots go to
// .test-output/e2e-*.png.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { freePort, missingCodeServer, ROOT, startCodeServer, type CodeServer } from './code-server';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = path.join(ROOT, '.test-output');
const LAB = path.join(ROOT, 'labs', '02-tcp-echo');

function makeWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-ws-'));
  const solution = fs.readFileSync(path.join(LAB, 'solution', 'echo_server.c'), 'utf8');
  const put = (folder: string, text: string) => {
    fs.mkdirSync(path.join(ws, folder));
    fs.writeFileSync(path.join(ws, folder, 'echo_server.c'), text);
    fs.writeFileSync(path.join(ws, folder, '.socklab-lab.json'), '{"lab":"02-tcp-echo"}\n');
  };
  put('solution', solution);
  const broken = solution.replace('int lfd = socket(AF_INET, SOCK_STREAM, 0);', 'int lfd = socket(AF_INET, SOCK_STREAM, 0)');
  assert.notEqual(broken, solution);
  put('broken', broken);
  return ws;
}

async function echo(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(10_000, () => reject(new Error('no echo within 10 s')));
  });
}

describe('the extension in code-server (end to end)', function () {
  this.timeout(300_000);
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let ws: string;
  let port: number;
  const errors: string[] = [];

  const shot = async (name: string) => {
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, `e2e-${name}.png`) });
  };

  const command = async (title: string) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
  };

  const openFile = async (rel: string) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(rel);
    const [folder, name] = rel.split('/');
    // the row of that folder's file: recently opened files are listed first while the search runs
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).filter({ hasText: folder }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await page.locator('.breadcrumbs-control', { hasText: folder }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
  };

  const lensTexts = () => page.locator('.monaco-editor .codelens-decoration').allInnerTexts();

  const waitLens = async (re: RegExp, timeout = 60_000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const t = await lensTexts();
      if (t.some((x) => re.test(x))) return t;
      if (Date.now() > end) throw new Error(`no lens matching ${re}; lenses: ${JSON.stringify(t)}`);
      await page.waitForTimeout(500);
    }
  };

  /** The trace panel's page: the innermost webview frame that has the panel's #app. */
  const panelFrame = async (timeout = 60_000): Promise<Frame> => {
    const end = Date.now() + timeout;
    for (;;) {
      for (const f of page.frames()) {
        if (await f.$('#app .status').catch(() => null)) return f;
      }
      if (Date.now() > end) throw new Error('the trace panel did not appear');
      await page.waitForTimeout(500);
    }
  };

  /** Waits until the panel's text matches `re` (a locator: the panel's CSP forbids evaluating strings). */
  const waitPanel = (f: Frame, re: RegExp, timeout = 60_000) => f.locator('#app', { hasText: re }).waitFor({ timeout });

  /** Moves the cursor to a 1-based line, so that its lenses are drawn. */
  const goToLine = async (line: number) => {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
  };

  const SOURCE = fs.readFileSync(path.join(LAB, 'solution', 'echo_server.c'), 'utf8').split('\n');
  const lineOf = (text: string) => SOURCE.findIndex((l) => l.includes(text)) + 1;

  before(async function () {
    const why = missingCodeServer() ?? (fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`);
    if (why) {
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' });
    ws = makeWorkspace();
    port = await freePort();
    cs = await startCodeServer(path.join(ROOT, 'socket-lab.vsix'), ws, { 'socketLab.port': port, 'editor.codeLens': true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(cs.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  });

  after(async () => {
    await browser?.close();
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
    assert.equal(await echo(port, 'hello, server\n'), 'hello, server\n');
    assert.equal(await echo(port, 'again\n'), 'again\n');
    await waitPanel(panel, /recvfrom\(/, 30_000);
    // a lens is drawn only while its line is in view: look at each where it is
    await goToLine(lineOf('send(fd'));
    await waitLens(/^send x2 · 20 B( · blocked .*)?$/);
    await goToLine(lineOf('recv(cfd'));
    await waitLens(/^recv x4 · 20 B · 2x end of stream( · blocked .*)?$/);
    await shot('2a-lenses-serve');
    await goToLine(lineOf('socket(AF_INET'));
    await waitLens(/^socket\(\) -> fd 3 \(AF_INET, SOCK_STREAM\)$/);
    await goToLine(lineOf('listen(lfd'));
    const t = await waitLens(/^accept/);
    assert.ok(t.includes(`bind() -> 0 (127.0.0.1:${port})`), JSON.stringify(t));
    assert.ok(t.some((x) => /^listen\(\) -> 0 \(backlog 16\)/.test(x)), JSON.stringify(t));
    assert.ok(t.some((x) => /^accept x2 · blocked/.test(x)), JSON.stringify(t));
    await shot('2-running');
  });

  it('stops the program and says so', async () => {
    await command('Socket Lab: Stop');
    await page.locator('.statusbar-item', { hasText: 'stopped' }).first().waitFor({ timeout: 30_000 });
    await assert.rejects(echo(port, 'x'));
    await waitPanel(await panelFrame(), /SIGTERM|stopped|exit/i, 30_000).catch(() => undefined);
    await shot('3-stopped');
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
    assert.deepEqual(errors.filter((e) => /socket ?lab/i.test(e)), []);
  });
});
