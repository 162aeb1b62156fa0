// A failed check says what it expected next to what it found (for a side-by-side diff) and, when the trace ties
// it to a call, the student's line: the real grader on known-wrong solutions under test/lab-cases.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bytesText, compareBytes } from '../../grader/comparison';
import { gradeLab, type CheckResult, type GradeResult } from '../../grader/engine';
import { loadLab } from '../../grader/labs';
import { loadRunner } from '../../grader/run-adapter';
import { caseDir, labsDir } from './helpers';

async function grade(lab: string, mistake: string): Promise<GradeResult> {
  const r = await gradeLab(loadLab(path.join(labsDir, lab)), caseDir(lab, mistake));
  assert.ok(r.compile.ok, r.compile.output);
  return r;
}

function check(r: GradeResult, id: string): CheckResult {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  assert.strictEqual(c.status, 'fail', `${id} did not fail: ${c.message}`);
  return c;
}

/** The 1-based line of `file` in that case's solution that holds `text`. */
function lineOf(lab: string, mistake: string, file: string, text: string): number {
  const lines = fs.readFileSync(path.join(caseDir(lab, mistake), file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${file} has no ${text}`);
  return i + 1;
}

describe('bytes as comparison text', () => {
  it('escapes control bytes and bytes past ASCII, keeps a newline as a line break', () => {
    assert.strictEqual(bytesText(Buffer.from([0x41, 0x0d, 0x0a, 0x00, 0x09, 0x5c, 0x1b, 0xff, 0x42])), 'A\\r\\n\n\\0\\t\\\\\\x1b\\xffB');
  });

  it('cuts long bytes to the part around their first difference, the same way on both sides', () => {
    const want = Buffer.alloc(5000, 'a');
    const got = Buffer.concat([Buffer.alloc(3000, 'a'), Buffer.from('b')]);
    const c = compareBytes(want, got);
    assert.match(c.expected, /^\.\.\.a{512}\.\.\.\n\(bytes 2984 to 3496 of 5000\)$/);
    assert.match(c.actual, /^\.\.\.a{16}b\n\(bytes 2984 to 3001 of 3001\)$/);
    // short ones are whole
    assert.deepStrictEqual(compareBytes('ab\r\n', 'ab\n'), { expected: 'ab\\r\\n\n', actual: 'ab\\n\n' });
  });
});

describe('expected and actual in failed checks', function () {
  this.timeout(120_000);
  const runner = loadRunner();
  before(function () {
    if (!runner.traced) assert.fail(`these cases need the tracer: ${runner.why}`);
  });

  it('a forgotten htons(): the port listened on, and the bind() the call sequence wanted next to the one at its line', async () => {
    const r = await grade('02-tcp-echo', 'missing-htons');
    const ready = check(r, 'echo-once');
    const [want, got] = [/port (\d+)$/.exec(ready.expected ?? '')?.[1], /port (\d+)$/.exec(ready.actual ?? '')?.[1]];
    assert.match(ready.expected ?? '', /^listening on TCP port \d+$/);
    assert.match(ready.actual ?? '', /^listening on TCP port \d+$/);
    assert.strictEqual(Number(got), ((Number(want) & 0xff) << 8) | (Number(want) >> 8), 'the actual port is the expected one byte-swapped');

    const seq = check(r, 'listen-calls');
    const bindLine = lineOf('02-tcp-echo', 'missing-htons', 'echo_server.c', 'bind(lfd');
    assert.strictEqual(seq.expected, `bind() of that socket to port ${want}`);
    assert.strictEqual(seq.actual, `bind(3, 127.0.0.1:${got}, 16) = 0 at echo_server.c:${bindLine}\naddr.port is ${got}, expected ${want} ` +
      '(its two bytes are swapped: did you forget htons()?)');
    assert.deepStrictEqual(seq.location, { file: 'echo_server.c', line: bindLine });
    // a check that passed carries none of these
    for (const c of r.checks.filter((x) => x.status === 'pass')) {
      assert.deepStrictEqual([c.expected, c.actual, c.location], [undefined, undefined, undefined], c.id);
    }
  });

  it('a short write left unfinished: the bytes the peer got, escaped, and the send() to blame', async () => {
    const r = await grade('08-when-calls-fail', 'partial-write-ignored');
    const line = lineOf('08-when-calls-fail', 'partial-write-ignored', 'robust.c', 'return send(fd, p, len');
    const peer = check(r, 'short-writes');
    assert.strictEqual(peer.expected, '\\0\\0\\0\\x14twenty bytes of data');
    assert.match(peer.actual ?? '', /^\\0\\0\\0(twe)?$/);
    assert.deepStrictEqual(peer.location, { file: 'robust.c', line });
    const writes = check(r, 'writes-completed');
    assert.strictEqual(writes.expected, 'a sendto() of the remaining 1 bytes');
    assert.match(writes.actual ?? '', new RegExp(`^sendto\\(4, "twenty bytes of data", 20, MSG_NOSIGNAL, null, 0\\) = \\d+.* at robust\\.c:${line}$`));
    assert.deepStrictEqual(writes.location, { file: 'robust.c', line });
  });

  it('an accepted socket never closed: where it was made, closed or not', async () => {
    const r = await grade('02-tcp-echo', 'accepted-never-closed');
    const c = check(r, 'accepted-closed');
    const line = lineOf('02-tcp-echo', 'accepted-never-closed', 'echo_server.c', 'accept(lfd');
    assert.strictEqual(c.expected, `closed: fd 4 from accept() at echo_server.c:${line}`);
    assert.strictEqual(c.actual, `open: fd 4 from accept() at echo_server.c:${line}`);
    assert.deepStrictEqual(c.location, { file: 'echo_server.c', line });
  });

  it('a call that never came: no side-by-side comparison (nothing stands in its place), the message says so at its line', async () => {
    // every close() taken out: the sequence socket(), close(), socket() has no close() at all
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-noclose-'));
    const src = fs.readFileSync(path.join(labsDir, '01-sockets-are-fds', 'solution', 'sockets.c'), 'utf8');
    fs.writeFileSync(path.join(dir, 'sockets.c'), src.replace(/if \(close\(fd\) < 0\) \{/, 'if (0) {').replace(/\bclose\((fd|again)\);/g, ';'));
    const r = await gradeLab(loadLab(path.join(labsDir, '01-sockets-are-fds')), dir);
    fs.rmSync(dir, { recursive: true, force: true });
    const c = check(r, 'socket-close-socket');
    assert.match(c.message ?? '', /The trace has no such close\(\) call there\./);
    assert.deepStrictEqual([c.expected, c.actual], [undefined, undefined]);
    assert.strictEqual(c.location?.file, 'sockets.c');
  });

  it('a request without its newline: the line the server wanted, and the output check against what was printed', async () => {
    const r = await grade('03-tcp-client', 'no-newline');
    const peer = check(r, 'request-reply');
    assert.strictEqual(peer.expected, 'hello from the client\\n\n');
    assert.strictEqual(peer.actual, 'hello from the client');
    const out = check(r, 'prints-reply');
    assert.strictEqual(out.expected, '(a line matching /^welcome$/)');
    assert.strictEqual(typeof out.actual, 'string');
    assert.strictEqual(out.location, undefined);
  });
});
