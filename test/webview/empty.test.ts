// A program that made no socket calls: the panel says so, and what the program ran and how it ended, instead
// of showing an empty table.
import assert from 'node:assert/strict';
import type { TraceEvent } from '../../common/events';
import { usePanelHarness, type PanelHarness } from './browser';

const NO_CALLS: TraceEvent[] = [
  { type: 'exec', pid: 5100, ts: 0, path: './hello', argv: ['./hello', 'world'] },
  { type: 'exit', pid: 5100, ts: 90_000, code: 3 },
];

type Socklab = { host: { load(t: string, e: unknown[], live: boolean, end?: object): void; append(e: TraceEvent[], o?: object): void } };

describe('trace panel with no socket calls in Chromium', function () {
  this.timeout(60_000);
  let h: PanelHarness;

  usePanelHarness((x) => (h = x));

  it('says the program made no socket calls, what it ran and its exit status', async () => {
    const page = await h.open();
    await page.evaluate((ev) => (window as unknown as { socklab: Socklab }).socklab.host.load('hello', JSON.parse(ev), false, { code: 3 }), JSON.stringify(NO_CALLS));
    await page.waitForSelector('.event-list .empty-state:not([hidden])');
    const text = await page.textContent('.event-list .empty-state');
    assert.match(text ?? '', /The program made no socket calls\./);
    assert.match(text ?? '', /It ran \.\/hello world and exited with status 3\./);
    assert.equal(await page.isVisible('.event-list .viewport'), false, 'no empty table beside the message');
    await h.shot('no-socket-calls');
  });

  it('shows no such message while the run is live, nor once calls come', async () => {
    const page = await h.open();
    await page.evaluate((ev) => (window as unknown as { socklab: Socklab }).socklab.host.load('live', JSON.parse(ev), true), JSON.stringify(NO_CALLS.slice(0, 1)));
    await page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('live'));
    assert.equal(await page.isVisible('.event-list .empty-state'), false);
    await page.evaluate(() => (window as unknown as { socklab: Socklab }).socklab.host.append([
      { type: 'syscall', pid: 5100, tid: 5100, ts: 10_000, seq: 1, dur: 2000, name: 'socket', args: { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_TCP' }, ret: 3 } as unknown as TraceEvent,
      { type: 'exit', pid: 5100, ts: 20_000, code: 0 },
    ], { end: { code: 0 } }));
    await page.waitForSelector('.event-list .row');
    assert.equal(await page.isVisible('.event-list .empty-state'), false);
  });

  it('the call filter says "All calls" with no calls, and lists a new trace\'s calls when they differ but are as many', async () => {
    const page = await h.open();
    const load = (title: string, events: unknown[]) => page.evaluate(([t, ev]) =>
      (window as unknown as { socklab: Socklab }).socklab.host.load(t, JSON.parse(ev), false, { code: 0 }), [title, JSON.stringify(events)] as const);
    const options = () => page.$$eval('select[aria-label="System call"] option', (os) => os.map((o) => o.textContent));
    const shown = () => page.$eval('select[aria-label="System call"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    await load('hello', NO_CALLS);
    await page.waitForSelector('.event-list .empty-state:not([hidden])');
    assert.deepEqual(await options(), ['All calls']);
    assert.equal(await shown(), 'All calls');
    const call = (seq: number, name: string, args: object, ret: number) =>
      ({ type: 'syscall', pid: 5100, tid: 5100, ts: seq * 1000, seq, dur: 100, name, args, ret });
    await load('one', [NO_CALLS[0], call(1, 'socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_IP' }, 3), call(2, 'close', { fd: 3 }, 0)]);
    await page.waitForFunction(() => document.querySelectorAll('select[aria-label="System call"] option').length === 3);
    assert.deepEqual(await options(), ['All calls', 'close', 'socket']);
    await load('two', [NO_CALLS[0], call(1, 'socket', { domain: 'AF_INET', type: 'SOCK_DGRAM', protocol: 'IPPROTO_IP' }, 3), call(2, 'bind', { sockfd: 3 }, 0)]);
    await page.waitForFunction(() => [...document.querySelectorAll('select[aria-label="System call"] option')].some((o) => o.textContent === 'bind'));
    assert.deepEqual(await options(), ['All calls', 'bind', 'socket']);
    assert.equal(await shown(), 'All calls');
  });
});
