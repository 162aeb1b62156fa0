// The last trace kept for the next window: written and read back whole, and anything that is not such a
// file (missing, cut short, not JSON) reads as no trace rather than an error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TraceEvent } from '../../common/events';
import { loadTrace, saveTrace } from '../../extension/panel/trace-file';
import { TraceFeed } from '../../extension/panel/trace-feed';

describe('the last trace, kept for the next window', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-keep-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const events: TraceEvent[] = [
    { type: 'exec', pid: 7, ts: 1, path: '/w/echo', argv: ['/w/echo', '8080'] },
    { type: 'syscall', pid: 7, tid: 7, seq: 1, ts: 2, dur: 3, name: 'sendto', args: { sockfd: 4, buf: { hex: '3c623e0a', len: 4 } }, ret: 4 },
    { type: 'exit', pid: 7, ts: 9, signal: 'SIGKILL' },
  ];

  it('reads back what was written, into a feed that shows it as a finished run', async () => {
    const file = path.join(dir, 'a', 'last-trace.jsonl');
    await saveTrace(file, { title: 'echo 8080', end: { signal: 'SIGKILL', stopped: true }, events });
    const t = await loadTrace(file);
    assert.deepEqual(t, { title: 'echo 8080', end: { signal: 'SIGKILL', stopped: true }, events });
    const feed = new TraceFeed(1000);
    feed.restore('s1', t!.title, t!.events, t!.end);
    assert.equal(feed.live, false);
    assert.equal(feed.count, 3);
    const [first] = feed.snapshot();
    assert.equal(first.type, 'snapshot');
    assert.deepEqual(feed.takeDelta(), undefined, 'nothing more to send after the snapshot');
  });

  it('no file, a cut file or text that is not a trace read as no trace', async () => {
    assert.equal(await loadTrace(path.join(dir, 'missing.jsonl')), undefined);
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"title":"x"}\n{"type":"syscall","pid":');
    assert.equal(await loadTrace(bad), undefined);
    fs.writeFileSync(bad, '<script>alert(1)</script>\n');
    assert.equal(await loadTrace(bad), undefined);
    fs.writeFileSync(bad, '{"title":5}\n');
    assert.equal(await loadTrace(bad), undefined);
  });
});
