// The panel's saved UI state read back: column widths kept when they are sizes, dropped when they are not.
import assert from 'node:assert/strict';
import { restoreState } from '../../webview/state';

describe('panel UI state', () => {
  it('keeps the resized columns\' widths and drops what is not a width', () => {
    const s = restoreState({ v: 1, tab: 'events', columns: { seq: 80, ts: 'wide', pid: -3, dur: 1e9, call: 500 } });
    assert.deepEqual(s.columns, { seq: 80 });
  });

  it('starts with no resized columns when the saved state has none', () => {
    assert.deepEqual(restoreState({ v: 1, tab: 'timeline' }).columns, {});
    assert.deepEqual(restoreState(undefined).columns, {});
  });
});
