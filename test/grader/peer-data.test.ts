// The bytes a peer action names: text, hex or base64, repeated, with {i} for the client's number.
import * as assert from 'node:assert';
import { bytesOf } from '../../grader/peer-data';

describe('peer data', () => {
  it('reads hex (spaces allowed) and base64 into the exact bytes, NUL and high bytes included', () => {
    assert.deepStrictEqual([...bytesOf({ data: '00 ff 0a e9', encoding: 'hex' })], [0, 255, 10, 233]);
    assert.deepStrictEqual([...bytesOf({ data: 'AP8K', encoding: 'base64' })], [0, 255, 10]);
    assert.throws(() => bytesOf({ data: '0', encoding: 'hex' }), /not hex bytes/);
  });

  it('fills {i} with the client number in text only, and repeats the whole', () => {
    assert.strictEqual(bytesOf({ data: 'client {i}\n', repeat: 2 }, 7).toString('latin1'), 'client 7\nclient 7\n');
    assert.strictEqual(bytesOf({ data: 'client {i}' }).toString('latin1'), 'client {i}');
    assert.strictEqual(bytesOf({ data: '\u00e9\u0000' }).length, 2);
  });
});
