// A grade failure's message in the editor: a short first line beside the code, the whole text below it.
import assert from 'node:assert/strict';
import { editorMessage, SUMMARY_MAX } from '../../extension/testing/grade-report';

describe('grade failure messages in the editor', () => {
  const long = 'Expected bind() after socket() at server.c:49. The program called bind() at server.c:59, but listen() '
    + 'came first, so the socket was already bound to an ephemeral port; move bind() before listen() and give it the port '
    + 'the lab names (8080).';

  it('puts the first sentence on the first line and keeps every word of the message after it', () => {
    const m = editorMessage(long);
    const [first, blank, ...rest] = m.split('\n');
    assert.equal(first, 'Expected bind() after socket() at server.c:49.');
    assert.equal(blank, '');
    assert.equal(rest.join('\n'), long);
  });

  it('cuts a long first sentence at a word, with an ellipsis, and still keeps the whole text', () => {
    const words = 'The server sent back a reply that differs from what the client wrote to it over the loopback connection at byte 17 of 40';
    const m = editorMessage(`${words}\nexpected "hello" but found "hellp"`);
    const first = m.split('\n')[0];
    assert.ok(first.length <= SUMMARY_MAX, first);
    assert.ok(first.endsWith('…'), first);
    assert.ok(words.startsWith(first.slice(0, -1)), first);
    assert.ok(m.endsWith(`${words}\nexpected "hello" but found "hellp"`));
  });

  it('leaves a short one-line message as it is', () => {
    assert.equal(editorMessage('listen() was never called'), 'listen() was never called');
  });

  it('leaves a many-line message whose first line is short as it is', () => {
    assert.equal(editorMessage('Output differs.\nexpected: a\nactual: b'), 'Output differs.\nexpected: a\nactual: b');
  });
});
