// C++ sources: built with the C++ compiler (C files among them stay C), traced, and their call sites named
// with demangled functions at the lines marked `@site NAME` in test/native/cpp/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { compile, isCxxSource, languageOf } from '../../runner/compile';
import { parseCompilerOutput } from '../../extension/run/compiler-output';
import { CLI, markedLines, ROOT, runCli, skipUnlessTracing, syscalls, tmpDir } from '../helpers/native';

const DIR = path.join(ROOT, 'test', 'native', 'cpp');
const MAIN = path.join(DIR, 'main.cpp');
const SERVER = path.join(DIR, 'server.cpp');

describe('C++ sources', function () {
  let dir: string;
  before(function () {
    skipUnlessTracing(this);
    assert.strictEqual(spawnSync('c++', ['--version']).status, 0, 'no C++ compiler (c++) on PATH: install g++');
    dir = tmpDir();
  });
  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells C++ files by their names, as gcc does', function () {
    for (const f of ['a.cpp', 'a.cc', 'a.cxx', 'a.C', 'a.c++', 'dir.c/b.cpp']) assert.ok(isCxxSource(f), f);
    for (const f of ['a.c', 'a.h', 'a.o', 'a.cpp.txt']) assert.ok(!isCxxSource(f), f);
    assert.strictEqual(languageOf(['a.c', 'b.c']), 'c');
    assert.strictEqual(languageOf(['a.c', 'b.cc']), 'c++');
  });

  it('socklab run a.cpp b.cpp: traced, sites in both files with demangled names', function () {
    const r = runCli(['run', MAIN, SERVER, '--', 'unused-arg']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /undefined reference/);
    const calls = syscalls(r.events);
    const expect: [string, string, string, string][] = [
      [SERVER, 'socket', 'socket', 'ns::Server::start()'],
      [SERVER, 'bind', 'bind', 'ns::Server::start()'],
      [SERVER, 'listen', 'listen', 'ns::Server::start()'],
      [SERVER, 'accept', 'accept', 'ns::Server::serve_one()'],
      [SERVER, 'recv', 'recvfrom', 'ns::Server::serve_one()'],
      [SERVER, 'close', 'close', 'ns::Server::~Server()'],
      [MAIN, 'client_socket', 'socket', 'main'],
      [MAIN, 'connect', 'connect', 'main'],
    ];
    for (const [file, mark, name, fn] of expect) {
      const line = markedLines(file).get(mark)!;
      const hit = calls.filter((e) => e.name === name && e.site?.line === line && e.site.file.endsWith(path.basename(file)));
      assert.ok(hit.length === 1 && hit[0].site!.function === fn,
        `${mark}: expected ${name} at ${path.basename(file)}:${line} in ${fn}, got ${JSON.stringify(calls.map((e) => [e.name, e.site]))}`);
    }
    const send = calls.find((e) => e.name === 'sendto');
    assert.ok(send?.site && send.site.line === markedLines(MAIN).get('send'), JSON.stringify(send?.site));
    assert.match(send.site.function, /^void send_all<std::.*string.*>\(int, .*\)$/, 'a template instance, demangled');
  });

  it('a C file among C++ files is compiled as C', async function () {
    // valid C, not C++: void * converts implicitly, `new` is a plain name
    const c = path.join(dir, 'util.c');
    fs.writeFileSync(c, '#include <stdlib.h>\nint util(void) { int *new = malloc(sizeof *new); *new = 3; int v = *new; free(new); return v; }\n');
    const cpp = path.join(dir, 'use.cpp');
    fs.writeFileSync(cpp, 'extern "C" int util(void);\n#include <cstdio>\nint main() { std::printf("%d\\n", util()); return 0; }\n');
    const out = path.join(dir, 'mixed');
    const r = await compile([cpp, c], { out });
    assert.ok(r.ok, r.output);
    assert.strictEqual(spawnSync(out, { encoding: 'utf8' }).stdout, '3\n');
  });

  it('a C++ compile error: the compiler\'s message, no wall of linker errors, exit 1', function () {
    const bad = path.join(dir, 'bad.cpp');
    fs.writeFileSync(bad, '#include <string>\nint main() { std::string s = "x"; return nosuch(s); }\n');
    const r = spawnSync(process.execPath, [CLI, 'run', bad], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /bad\.cpp:2:\d+: error: .nosuch. was not declared/);
    assert.doesNotMatch(r.stderr, /undefined reference/);
  });

  it('g++\'s JSON diagnostics are read as the extension reads gcc\'s', async function () {
    const bad = path.join(dir, 'warn.cpp');
    fs.writeFileSync(bad, 'int main() {\n  int unused = 1;\n  return missing;\n}\n');
    const r = await compile([bad], { out: path.join(dir, 'warn'), json: true });
    assert.ok(!r.ok);
    const problems = parseCompilerOutput(r.output);
    const err = problems.find((p) => p.severity === 'error');
    assert.ok(err && err.line === 3 && /missing/.test(err.message), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.severity === 'warning' && p.line === 2 && p.option === '-Wunused-variable'), JSON.stringify(problems));
  });

  it('no C++ compiler on PATH says how to get one', function () {
    const src = path.join(dir, 'ok.cpp');
    fs.writeFileSync(src, 'int main() { return 0; }\n');
    const r = spawnSync(process.execPath, [CLI, 'run', src], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /no C\+\+ compiler found \(looked for c\+\+, g\+\+, clang\+\+\)\. Install g\+\+/);
  });
});
