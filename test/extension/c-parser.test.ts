// Socket calls found by tree-sitter's C grammar agree with the lexer on real programs and do better where
// only syntax can tell a call from a declaration.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCallFinder, type CallFinder } from '../../extension/editor/c-parser';
import { findSocketCalls, lexSocketCalls, useCallFinder } from '../../extension/editor/source-calls';
import { caseDir, casesDir, listCases } from '../grader/helpers';

const ROOT = path.join(__dirname, '..', '..');

function cFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? cFiles(p) : d.name.endsWith('.c') ? [p] : [];
  });
}

describe('socket calls by the C parser', () => {
  let parse: CallFinder;
  before(async () => {
    parse = await loadCallFinder();
  });
  after(() => useCallFinder(undefined));

  it('finds real calls with 0-based positions, in UTF-16 columns as VS Code counts', () => {
    const src = '#include <sys/socket.h>\nint main(void) {\n    int s = socket(AF_INET, SOCK_STREAM, 0);\n    puts("é€😀"); if (bind (s, a, n) < 0) return 1;\n}\n';
    assert.deepEqual(parse(src), [{ name: 'socket', line: 2, column: 12 }, { name: 'bind', line: 3, column: 22 }]);
  });

  it('skips comments, strings, macro bodies, members and declarations', () => {
    const src = [
      '/* socket(AF_INET) in a comment */',
      '// connect(s) here too',
      '#define OPEN() socket(AF_INET, SOCK_STREAM, 0)',
      '#define LONG(x) \\',
      '    close(x)',
      'static int close(int fd);',
      'pid_t fork(void);',
      'void f(struct ops *o) { o->send(1); o.recv(2); puts("listen(3)"); char c = \'(\'; }',
      'int g(void) { return accept(3, 0, 0); }',
    ].join('\n');
    assert.deepEqual(parse(src).map((c) => `${c.name}@${c.line}`), ['accept@8']);
    assert.ok(lexSocketCalls(src).some((c) => c.name === 'fork'), 'the lexer takes a declaration with an unknown return type for a call');
  });

  it('agrees with the lexer on every lab program and test case', () => {
    const cases = fs.readdirSync(casesDir).flatMap((lab) => listCases(lab).map((m) => caseDir(lab, m)));
    const files = [...cFiles(path.join(ROOT, 'labs')), ...cases.flatMap(cFiles)];
    assert.ok(files.length > 10);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.deepEqual(parse(text), lexSocketCalls(text), path.relative(ROOT, f));
    }
  });

  it('is what findSocketCalls uses once plugged in, and a parser failure falls back to the lexer', () => {
    const src = 'pid_t fork(void);\nint main(void) { return close(0); }\n';
    useCallFinder(parse);
    assert.deepEqual(findSocketCalls(src).map((c) => c.name), ['close']);
    useCallFinder(() => { throw new Error('broken'); });
    assert.deepEqual(findSocketCalls(src).map((c) => c.name), ['fork', 'close']);
    useCallFinder(undefined);
  });

  it('still finds calls in code being typed', () => {
    assert.deepEqual(parse('int main(void) {\n  int s = socket(AF_INET, SOCK_STREAM, 0);\n  if (bind(s, \n').map((c) => c.name), ['socket', 'bind']);
  });

  // C++ goes through the C grammar: what it cannot parse it skips, and the plain calls still get lenses
  it('finds the plain calls in C++ source, not methods or declarations of the same name', () => {
    const src = [
      'namespace net {', // 1
      'template <typename T> class Conn : public Base<T> {',
      '  public:',
      '    explicit Conn(int fd) : fd_(fd) {}',
      '    ~Conn() { ::close(fd_); }', // 5
      '    auto send_all(const std::vector<char> &v) -> ssize_t { return send(fd_, v.data(), v.size(), 0); }',
      '    void close() { file.close(); }',
      '  private:',
      '    int fd_;',
      '};', // 10
      '}',
      'int main() {',
      '    auto f = [&](int s) { return connect(s, nullptr, 0); };',
      '    std::vector<int> v{1, 2};',
      '    int s = socket(AF_INET, SOCK_STREAM, 0);', // 15
      '    if (auto r = listen(s, 5); r < 0) return 1;',
      '}',
    ].join('\n');
    const want = [
      { name: 'close', line: 4, column: 16 }, { name: 'send', line: 5, column: 66 }, { name: 'connect', line: 12, column: 33 },
      { name: 'socket', line: 14, column: 12 }, { name: 'listen', line: 15, column: 17 },
    ];
    assert.deepEqual(parse(src), want);
    assert.deepEqual(lexSocketCalls(src), want);
    for (const f of ['main.cpp', 'server.cpp']) {
      const file = path.join(ROOT, 'test', 'native', 'cpp', f);
      const text = fs.readFileSync(file, 'utf8');
      const marked = text.split('\n').flatMap((l, i) => (/@site \w+/.test(l) ? [i] : []));
      const found = new Set(parse(text).map((c) => c.line));
      for (const line of marked) assert.ok(found.has(line), `${f}:${line + 1} has a lens`);
    }
  });
});

describe('the C parser in the package', () => {
  it('ships the WebAssembly that the bundle loads from dist/', () => {
    const ignore = fs.readFileSync(path.join(ROOT, 'scripts', 'vscodeignore'), 'utf8');
    const build = fs.readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
    for (const wasm of ['tree-sitter.wasm', 'tree-sitter-c.wasm']) {
      assert.match(ignore, new RegExp(`^!dist/${wasm.replace('.', '\\.')}$`, 'm'));
      assert.ok(build.includes(`/${wasm}'`), wasm);
    }
  });
});
