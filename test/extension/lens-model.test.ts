// What the lenses say about a run, from events shaped as the tracer emits them.
import * as assert from 'node:assert/strict';
import type { SyscallEvent } from '../../common/events';
import { alignCalls } from '../../extension/editor/lens-align';
import { SiteIndex, bytesText, sameFile, summarize } from '../../extension/editor/lens-model';
import { RunResults } from '../../extension/run/run-results';

let seq = 0;
function ev(name: string, args: SyscallEvent['args'], ret: number | null, more: Partial<SyscallEvent> = {}): SyscallEvent {
  return { type: 'syscall', pid: 100, tid: 100, ts: seq * 1000, seq: seq++, dur: 20_000, name, args, ret, site: { file: '/w/s.c', line: 10, function: 'main' }, ...more };
}

describe('lens text', () => {
  it('socket() names the fd, family and type', () => {
    assert.equal(summarize([ev('socket', { domain: 'AF_INET', type: 'SOCK_STREAM|SOCK_CLOEXEC', protocol: 0 }, 3)]), 'socket() -> fd 3 (AF_INET, SOCK_STREAM)');
  });

  it('a failed call shows -1 and the errno', () => {
    assert.equal(summarize([ev('bind', { sockfd: 3, addr: { family: 'AF_INET', addr: '0.0.0.0', port: 8080 }, addrlen: 16 }, -1, { errno: 'EADDRINUSE' })]), 'bind() -> -1 EADDRINUSE');
  });

  it('bind() and accept() show addresses', () => {
    assert.equal(summarize([ev('bind', { sockfd: 3, addr: { family: 'AF_INET', addr: '127.0.0.1', port: 8080 }, addrlen: 16 }, 0)]), 'bind() -> 0 (127.0.0.1:8080)');
    assert.equal(summarize([ev('accept4', { sockfd: 3, addr: { family: 'AF_INET', addr: '127.0.0.1', port: 40000 } }, 4, { dur: 3.1e9 })], 'accept'),
      'accept() -> fd 4 from 127.0.0.1:40000 · blocked 3.1 s');
  });

  it('accept() names the client from the accepted socket when addr is NULL', () => {
    const e = { ...ev('accept', { sockfd: 3, addr: null, addrlen: null }, 4), newsock: { inode: 1, peer: { family: 'AF_INET' as const, addr: '127.0.0.1', port: 49530 } } };
    assert.equal(summarize([e]), 'accept() -> fd 4 from 127.0.0.1:49530');
  });

  it('repeated calls: count, bytes, end of stream and time blocked', () => {
    const recvs = Array.from({ length: 11 }, () => ev('recvfrom', { fd: 4, buf: { hex: '', len: 112 } }, 112, { dur: 0.28e9 }));
    recvs.push(ev('recvfrom', { fd: 4 }, 0, { dur: 0.02e9 }));
    assert.equal(summarize(recvs, 'recv'), 'recv x12 · 1.2 KB · end of stream · blocked 3.1 s');
  });

  it('a call still waiting when the trace ended', () => {
    assert.equal(summarize([ev('accept4', { sockfd: 3 }, null, { unfinished: true })], 'accept'), 'accept() … still waiting when the program ended');
  });

  it('a call a signal interrupted is not a failed call: counted once, by the call made again', () => {
    const cut = (name: string, args: SyscallEvent['args']) => ev(name, args, null, { restart: 'ERESTARTSYS', dur: 1e6 });
    // stopped (kill -STOP) and continued in accept(): the kernel restarts it
    assert.equal(summarize([cut('accept', { sockfd: 3 }), ev('accept', { sockfd: 3 }, 4, { dur: 1e6 })]), 'accept() -> fd 4 · interrupted by a signal');
    // a handler without SA_RESTART: the program saw EINTR, or the signal ended it
    assert.equal(summarize([cut('accept4', { sockfd: 3 })], 'accept'), 'accept() … interrupted by a signal');
    // a kept trace from before `restart` existed: the code was the errno
    assert.equal(summarize([ev('accept', { sockfd: 3 }, -1, { errno: 'ERESTARTSYS' })]), 'accept() … interrupted by a signal');
    const recvs = [ev('recvfrom', { fd: 4 }, 5), cut('recvfrom', { fd: 4 }), ev('recvfrom', { fd: 4 }, 5)];
    const text = summarize(recvs, 'recv');
    assert.equal(text, 'recv x2 · 10 B · interrupted by a signal');
    assert.doesNotMatch(text, /failed|ERESTART/);
  });

  it('the line of an interrupted call gets no failure diagnostic', () => {
    const src = 'int main(void) {\n  int s = socket(AF_INET, SOCK_STREAM, 0);\n  int c = accept(s, 0, 0);\n}\n';
    const r = new RunResults();
    r.start(new Map([['/w/s.c', src]]), 8080);
    const site = { file: '/w/s.c', line: 3, function: 'main' };
    r.add([ev('socket', { domain: 'AF_INET', type: 'SOCK_STREAM' }, 3, { site: { file: '/w/s.c', line: 2, function: 'main' } }),
      ev('accept', { sockfd: 3 }, null, { restart: 'ERESTARTSYS', site })]);
    const [, accept] = r.forDocument('/w/s.c', src);
    assert.equal(accept.text, 'accept() … interrupted by a signal');
    assert.deepEqual(accept.advice, []);
  });

  it('sizes', () => {
    assert.equal(bytesText(12), '12 B');
    assert.equal(bytesText(1229), '1.2 KB');
    assert.equal(bytesText(3 << 20), '3.0 MB');
  });
});

describe('call sites to documents', () => {
  it('matches absolute and relative paths', () => {
    assert.ok(sameFile('/a/b/s.c', '/a/b/s.c'));
    assert.ok(sameFile('s.c', '/a/b/s.c'));
    assert.ok(sameFile('./b/s.c', '/a/b/s.c'));
    assert.ok(!sameFile('/x/s.c', '/a/b/s.c'));
    assert.ok(!sameFile('xs.c', '/a/b/s.c'));
  });

  it('groups events by file and line', () => {
    const idx = new SiteIndex();
    idx.add([ev('socket', {}, 3), ev('close', { fd: 3 }, 0, { site: { file: '/w/s.c', line: 20, function: 'main' } }), ev('close', { fd: 3 }, 0, { site: undefined })]);
    const g = idx.forFile('/w/s.c');
    assert.deepEqual([...g.keys()].sort(), [10, 20]);
  });
});

describe('lenses follow edits', () => {
  const compiled = 'int main(void) {\n  int s = socket(AF_INET, SOCK_STREAM, 0);\n  bind(s, 0, 0);\n  close(s);\n}\n';

  it('aligns calls by name and order', () => {
    const a = [{ name: 'socket', line: 1, column: 0 }, { name: 'bind', line: 2, column: 0 }, { name: 'close', line: 3, column: 0 }];
    const b = [{ name: 'socket', line: 3, column: 0 }, { name: 'listen', line: 4, column: 0 }, { name: 'close', line: 6, column: 0 }];
    assert.deepEqual(alignCalls(a, b), [0, -1, 2]);
  });

  it('moves a result down when lines are added above, and drops it when the call is gone', () => {
    const r = new RunResults();
    r.start(new Map([['/w/s.c', compiled]]), 8080);
    r.add([ev('socket', { domain: 'AF_INET', type: 'SOCK_STREAM' }, 3, { site: { file: '/w/s.c', line: 2, function: 'main' } }),
      ev('bind', { sockfd: 3 }, -1, { errno: 'EINVAL', site: { file: '/w/s.c', line: 3, function: 'main' } })]);
    const edited = '// a comment\n// another\n' + compiled.replace('  bind(s, 0, 0);\n', '');
    const out = r.forDocument('/w/s.c', edited);
    assert.deepEqual(out.map((x) => [x.call.name, x.call.line, x.text]), [
      ['socket', 3, 'socket() -> fd 3 (AF_INET, SOCK_STREAM)'],
      ['close', 4, undefined],
    ]);
    const unchanged = r.forDocument('/w/s.c', compiled);
    assert.equal(unchanged[1].advice[0].code, 'EINVAL');
  });

  it('says the program waits in a call now, until that call returns', () => {
    const src = 'int main(void) {\n  int s = socket(AF_INET, SOCK_STREAM, 0);\n  int c = accept(s, 0, 0);\n  close(s);\n}\n';
    const r = new RunResults();
    r.start(new Map([['/w/s.c', src]]), 8080);
    r.add([ev('socket', { domain: 'AF_INET', type: 'SOCK_STREAM' }, 3, { site: { file: '/w/s.c', line: 2, function: 'main' } })]);
    const site = { file: '/w/s.c', line: 3, function: 'main' };
    r.blocked({ pid: 100, tid: 100, ts: 5, name: 'accept', site });
    assert.deepEqual(r.forDocument('/w/s.c', src).map((x) => x.text), [
      'socket() -> fd 3 (AF_INET, SOCK_STREAM)', 'accept() … waiting now', undefined]);
    r.add([ev('accept', { sockfd: 3 }, 4, { site, tid: 100, dur: 2e9 })]);
    assert.equal(r.forDocument('/w/s.c', src)[1].text, 'accept() -> fd 4 · blocked 2.0 s');
    // waiting again, after one that returned
    r.blocked({ pid: 100, tid: 100, ts: 9, name: 'accept', site });
    assert.equal(r.forDocument('/w/s.c', src)[1].text, 'accept() -> fd 4 · blocked 2.0 s … waiting now');
    r.add([{ type: 'exit', pid: 100, ts: 10, code: 0 }]);
    assert.equal(r.forDocument('/w/s.c', src)[1].waiting, false);
  });
});

