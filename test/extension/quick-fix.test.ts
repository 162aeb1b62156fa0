// The Quick Fixes' edits, on C text alone: SO_REUSEADDR before a bind that met EADDRINUSE, htons() around
// a port written in host byte order.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, callArgs, htonsFix, reuseAddrFix } from '../../extension/editor/quick-fix';
import { findSocketCalls } from '../../extension/editor/source-calls';

const SERVER = `#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(void)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = 8080; /* the port */
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        return 1;
    }
    return listen(lfd, 8);
}
`;

function callAt(text: string, name: string, nth = 0) {
  return findSocketCalls(text).filter((c) => c.name === name)[nth];
}

function reuse(text: string, nth = 0) {
  const c = callAt(text, 'bind', nth);
  return reuseAddrFix(text, c.line, c.column);
}

describe('Quick Fix: SO_REUSEADDR before bind', () => {
  it('inserts setsockopt on the bound socket above the statement, at its indentation', () => {
    const fix = reuse(SERVER)!;
    assert.equal(fix.title, 'Set SO_REUSEADDR on lfd before bind()');
    const out = applyEdits(SERVER, fix.edits);
    assert.match(out, /\n {4}\/\* let bind\(\) take the port .* \*\/\n {4}setsockopt\(lfd, SOL_SOCKET, SO_REUSEADDR, &\(int\)\{1\}, sizeof\(int\)\);\n {4}if \(bind\(lfd,/);
    assert.equal(reuse(out), undefined, 'once set, no second fix');
  });

  it('takes member and array sockets, and binds that are not in an if', () => {
    const src = 'void f(struct srv *s, int *fds) {\n\tbind(s->fd, a, n);\n\tint rc = bind(fds[1], a, n);\n}\n';
    assert.equal(applyEdits(src, reuse(src, 0)!.edits).split('\n')[2], '\tsetsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));');
    assert.match(applyEdits(src, reuse(src, 1)!.edits), /\n\tsetsockopt\(fds\[1\], .*\n\tint rc = bind/);
  });

  it('offers nothing where a line above would change the program or not help', () => {
    const cases = [
      'void f(int fd) {\n    if (ok)\n        bind(fd, a, n);\n}\n',
      'void f(int fd) {\n    if (x) {\n    } else if (bind(fd, a, n) < 0) {}\n}\n',
      'void f(int fd) { x(); if (bind(fd, a, n) < 0) {} }\n',
      'void f(void) { bind(socket(AF_INET, SOCK_STREAM, 0), a, n); }\n',
      'void f(void) {\n    int u = socket(AF_UNIX, SOCK_STREAM, 0);\n    bind(u, a, n);\n}\n',
    ];
    for (const src of cases) assert.equal(reuse(src), undefined, src);
    assert.equal(reuseAddrFix(SERVER, 0, 0), undefined, 'not at a bind');
  });

  it('produces code that compiles', function () {
    const cc = ['cc', 'gcc', 'clang'].find((c) => { try { execFileSync(c, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } });
    if (!cc) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-fix-'));
    try {
      const fixed = applyEdits(applyEdits(SERVER, reuse(SERVER)!.edits), htonsFix(SERVER, callAt(SERVER, 'bind').line, 8080)!.edits);
      fs.writeFileSync(path.join(dir, 'fixed.c'), fixed);
      execFileSync(cc!, ['-std=gnu11', '-Wall', '-Werror', '-c', 'fixed.c', '-o', 'fixed.o'], { cwd: dir, stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Quick Fix: htons around the port', () => {
  const bindLine = callAt(SERVER, 'bind').line;

  it('wraps the value given to sin_port', () => {
    const fix = htonsFix(SERVER, bindLine, 8080)!;
    assert.equal(fix.title, 'Write the port in network byte order: htons(8080)');
    assert.match(applyEdits(SERVER, fix.edits), /addr\.sin_port = htons\(8080\); \/\* the port \*\//);
  });

  it('wraps expressions, designated initialisers and IPv6 ports', () => {
    const a = 'void f(char **argv) {\n  addr.sin_port = (unsigned short)atoi(argv[1]);\n  connect(fd, p, n);\n}\n';
    assert.match(applyEdits(a, htonsFix(a, 2, 8080)!.edits), /sin_port = htons\(\(unsigned short\)atoi\(argv\[1\]\)\);/);
    const b = 'struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = PORT, .sin_addr = { 0 } };\nint g(void) { return bind(fd, p, n); }\n';
    assert.match(applyEdits(b, htonsFix(b, 1, 8080)!.edits), /\.sin_port = htons\(PORT\), \.sin_addr/);
    const c = 'void f(void) {\n  a6.sin6_port = port;\n  bind(fd, p, n);\n}\n';
    assert.match(applyEdits(c, htonsFix(c, 2, 8080)!.edits), /sin6_port = htons\(port\);/);
  });

  it('picks the assignment nearest above the call', () => {
    const src = 'void f(void) {\n  s.sin_port = htons(80);\n  bind(a, p, n);\n  s.sin_port = 8080;\n  connect(b, p, n);\n}\n';
    assert.equal(htonsFix(src, 2, 8080), undefined, 'the bind above already uses htons');
    assert.match(applyEdits(src, htonsFix(src, 4, 8080)!.edits), /s\.sin_port = htons\(8080\);\n {2}connect/);
  });

  it('falls back to the one literal port in the code, never in comments or strings', () => {
    const src = '// port 8080\nint f(void) { struct sockaddr_in a; set_port(&a, 8080); puts("8080"); return bind(fd, p, n); }\n';
    assert.match(applyEdits(src, htonsFix(src, 1, 8080)!.edits), /set_port\(&a, htons\(8080\)\)/);
    assert.equal(htonsFix('int f(void) { g(8080, 8080); return bind(fd, p, n); }\n', 0, 8080), undefined);
    assert.equal(htonsFix('int f(void) { return bind(fd, p, n); }\n', 0, 8080), undefined);
  });
});

describe('call arguments', () => {
  it('splits at top-level commas only', () => {
    const code = 'bind(fd, (struct sockaddr *)&a[f(1, 2)], sizeof a)';
    const args = callArgs(code, 4)!.map(([s, e]) => code.slice(s, e).trim());
    assert.deepEqual(args, ['fd', '(struct sockaddr *)&a[f(1, 2)]', 'sizeof a']);
    assert.equal(callArgs('bind(fd, a', 4), undefined);
  });
});
