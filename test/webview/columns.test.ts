// The event list's columns in Chromium: a border dragged with the pointer or moved with the arrow keys resizes
// its column, the widths come back after a reload, and the call column keeps room for the return values.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { usePanelHarness, type PanelHarness } from './browser';

const width = (page: Page, col: string) => page.$eval(`.list-header .c-${col}`, (el) => el.getBoundingClientRect().width);
const rowWidth = (page: Page, col: string) => page.$eval(`.event-list .row .c-${col}`, (el) => el.getBoundingClientRect().width);

/** every rendered row's value after " = " lies whole inside its call cell */
async function returnsVisible(page: Page): Promise<string[]> {
  return page.$$eval('.event-list .row', (rows) => rows.flatMap((r) => {
    const ret = r.querySelector('.c-ret') as HTMLElement | null, cell = r.querySelector('.c-text')!.getBoundingClientRect();
    const value = ret?.children[2] as HTMLElement | undefined;
    if (!ret || !value) return [];
    const b = value.getBoundingClientRect();
    return b.width > 0 && b.right <= cell.right + 0.5 && b.left >= cell.left ? [] : [`${ret.textContent} at ${b.left}..${b.right} of ${cell.left}..${cell.right}`];
  }));
}

describe('event list column widths in Chromium', function () {
  this.timeout(120_000);
  let h: PanelHarness;

  usePanelHarness((x) => (h = x));

  it('drags a column border to resize it, and the rows follow the header', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    const before = await width(page, 'ts');
    const sep = (await page.$('.col-sep[data-col="ts"]'))!;
    const b = (await sep.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 + 30, b.y + b.height / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2 + 60, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    const after = await width(page, 'ts');
    assert.ok(Math.abs(after - before - 60) <= 1, `time column ${before} -> ${after} after a 60 px drag`);
    assert.ok(Math.abs((await rowWidth(page, 'ts')) - after) <= 1, 'the rows use the header\'s width');
    // the took column's handle is at its left edge: dragging it left widens the column
    const dur0 = await width(page, 'dur');
    const d = (await (await page.$('.col-sep[data-col="dur"]'))!.boundingBox())!;
    await page.mouse.move(d.x + d.width / 2, d.y + d.height / 2);
    await page.mouse.down();
    await page.mouse.move(d.x + d.width / 2 - 40, d.y + d.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.ok(Math.abs((await width(page, 'dur')) - dur0 - 40) <= 1);
    await h.shot('columns-dragged');
  });

  it('resizes from the keyboard: a focusable separator with its width announced', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    const before = await width(page, 'pid');
    await page.focus('.col-sep[data-col="pid"]');
    assert.equal(await page.getAttribute('.col-sep[data-col="pid"]', 'role'), 'separator');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const after = await width(page, 'pid');
    assert.ok(Math.abs(after - before - 24) <= 1, `pid column ${before} -> ${after} after 3 steps right`);
    assert.equal(await page.getAttribute('.col-sep[data-col="pid"]', 'aria-valuenow'), String(Math.round(after)));
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs((await width(page, 'pid')) - after + 8) <= 1);
    await page.keyboard.press('Enter');
    assert.ok(Math.abs((await width(page, 'pid')) - before) <= 1, 'Enter gives the column its default width back');
  });

  it('remembers the widths across a reload', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    await page.focus('.col-sep[data-col="seq"]');
    await page.keyboard.press('Shift+ArrowRight');
    const seq = await width(page, 'seq');
    await page.focus('.col-sep[data-col="ts"]');
    await page.keyboard.press('Shift+ArrowRight');
    const ts = await width(page, 'ts');
    await page.waitForFunction(() => (sessionStorage.getItem('socklab-panel-state') ?? '').includes('"columns":{"seq"'));
    await page.reload();
    await page.waitForFunction(() => 'socklab' in window);
    await h.load('tcp-echo');
    assert.ok(Math.abs((await width(page, 'seq')) - seq) <= 1, `seq ${seq} -> ${await width(page, 'seq')}`);
    assert.ok(Math.abs((await width(page, 'ts')) - ts) <= 1);
  });

  it('never lets the call column shrink below its minimum, so return values stay in sight', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    for (const col of ['ts', 'pid']) {
      await page.focus(`.col-sep[data-col="${col}"]`);
      await page.keyboard.press('End');
      for (let i = 0; i < 10; i++) await page.keyboard.press('Shift+ArrowRight');
    }
    const sep = (await (await page.$('.col-sep[data-col="seq"]'))!.boundingBox())!;
    await page.mouse.move(sep.x + 4, sep.y + 4);
    await page.mouse.down();
    await page.mouse.move(sep.x + 900, sep.y + 4, { steps: 5 });
    await page.mouse.up();
    const call = await width(page, 'text');
    assert.ok(call >= 199.5, `call column ${call} px`);
    assert.ok(call < 260, `the other columns did grow into the room (call column ${call} px)`);
    assert.deepEqual(await returnsVisible(page), []);
    // a narrower panel: the saved widths give way to the call column
    await page.setViewportSize({ width: 700, height: 700 });
    await page.waitForFunction(() => document.querySelector('.list-header')!.getBoundingClientRect().width < 720);
    await page.waitForFunction(() => document.querySelector('.list-header .c-text')!.getBoundingClientRect().width >= 199.5);
    assert.deepEqual(await returnsVisible(page), []);
    await h.shot('columns-call-minimum');
  });

  it('shows the pid column only when more than one process or thread made calls; else the call has its room', async () => {
    const page = await h.open('', { width: 700, height: 500 });
    const call = (seq: number, pid: number, tid: number) => ({ type: 'syscall', pid, tid, ts: seq * 1000, seq, dur: 100, name: 'socket',
      args: { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_IP' }, ret: 3 });
    const pidShown = () => page.$eval('.list-header .c-pid', (el) => getComputedStyle(el).display !== 'none');
    await h.load('one', { events: [call(1, 700, 700), call(2, 700, 700)] as never });
    await page.waitForSelector('.event-list .row');
    assert.equal(await pidShown(), false, 'one process: no pid column');
    const alone = await width(page, 'text');
    await h.load('threads', { events: [call(1, 700, 700), call(2, 700, 701)] as never });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.list-header .c-pid')!).display !== 'none');
    assert.ok(await width(page, 'text') < alone, 'the pid column takes its room from the call');
    await h.load('procs', { events: [call(1, 700, 700), call(2, 701, 701)] as never });
    assert.equal(await pidShown(), true, 'two processes: the pid column');
    await h.load('one again', { events: [call(1, 800, 800)] as never });
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.list-header .c-pid')!).display === 'none');
    assert.ok(Math.abs((await width(page, 'text')) - alone) <= 1);
  });
});
