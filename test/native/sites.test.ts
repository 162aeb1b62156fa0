// Call sites: lines marked `@site NAME` in test/native/c/sites.c are exactly the lines reported.
import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import { execFileSync, spawnSync } from 'child_process';
import * as net from 'net';
import type { TraceEvent } from '../../common/events';
import { compileC, markedLines, readJsonl, skipUnlessTracing, spawnCli, ROOT, runCli, syscalls, tmpDir } from '../helpers/native';

const SRC = path.join(ROOT, 'test', 'native', 'c', 'sites.c');
const RUST_SRC = path.join(ROOT, 'test', 'native', 'rust', 'sites.rs');

/** Every marked call of sites.c is reported at its line, in its function. */
function checkSites(events: TraceEvent[]): void {
  const marks = markedLines(SRC);
  const calls = syscalls(events);
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
}

/** rustc from PATH or rustup's default place, or undefined. */
function findRustc(): string | undefined {
  const home = process.env.HOME ?? '/root';
  for (const c of ['rustc', path.join(process.env.CARGO_HOME ?? path.join(home, '.cargo'), 'bin', 'rustc')]) {
    if (spawnSync(c, ['--version']).status === 0) return c;
  }
  return undefined;
}

describe('call sites', function () {
  before(function () {
    skipUnlessTracing(this);
  });

  it('takes no stale return address for the live one: a select() after helpers called fcntl(), and one still waiting at the end', async function () {
    this.timeout(30_000);
    const dir = tmpDir('socklab-stale-');
    try {
      const exe = compileC('stale_sites.c', dir, 'stale_sites');
      const trace = path.join(dir, 'trace.jsonl');
      const child = spawnCli(['trace', '--format', 'jsonl', '--out', trace, '--', exe]);
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ready (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        void exited.then(() => reject(new Error('the server ended before it was ready')));
      });
      // one client after another: each accept() is followed by the helpers' fcntl() calls, then select()
      for (let i = 0; i < 4; i++) {
        await new Promise<void>((resolve, reject) => {
          const c = net.connect(port, '127.0.0.1', () => c.write('hi\n'));
          c.once('data', () => c.end());
          c.on('close', () => resolve());
          c.on('error', reject);
        });
      }
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGTERM');
      await exited;
      const selects = syscalls(readJsonl(trace), 'pselect6');
      assert.ok(selects.length >= 8, `only ${selects.length} pselect6 calls traced`);
      assert.ok(selects[selects.length - 1].ret === null, 'the last select() was still waiting');
      const want = markedLines(path.join(ROOT, 'test', 'native', 'c', 'stale_sites.c')).get('select');
      assert.deepStrictEqual(selects.map((e) => `${e.site?.function}:${e.site?.line}`), selects.map(() => `main:${want}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the line, file and function of each call, through libc wrappers, threads and pointers', function () {
    const r = runCli(['run', SRC]);
    assert.strictEqual(r.code, 0, r.stderr);
    checkSites(r.events);
  });

  // Linkers lay segments out differently: lld starts the text in the middle of a file page that is mapped
  // twice (readable, then executable), GNU ld page-aligns it or not (-z separate-code); a fixed-address or
  // static program has no load bias, and a static one has libc's code in its own text.
  const layouts: [string, string[]][] = [
    ['lld', ['-fuse-ld=lld']],
    ['lld, -no-pie', ['-fuse-ld=lld', '-no-pie']],
    ['GNU ld, -no-pie', ['-no-pie']],
    ['GNU ld, -z separate-code', ['-Wl,-z,separate-code']],
    ['GNU ld, -z noseparate-code', ['-Wl,-z,noseparate-code']],
    ['static', ['-static']],
    ['static-pie', ['-static-pie']],
  ];
  for (const [name, flags] of layouts) {
    it(`names the same lines in a program linked with ${name}`, function () {
      const dir = tmpDir();
      try {
        let exe: string;
        try {
          exe = compileC('sites.c', dir, 'sites', ['-gdwarf-4', ...flags]);
        } catch (e) {
          const err = String((e as { stderr?: Buffer }).stderr ?? e);
          // static linking needs glibc's static library (libc6-dev ships it); say so instead of passing
          if (flags.some((f) => f.startsWith('-static')) && /cannot find -l|libc\.a/.test(err)) {
            console.log(`    skipped: no static C library here (${err.trim().split('\n')[0]})`);
            this.skip();
          }
          throw e;
        }
        const r = runCli(['trace', '--', exe]);
        assert.strictEqual(r.code, 0, r.stderr);
        checkSites(r.events);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  // Rust's socket calls go through std (its own frames, with line info of std's sources) and rustc links with
  // lld: the site is the line of the .rs file that called into std.
  it('names the lines of a Rust program in its .rs file', function () {
    this.timeout(120000);
    const rustc = findRustc();
    assert.ok(rustc, 'rustc is missing: install Rust (rustup) to run this test; the call sites of Rust programs are checked with it');
    const dir = tmpDir();
    try {
      const exe = path.join(dir, 'sites');
      execFileSync(rustc, ['-g', '--edition', '2021', '-o', exe, RUST_SRC], { stdio: 'pipe' });
      const r = runCli(['trace', '--', exe]);
      assert.strictEqual(r.code, 0, r.stderr);
      const marks = markedLines(RUST_SRC);
      const calls = syscalls(r.events);
      const expect: [string, string[], string][] = [
        ['bind', ['socket', 'bind', 'listen'], 'sites::main'],
        ['connect', ['connect'], 'sites::main'],
        ['accept', ['accept4', 'accept'], 'sites::serve'],
        ['write', ['sendto', 'write'], 'sites::main'],
        ['read', ['recvfrom', 'read'], 'sites::main'],
        ['send_to', ['sendto'], 'sites::main'],
      ];
      for (const [mark, names, fn] of expect) {
        const want = marks.get(mark)!;
        const here = calls.filter((e) => names.includes(e.name) && e.site?.line === want);
        assert.ok(here.length > 0 && here.every((e) => e.site!.file.endsWith('sites.rs') && e.site!.function === fn),
          `${mark}: expected ${names.join('/')} at sites.rs:${want} in ${fn}, got ${JSON.stringify(calls.map((e) => [e.name, e.site]))}`);
      }
      // every socket call is placed in the program's own file, none in std's sources
      const sock = calls.filter((e) => e.sock);
      assert.ok(sock.length >= 10, `socket calls traced: ${sock.length}`);
      for (const e of sock) assert.ok(e.site && e.site.file.endsWith('sites.rs'), `${e.name} site: ${JSON.stringify(e.site)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
