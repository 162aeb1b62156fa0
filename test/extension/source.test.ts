// Finding socket calls in C source, and reading the compiler's problems.
import * as assert from 'node:assert/strict';
import { parseCompilerOutput } from '../../extension/run/compiler-output';
import { findSocketCalls } from '../../extension/editor/source-calls';

describe('socket calls in C source', () => {
  it('finds real calls with 0-based positions', () => {
    const src = '#include <sys/socket.h>\nint main(void) {\n    int s = socket(AF_INET, SOCK_STREAM, 0);\n    if (bind (s, a, n) < 0) return 1;\n}\n';
    assert.deepEqual(findSocketCalls(src), [{ name: 'socket', line: 2, column: 12 }, { name: 'bind', line: 3, column: 8 }]);
  });

  it('skips comments, strings, character literals, macros, members and declarations', () => {
    const src = [
      '/* socket(AF_INET) in a comment */',
      '// connect(s) here too',
      '#define OPEN() socket(AF_INET, SOCK_STREAM, 0)',
      '#define LONG(x) \\',
      '    close(x)',
      'static int close(int fd);',
      'void f(struct ops *o) { o->send(1); o.recv(2); puts("listen(3)"); char c = \'(\'; }',
      'int g(void) { return accept(3, 0, 0); }',
    ].join('\n');
    assert.deepEqual(findSocketCalls(src).map((c) => `${c.name}@${c.line}`), ['accept@7']);
  });
});

describe('compiler output', () => {
  it('reads gcc JSON diagnostics with columns and options', () => {
    const out = '[{"kind": "error", "children": [], "locations": [{"finish": {"line": 3, "file": "bad.c", "column": 7}, "caret": {"line": 3, "file": "bad.c", "column": 2}}], "message": "expected \u2018;\u2019 before \u2018return\u2019"}, {"kind": "warning", "locations": [{"caret": {"line": 2, "file": "bad.c", "column": 21}}], "option": "-Wunused-variable", "children": [], "message": "unused variable \u2018x\u2019"}]\n';
    const p = parseCompilerOutput(out);
    assert.equal(p.length, 2);
    assert.deepEqual([p[0].severity, p[0].file, p[0].line, p[0].column, p[0].endColumn], ['error', 'bad.c', 3, 2, 8]);
    assert.deepEqual([p[1].severity, p[1].option], ['warning', '-Wunused-variable']);
  });

  it('reads text diagnostics (clang) and linker errors', () => {
    const out = 's.c:4:9: error: use of undeclared identifier \'y\'\ns.c:4:9: note: did you mean \'x\'?\n/usr/bin/ld: /tmp/cc.o: in function `main\':\ns.c:(.text+0x5): undefined reference to `foo\'\ncollect2: error: ld returned 1 exit status\n';
    const p = parseCompilerOutput(out);
    assert.equal(p.length, 2);
    assert.deepEqual([p[0].line, p[0].column, p[0].related.length], [4, 9, 1]);
    assert.match(p[1].message, /undefined reference to `foo'/);
    assert.equal(p[1].line, undefined);
  });
});
