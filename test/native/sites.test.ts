// Call sites: lines marked `@site NAME` in test/native/c/sites.c are exactly the lines reported.
import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { compileC, markedLines, skipUnlessTracing, ROOT, runCli, syscalls, tmpDir } from '../helpers/native';

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

  // Each new address is asked about once and its event waits in the tracer for the answer, with every event
  // after it: 300 calls from 300 different lines, in a parent and a child that exec's a second program, must
  // all come out, in order, each with its own line.
  it('keeps every event and their order while call sites are being looked up', function () {
    this.timeout(60000);
    const dir = tmpDir();
    const lines = (name: string, n: number) => Array.from({ length: n }, (_, i) =>
      `  { int s = socket(AF_INET, SOCK_DGRAM, 0); close(s); } /* ${name} ${i} */`).join('\n');
    const head = '#include <sys/socket.h>\n#include <sys/wait.h>\n#include <unistd.h>\n';
    const second = compileC(`${head}int main(void) {\n${lines('second', 50)}\n  return 0;\n}\n`, dir, 'second');
    const first = compileC(`${head}int main(void) {\n${lines('first', 250)}
  pid_t c = fork();
  if (c == 0) { execl("${second}", "second", (char *)0); _exit(1); }
  waitpid(c, 0, 0);
  return 0;
}\n`, dir, 'first');
    const r = runCli(['trace', '--', first]);
    assert.strictEqual(r.code, 0, r.stderr);
    const calls = syscalls(r.events).filter((e) => e.name === 'socket');
    assert.strictEqual(calls.length, 300);
    const seqs = syscalls(r.events).map((e) => e.seq);
    assert.deepStrictEqual(seqs, [...seqs].sort((a, b) => a - b), 'events in the order they happened');
    const src = (name: string) => fs.readFileSync(path.join(dir, name + '.c'), 'utf8').split('\n');
    for (const e of calls) {
      assert.ok(e.site, `socket() #${e.seq} has a site`);
      const text = src(path.basename(e.site.file, '.c'))[e.site.line - 1];
      const m = /\/\* (\w+) (\d+) \*\//.exec(text);
      assert.ok(m, `site ${e.site.file}:${e.site.line} is a socket() line`);
    }
    const firstLines = calls.filter((e) => e.site!.file.endsWith('first.c')).map((e) => e.site!.line);
    const secondLines = calls.filter((e) => e.site!.file.endsWith('second.c')).map((e) => e.site!.line);
    assert.deepStrictEqual([firstLines.length, secondLines.length], [250, 50]);
    assert.strictEqual(new Set(firstLines).size, 250, 'each call its own line');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
