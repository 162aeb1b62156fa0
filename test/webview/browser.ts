// Shared set-up for the panel's browser tests: builds the standalone page, serves it, drives Debian's Chromium
// with playwright-core, and saves screenshots under .test-output/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TraceEvent } from '../../common/events';
import { servePanel, type PageServer } from './server';

export const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const OUT = join(ROOT, '.test-output');

export function readTrace(name: string): TraceEvent[] {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'traces', `${name}.jsonl`), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TraceEvent);
}

/** Why the browser tests cannot run here, or null when they can. */
export function missingBrowser(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
  return null;
}

let built = false;

export interface PanelHarness {
  browser: Browser;
  server: PageServer;
  page: Page;
  /** alert/confirm/prompt dialogs the page tried to open */
  dialogs: string[];
  errors: string[];
  open(query?: string, viewport?: { width: number; height: number }): Promise<Page>;
  load(name: string, opts?: { live?: boolean; events?: TraceEvent[] }): Promise<void>;
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<PanelHarness> {
  if (!built) {
    const build = (await import(join(ROOT, 'webview', 'build.mjs'))) as { buildWebview(o: object): Promise<void> };
    await build.buildWebview({ standalone: true });
    built = true;
  }
  const { chromium } = await import('playwright-core');
  const server = await servePanel();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(OUT, { recursive: true });
  const h: PanelHarness = {
    browser, server, page: undefined as unknown as Page, dialogs: [], errors: [],
    async open(query = '', viewport = { width: 1280, height: 800 }) {
      if (h.page) await h.page.context().close();
      const ctx = await browser.newContext({ viewport });
      h.page = await ctx.newPage();
      h.page.on('dialog', (d) => {
        h.dialogs.push(d.message());
        void d.dismiss();
      });
      h.page.on('pageerror', (e) => h.errors.push(e.message));
      await h.page.goto(server.url + query);
      await h.page.waitForFunction(() => 'socklab' in window);
      return h.page;
    },
    async load(name, opts = {}) {
      const events = opts.events ?? readTrace(name);
      // events go as JSON text: playwright's typing of deeply nested arguments is too deep for tsc
      await h.page.evaluate(([n, ev, live]) => {
        (window as unknown as { socklab: { host: { load(t: string, e: unknown[], l: boolean): void } } }).socklab.host.load(n, JSON.parse(ev), live);
      }, [name, JSON.stringify(events), !!opts.live] as const);
      await h.page.waitForFunction((n) => document.querySelector('.status')?.textContent?.includes(`· ${n} events`), events.length);
    },
    async shot(name) {
      const path = join(OUT, `${name}.png`);
      await h.page.screenshot({ path });
      return path;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
  return h;
}

/** The text of the event list's rendered rows: seq, pid and call, one row a line. */
export async function listRows(page: Page): Promise<string[]> {
  return page.$$eval('.event-list .row', (rows) =>
    rows.map((r) => ['.c-seq', '.c-pid', '.c-text'].map((c) => r.querySelector(c)?.textContent ?? '').join(' | ')));
}

export async function rowCount(page: Page): Promise<number> {
  const s = await page.textContent('.status');
  const m = /(\d+) shown/.exec(s ?? '') ?? /(\d+) events/.exec(s ?? '');
  return m ? Number(m[1]) : -1;
}

/**
 * The start and end of a suite that drives the panel: the harness is started before its tests (the suite is
 * skipped, saying why, where no browser can run) and closed after them. `set` receives it.
 */
export function usePanelHarness(set: (h: PanelHarness) => void): void {
  let h: PanelHarness | undefined;
  before(async function () {
    const why = missingBrowser();
    if (why) {
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    h = await startHarness();
    set(h);
  });
  after(async () => h && (await h.close()));
}
