// Driving a code-server workbench from the end-to-end suites: launching Chromium on it, the command palette,
// Quick Open, the cursor, CodeLens, the trace panel's frame, notifications and screenshots.
// Every wait is on the workbench's own state; timeouts only bound how long a wait may take.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { missingCodeServer, ROOT, startCodeServer, type CodeServer } from './code-server';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const OUT = path.join(ROOT, '.test-output');

/** Skips `suite` where code-server or Chromium is missing; under CI=true that fails it instead. */
export function skipWithoutWorkbench(ctx: Mocha.Context, suite: string): void {
  const why = missingCodeServer() ?? (fs.existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}`);
  if (!why) return;
  if (process.env.CI) throw new Error(`${suite} cannot run: ${why}`);
  console.log(`    skipped: ${why}`);
  ctx.skip();
}

/** Packages the extension as users get it (npm run package) and starts code-server on `folder` with it. */
export function codeServerWithVsix(folder: string, settings: Record<string, unknown>): Promise<CodeServer> {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' });
  return startCodeServer(path.join(ROOT, 'socket-lab.vsix'), folder, settings);
}

/** Debian's Chromium as the suites run it: headless, no sandbox (root), nothing fetched from the network. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export class Workbench {
  /** errors thrown in the workbench page */
  readonly errors: string[] = [];

  private constructor(readonly browser: Browser, readonly page: Page, private readonly prefix: string) {
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  /** Chromium on code-server's URL, once the workbench is drawn. Screenshots are named `prefix-NAME.png`. */
  static async open(url: string, prefix: string): Promise<Workbench> {
    const browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const wb = new Workbench(browser, page, prefix);
    await page.goto(url);
    await wb.ready();
    return wb;
  }

  /** Waits until the workbench is drawn (after opening or reloading the page). */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  }

  async shot(name: string): Promise<void> {
    fs.mkdirSync(OUT, { recursive: true });
    await this.page.screenshot({ path: path.join(OUT, `${this.prefix}-${name}.png`) });
  }

  /** After a failed test: a screenshot, the page's HTML and code-server's log in .test-output/. */
  async keepFailure(title: string, cs: CodeServer | undefined): Promise<void> {
    const name = title.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    await this.shot(`failed-${name}`).catch(() => undefined);
    fs.writeFileSync(path.join(OUT, `${this.prefix}-failed-${name}.html`), await this.page.content().catch((e) => String(e)));
    if (cs) fs.writeFileSync(path.join(OUT, `${this.prefix}-code-server.log`), cs.log());
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Opens a quick input with `key` and types `text` into it. */
  async quickInput(key: string, text: string) {
    const input = this.page.locator('.quick-input-widget input');
    // the quick input may still be closing from the previous command
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => this.page.keyboard.press('Escape'));
    await this.page.keyboard.press(key);
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    return input;
  }

  /** A row of the open quick input (palette, quick pick) with this text. */
  quickRow(text: string | RegExp) {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
  }

  /**
   * Picks `title` in the command palette. The palette lists the commands known when it opens, and a window that
   * has just loaded may not know the extension's yet: then it is opened again until the row is there.
   */
  async startCommand(title: string, timeout = 60_000): Promise<void> {
    const end = Date.now() + timeout;
    for (;;) {
      await this.quickInput('F1', `>${title}`);
      const row = this.quickRow(title);
      const shown = await row.waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (shown) return row.click();
      if (Date.now() > end) throw new Error(`no command ${title} in the palette`);
      await this.page.keyboard.press('Escape');
    }
  }

  /** Picks the row with `text` in the quick pick that is open. */
  async pick(text: string | RegExp): Promise<void> {
    const row = this.quickRow(text);
    await row.waitFor({ timeout: 20_000 });
    await row.click();
  }

  /** Runs a command from the palette, then picks a row with each of `picks` in the quick picks it shows. */
  async command(title: string, ...picks: (string | RegExp)[]): Promise<void> {
    await this.startCommand(title);
    for (const text of picks) await this.pick(text);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** The status bar's cursor position item shows `Ln line,`. */
  cursorAt(line: number, timeout = 20_000) {
    return this.page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).first().waitFor({ timeout });
  }

  /** Opens `folder/name` with Quick Open and puts the focus in its editor. */
  async openFile(rel: string): Promise<void> {
    await this.quickInput('Control+P', rel);
    const [folder, name] = rel.split('/');
    // the row of that folder's file: recently opened files are listed first while the search runs
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).filter({ hasText: folder }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await this.page.locator('.breadcrumbs-control', { hasText: folder }).first().waitFor();
    await this.editor().locator('.view-lines').first().click();
  }

  /** The editor of the active editor group. */
  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Moves the cursor to a 1-based line, so that its lenses are drawn, and waits until it is there. */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.quickInput('Control+G', column === undefined ? `:${line}` : `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.cursorAt(line);
  }

  /** The lenses drawn in the active editor group's editor. */
  lensTexts(): Promise<string[]> {
    return this.editor().locator('.codelens-decoration').allInnerTexts();
  }

  /** Polls the drawn lenses until one matches: lenses come and go as the editor redraws them. */
  async waitLens(re: RegExp, timeout = 60_000): Promise<string[]> {
    const end = Date.now() + timeout;
    for (;;) {
      const t = await this.lensTexts();
      if (t.some((x) => re.test(x))) return t;
      if (Date.now() > end) throw new Error(`no lens matching ${re}; lenses: ${JSON.stringify(t)}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** The trace panel's page: the innermost webview frame that has the panel's #app. */
  async panelFrame(timeout = 60_000): Promise<Frame> {
    const end = Date.now() + timeout;
    for (;;) {
      for (const f of this.page.frames()) {
        if (await f.$('#app .status').catch(() => null)) return f;
      }
      if (Date.now() > end) throw new Error('the trace panel did not appear');
      await this.page.waitForTimeout(250);
    }
  }

  /** The first frame (a webview's page) that has `selector` with text matching `re`. */
  async frameWith(selector: string, re: RegExp, timeout = 60_000): Promise<Frame> {
    const end = Date.now() + timeout;
    for (;;) {
      for (const f of this.page.frames()) {
        if (await f.locator(selector, { hasText: re }).count().catch(() => 0)) return f;
      }
      if (Date.now() > end) throw new Error(`no frame has ${selector} with ${re}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Waits until the panel's text matches `re` (a locator: the panel's CSP forbids evaluating strings). */
  waitPanel(f: Frame, re: RegExp, timeout = 60_000) {
    return f.locator('#app', { hasText: re }).waitFor({ timeout });
  }

  panelStatus(f: Frame, re: RegExp, timeout = 60_000) {
    return f.locator('#app .status', { hasText: re }).waitFor({ timeout });
  }

  /** A notification toast with this text. */
  toast(re: RegExp, timeout = 120_000) {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: re }).first().waitFor({ timeout });
  }

  clearToasts(): Promise<void> {
    return this.command('Clear All Notifications');
  }
}

/** A lab's number of checks and its points, from its lab.json, for the counts the workbench shows. */
export function labTotals(id: string): { checks: number; points: number } {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'labs', id, 'lab.json'), 'utf8')) as { grading: { checks: { points: number }[] } };
  return { checks: spec.grading.checks.length, points: spec.grading.checks.reduce((n, c) => n + c.points, 0) };
}
