// Call sites: lines marked `@site NAME` in test/native/c/sites.c are exactly the lines reported.
import * as assert from 'assert';
import * as path from 'path';
import { markedLines, skipUnlessTracing, ROOT, runCli, syscalls } from '../helpers/native';

const SRC = path.join(ROOT, 'test', 'native', 'c', 'sites.c');

describe('call sites', function () {
  before(function () {
    skipUnlessTracing(this);
  });

  it('names the line, file and function of each call, through libc wrappers, threads and pointers', function () {
    const r = runCli(['run', SRC]);
    assert.strictEqual(r.code, 0, r.stderr);
    const marks = markedLines(SRC);
    const calls = syscalls(r.events);
    const at = (name: string, pred: (n: string) => boolean) => calls.filter((e) => pred(e.name)).map((e) => e.site);
    const expect: [string, (n: string) => boolean, string][] = [
      ['pair', (n) => n === 'socketpair', 'make_pair'],
      ['socket', (n) => n === 'socket', 'main'],
      ['bind', (n) => n === 'bind', 'main'],
      ['write', (n) => n === 'write', 'main'],
      ['read', (n) => n === 'read', 'main'],
      ['thread_send', (n) => n === 'sendto' && true, 'worker'],
      ['raw', (n) => n === 'getsockname', 'main'],
      ['close', (n) => n === 'close', 'main'],
    ];
    for (const [mark, pred, fn] of expect) {
      const sites = at(mark, pred);
      assert.ok(sites.length > 0, `no ${mark} call traced`);
      const want = marks.get(mark)!;
      assert.ok(sites.some((s) => s && s.line === want && s.function === fn && s.file.endsWith('sites.c')),
        `${mark}: expected sites.c:${want} in ${fn}, got ${JSON.stringify(sites)}`);
    }
    const sends = calls.filter((e) => e.name === 'sendto').map((e) => e.site?.line);
    assert.deepStrictEqual(sends.sort(), [marks.get('thread_send'), marks.get('fnptr')].sort());
    const recvs = calls.filter((e) => e.name === 'recvfrom').map((e) => e.site?.line);
    assert.deepStrictEqual(recvs, [marks.get('recv'), marks.get('loop'), marks.get('loop'), marks.get('loop')]);
  });
});
