// The timeline's arithmetic: axis ticks at 1/2/5 steps in readable units, and the boxes of a lane.
import assert from 'node:assert/strict';
import { layoutBoxes, niceStep, ticks } from '../../webview/timescale';

describe('timeline ticks', () => {
  it('steps 1, 2 or 5 times a power of ten, in whole minutes past a minute', () => {
    assert.deepEqual([0.3, 3, 7, 19, 450, 55e9, 61e9, 130e9].map(niceStep), [1, 5, 10, 20, 500, 60e9, 120e9, 300e9]);
  });

  it('labels a short run from its first call in one readable unit', () => {
    assert.deepEqual(ticks(120_000, 2_520_000, 800, 120_000).map((t) => t.label), ['0.0 ms', '0.5 ms', '1.0 ms', '1.5 ms', '2.0 ms']);
    assert.deepEqual(ticks(0, 40_000, 400).map((t) => t.label), ['0 µs', '10 µs', '20 µs', '30 µs', '40 µs']);
    assert.deepEqual(ticks(0, 900, 800).map((t) => t.label).slice(0, 3), ['0 ns', '100 ns', '200 ns']);
  });

  it('reads seconds and minutes on long runs', () => {
    assert.deepEqual(ticks(0, 9e10, 400).map((t) => t.label).slice(0, 3), ['0 s', '20 s', '40 s']);
    assert.deepEqual(ticks(0, 6e11, 400).map((t) => t.label).slice(0, 3), ['0 min', '2 min', '4 min']);
  });

  it('puts ticks at least minPx apart and inside the span', () => {
    const t = ticks(1_000, 51_000, 500, 0, 80);
    assert.ok(t.length >= 3);
    for (let k = 1; k < t.length; k++) assert.ok(((t[k].t - t[k - 1].t) * 500) / 50_000 >= 80);
    assert.ok(t.every((x) => x.t >= 1_000 && x.t <= 51_000));
  });
});

describe('timeline lane layout', () => {
  const o = { minW: 3, charW: 7 };
  it('makes a box as wide as the call took, with a minimum for instant calls', () => {
    const b = layoutBoxes([{ i: 0, ts: 0, dur: 10 }, { i: 1, ts: 100, dur: 5000 }, { i: 2, ts: 9000, dur: 0 }].map((s) => ({ ...s, name: 'read' })), 0, 10, 1000, o);
    assert.deepEqual(b.map((x) => [x.i, x.x, x.w]), [[0, 0, 3], [1, 10, 500], [2, 900, 3]]);
    assert.deepEqual(b.map((x) => x.label), [false, true, false]);
  });

  it('leaves out calls off screen and sub-pixel calls in a column already drawn, but keeps the selected one', () => {
    const spans = Array.from({ length: 100 }, (_, i) => ({ i, ts: i * 10, dur: 1, name: 'write' }));
    const all = layoutBoxes(spans, 0, 100, 5, o);
    assert.ok(all.length <= 5, `${all.length} boxes`);
    assert.ok(layoutBoxes(spans, 0, 100, 5, { ...o, keep: 42 }).some((b) => b.i === 42));
    assert.deepEqual(layoutBoxes(spans, 500, 1, 50, o).map((b) => b.i).slice(0, 2), [50, 51]);
  });
});
