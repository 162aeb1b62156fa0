// The panel in headless Chromium against the fake host: golden rendering, filters and search, sequence arrows,
// hostile payloads, live deltas with a gap, keyboard, restored state, compare and export.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../common/events';
import { listRows, readTrace, ROOT, usePanelHarness, type PanelHarness } from './browser';

const GOLDEN = join(ROOT, 'test', 'fixtures', 'traces', 'tcp-echo.golden.txt');

type Socklab = { host: { sent: { type: string }[]; lastExport: string | null; append(e: TraceEvent[], o?: object): void } };

describe('trace panel in Chromium', function () {
  this.timeout(60_000);
  let h: PanelHarness;

  usePanelHarness((x) => (h = x));

  it('renders the TCP echo trace as in its golden file, in all five views', async () => {
    const page = await h.open('', { width: 1280, height: 900 });
    await h.load('tcp-echo');
    const text = (await listRows(page)).join('\n') + '\n';
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    assert.equal(text, readFileSync(GOLDEN, 'utf8'));
    await page.click('.event-list .row[data-idx="12"]');
    await h.shot('panel-events');
    for (const tab of ['timeline', 'sequence', 'sockets']) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(100);
      await h.shot(`panel-${tab}`);
    }
    assert.equal(await page.locator('.sockets tbody tr').count(), 4);
    assert.deepEqual(h.errors, []);
  });

  it('a call that never returned took at least until the trace ended, not 0', async () => {
    const page = await h.open();
    await h.load('stopped', { events: [
      { type: 'exec', pid: 90, ts: 0, path: './udp', argv: ['./udp'] },
      { type: 'syscall', pid: 90, tid: 90, ts: 1_000_000_000, seq: 1, dur: 0, name: 'recvfrom', args: { fd: 3 }, ret: null, unfinished: true },
      { type: 'exit', pid: 90, ts: 5_900_000_000, signal: 'SIGKILL' },
    ] as unknown as TraceEvent[] });
    await page.waitForSelector('.event-list .row .c-dur');
    const took = await page.$$eval('.event-list .row .c-dur', (els) => els.map((e) => e.textContent));
    assert.deepStrictEqual(took.filter(Boolean), ['≥4.90s']);
    await page.click('.event-list .row:nth-child(2)');
    await page.waitForSelector('.details table.kv');
    assert.match(await page.textContent('.details table.kv') ?? '', /≥4\.90s \(it had not returned when the trace ended\)/);
  });

  it('filters by process, syscall, errors and socket, and searches the text', async () => {
    const page = await h.open();
    await h.load('tcp-echo');
    const ev = readTrace('tcp-echo');
    const shown = (n: number) => page.waitForFunction((k) => document.querySelector('.status')?.textContent?.includes(` ${k} shown`), n);
    await page.selectOption('select[aria-label="Process"]', '4101');
    await shown(ev.filter((e) => e.pid === 4101).length);
    await page.selectOption('select[aria-label="System call"]', 'close');
    await shown(3);
    assert.deepEqual((await listRows(page)).map((r) => r.split(' | ')[0]), ['5', '8', '25']);
    await page.click('text=Clear filters');
    await page.check('#sl-errors');
    await shown(1);
    const errs = await listRows(page);
    assert.equal(errs.length, 1);
    assert.match(errs[0], /connect\(3, \{AF_INET, 127\.0\.0\.1:8081\}, 16\) = -1 ECONNREFUSED/);
    await page.uncheck('#sl-errors');
    await page.fill('input[type=search]', 'HELLO\\n');
    await shown(4);
    assert.ok((await listRows(page)).every((r) => r.includes('"hello\\n"')));
    await page.click('text=Clear filters');
    await page.click('#tab-sockets');
    await page.click('.sockets tr[data-sock="3"] button:has-text("Filter")');
    await shown(8);
    const rows = await listRows(page);
    assert.deepEqual(rows.map((r) => r.split(' | ')[0]), ['11', '13', '14', '17', '18', '19', '22', '23']);
    await h.shot('panel-filter-socket');
  });

  it('draws sequence arrows between the right calls (TCP, UDP, socketpair, AF_UNIX)', async () => {
    const page = await h.open('', { width: 1280, height: 1500 });
    const arrows = async () => page.$$eval('.seq-svg g.arrow', (gs) =>
      gs.map((g) => `${g.getAttribute('class')!.replace('arrow k-', '')} ${g.getAttribute('data-from')}->${g.getAttribute('data-to')}`));
    await h.load('tcp-echo');
    await page.click('#tab-sequence');
    await page.waitForSelector('.seq-svg g.arrow');
    assert.deepEqual(await arrows(), ['connect 10->11', 'stream 12->13', 'stream 14->15', 'stream 16->17', 'stream 16->18', 'stream 19->20']);
    const label = await page.getAttribute('.seq-svg g.arrow[data-from="12"]', 'aria-label');
    assert.equal(label, '6 bytes from pid 4101 write #12 to pid 4100 read #13');
    await h.load('udp-unix');
    await page.waitForSelector('.seq-svg g.arrow.k-dgram');
    assert.deepEqual(await arrows(), ['dgram 5->6', 'dgram 7->9', 'dgram 8->10', 'dgram 11->12', 'stream 18->19', 'stream 20->21', 'connect 26->27', 'stream 28->29']);
    await h.shot('panel-sequence-udp-unix');
  });

  it('renders traces recorded from real programs, arrows included', async () => {
    const page = await h.open('', { width: 1280, height: 1400 });
    await h.load('recorded-tcp-echo');
    await page.click('#tab-sequence');
    await page.waitForSelector('.seq-svg g.arrow');
    assert.equal(await page.locator('.seq-svg g.arrow').count(), 6);
    await h.shot('panel-recorded-sequence');
    await h.load('recorded-mixed');
    await page.waitForSelector('.seq-svg g.arrow.k-dgram');
    assert.equal(await page.locator('.seq-svg g.arrow').count(), 8);
    await page.click('#tab-events');
    const rows = await listRows(page);
    assert.ok(rows.some((r) => r.includes('write(') && r.includes('"<img src=x onerror=alert(1)>"')));
    assert.deepEqual(h.dialogs, []);
  });

  it('shows a hostile payload as its characters and never runs it', async () => {
    const page = await h.open();
    await h.load('hostile');
    const evil = '<img src=x onerror=alert(1)>';
    const rows = await listRows(page);
    assert.ok(rows.some((r) => r.includes(`"${evil}"`)), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes('<img src=y onerror=alert(4)>(')));
    for (const idx of [1, 2, 3, 4, 5, 6]) {
      await page.click(`.event-list .row[data-idx="${idx}"]`);
      if (idx === 2) assert.equal(await page.textContent('.payload .p-text'), evil);
    }
    await page.click('.event-list .row[data-idx="4"]');
    assert.ok((await page.textContent('.details'))!.includes('<script>alert(2)</script>.c:7 in f"><svg onload=alert(3)>()'));
    for (const tab of ['timeline', 'sequence', 'sockets', 'events']) await page.click(`#tab-${tab}`);
    await page.waitForTimeout(200);
    await h.shot('panel-hostile');
    const injected = await page.evaluate(() => ({
      elements: document.querySelectorAll('img, iframe, script:not([src]), object, embed').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    }));
    assert.equal(injected.elements, 0);
    assert.deepEqual(injected.handlers, []);
    assert.match(injected.csp, /default-src 'none'/);
    assert.deepEqual(h.dialogs, []);
    assert.deepEqual(h.errors, []);
  });

  it('streams deltas live and asks for a snapshot after a gap', async () => {
    const page = await h.open();
    const ev = readTrace('tcp-echo');
    await h.load('tcp-echo', { live: true, events: ev.slice(0, 10) });
    assert.match((await page.textContent('.status'))!, /10 events · live/);
    await page.evaluate((more) => (window as unknown as { socklab: Socklab }).socklab.host.append(JSON.parse(more)), JSON.stringify(ev.slice(10, 20)));
    await page.waitForFunction(() => /20 events/.test(document.querySelector('.status')?.textContent ?? ''));
    // a lost delta: the panel ignores the next one and asks for a snapshot, which brings everything
    await page.evaluate((more) => (window as unknown as { socklab: Socklab }).socklab.host.append(JSON.parse(more), { skip: true, end: { code: 0 } }), JSON.stringify(ev.slice(20)));
    await page.waitForFunction((n) => document.querySelector('.status')?.textContent?.includes(`${n} events · exited with 0`), ev.length);
    const sent = await page.evaluate(() => (window as unknown as { socklab: Socklab }).socklab.host.sent.map((m) => m.type));
    assert.ok(sent.includes('resync'), sent.join(','));
  });

  it('draws the first part of a large snapshot at once and takes in the rest', async () => {
    const page = await h.open();
    // 30,000 calls: the TCP echo trace repeated, seqs renumbered
    const base = readTrace('tcp-echo').filter((e) => e.type === 'syscall');
    const many = Array.from({ length: 30_000 }, (_, k) => ({ ...base[k % base.length], seq: k + 1, ts: k * 1000 })) as TraceEvent[];
    await page.evaluate((ev) => {
      (window as unknown as { many: unknown[] }).many = JSON.parse(ev);
    }, JSON.stringify(many));
    // (a string: the test runner's transpiler would wrap named functions in helpers the page lacks)
    const firstRows = await page.evaluate(`new Promise((done) => {
      window.socklab.host.title = 'many';
      window.socklab.host.sendSnapshot(window.many);
      // the panel drew rows while the status still said it was loading
      const poll = () => document.querySelector('.event-list .row')
        ? done(/loading/.test(document.querySelector('.status').textContent) ? 1 : 0)
        : requestAnimationFrame(poll);
      poll();
    })`);
    assert.equal(firstRows, 1);
    await page.waitForFunction(() => /· 30000 events/.test(document.querySelector('.status')?.textContent ?? ''));
    await page.focus('.event-list .viewport');
    await page.keyboard.press('End');
    assert.equal(await page.textContent('.row[aria-selected="true"] .c-seq'), '30000');
  });

  it('is usable from the keyboard and reveals the source line', async () => {
    const page = await h.open();
    await h.load('tcp-echo');
    await page.focus('.event-list .viewport');
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('.row[aria-selected="true"]', 'data-idx'), '2');
    await page.keyboard.press('End');
    assert.equal(await page.getAttribute('.row[aria-selected="true"]', 'data-idx'), '30');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const reveal = await page.evaluate(() => (window as unknown as { socklab: Socklab }).socklab.host.sent.filter((m) => m.type === 'reveal'));
    assert.deepEqual(reveal.at(-1), { type: 'reveal', seq: 1, site: { file: 'echo.c', line: 24, function: 'run_server' } });
    await page.keyboard.press('Alt+3');
    assert.equal(await page.getAttribute('#tab-sequence', 'aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('.seq-row[aria-current="true"]', 'data-seq'), '2');
    await page.focus('#tab-sequence');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('#tab-sockets', 'aria-selected'), 'true');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search');
  });

  it('shows a line\'s events when the host asks: the first selected and scrolled to, all highlighted', async () => {
    const page = await h.open('', { width: 900, height: 320 });
    await h.load('tcp-echo');
    await page.click('#tab-sockets');
    // the trace's read() at echo.c:88 is row 26 of 31: below the list's first screen
    assert.equal(await page.locator('.event-list .row[data-idx="25"]').count(), 0);
    await page.evaluate(() => (window as unknown as { socklab: { host: { deliver(m: object): void } } }).socklab.host
      .deliver({ type: 'showLine', file: 'echo.c', line: 88 }));
    const selected = page.locator('.event-list .row[data-idx="25"][aria-selected="true"]');
    await selected.waitFor({ timeout: 5000 });
    assert.equal(await page.getAttribute('#tab-events', 'aria-selected'), 'true');
    assert.match(await selected.innerText(), /read\(3, ""/);
    assert.deepEqual(await page.$$eval('.event-list .row.at-cursor', (rs) => rs.map((r) => r.getAttribute('data-idx'))), ['25']);
    await h.shot('panel-show-line');
  });

  it('comes back as it was after a reload (UI state only)', async () => {
    const page = await h.open();
    await h.load('tcp-echo');
    await page.selectOption('select[aria-label="Process"]', '4100');
    await page.click('.event-list .row[data-idx="14"]');
    await page.click('#tab-sockets');
    await page.waitForTimeout(200);
    const saved = await page.evaluate(() => sessionStorage.getItem('socklab-panel-state'));
    assert.ok(saved && !saved.includes('hello'), 'state holds no trace data');
    await page.reload();
    await page.waitForFunction(() => 'socklab' in window);
    await h.load('tcp-echo');
    assert.equal(await page.getAttribute('#tab-sockets', 'aria-selected'), 'true');
    assert.equal(await page.inputValue('select[aria-label="Process"]'), '4100');
    await page.click('#tab-events');
    assert.equal(await page.getAttribute('.row[aria-selected="true"]', 'data-idx'), '14');
  });

  it('compares with a reference trace and shows the first divergence', async () => {
    const page = await h.open('?compare=tcp-echo-reference');
    await h.load('tcp-echo');
    await page.click('#tab-compare');
    await page.click('text=Open a trace to compare…');
    await page.waitForSelector('.cmp-banner.diverged');
    const banner = (await page.textContent('.cmp-banner'))!;
    assert.match(banner, /process P1 \(pid 4100 here, 5300 in/);
    assert.ok(banner.includes('write(fd2, "hello\\n"/6, 6) = 6'));
    assert.ok(banner.includes('write(fd2, "HELLO\\n"/6, 6) = 6'));
    assert.equal(await page.textContent('tr.first-diff .cmp-n'), '8');
    await h.shot('panel-compare');
  });

  it('exports JSONL and Perfetto JSON through the host', async () => {
    const page = await h.open();
    await h.load('udp-unix');
    await page.click('text=Export JSONL');
    const jsonl = await page.evaluate(() => (window as unknown as { socklab: Socklab }).socklab.host.lastExport);
    assert.deepEqual(jsonl!.trim().split('\n').map((l) => JSON.parse(l)), readTrace('udp-unix'));
    await page.click('text=Export for Perfetto');
    const chrome = JSON.parse((await page.evaluate(() => (window as unknown as { socklab: Socklab }).socklab.host.lastExport))!);
    assert.ok(chrome.traceEvents.length > 30);
  });

  it('follows the theme: light and high contrast', async () => {
    const page = await h.open();
    await h.load('tcp-echo');
    await page.click('.event-list .row[data-idx="8"]');
    const theme = async (cls: string, vars: Record<string, string>) => {
      await page.evaluate(([c, v]) => {
        document.body.className = c;
        for (const [k, x] of Object.entries(v)) document.documentElement.style.setProperty(k, x);
      }, [cls, vars] as const);
    };
    await theme('vscode-light', {
      '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-list-activeSelectionBackground': '#0060c0',
      '--vscode-symbolIcon-functionForeground': '#795e26', '--vscode-debugTokenExpression-string': '#a31515', '--vscode-debugTokenExpression-number': '#098658',
      '--vscode-symbolIcon-constantForeground': '#0070c1', '--vscode-errorForeground': '#e51400', '--vscode-panel-border': '#e5e5e5',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b', '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b', '--vscode-textCodeBlock-background': '#f3f3f3', '--vscode-list-hoverBackground': '#f0f0f0',
      '--vscode-descriptionForeground': '#717171', '--vscode-debugTokenExpression-name': '#001080', '--vscode-charts-green': '#388a34',
    });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(255, 255, 255)');
    await h.shot('panel-light');
    await theme('vscode-high-contrast', {
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df', '--vscode-list-activeSelectionBackground': '#000000', '--vscode-textCodeBlock-background': '#000000',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff', '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-list-hoverBackground': '#000000',
      '--vscode-symbolIcon-functionForeground': '#ffffff', '--vscode-debugTokenExpression-string': '#ce9178', '--vscode-debugTokenExpression-number': '#b5cea8',
    });
    await page.click('#tab-timeline');
    await page.waitForTimeout(100);
    await h.shot('panel-high-contrast');
  });
});
