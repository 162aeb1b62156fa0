// The lines a failure names besides its call, found in the student's C source with tree-sitter: where sent
// bytes were built (through a send helper's callers), which printf printed a line and where its values came
// from, where the code went after a call returned, a helper's caller told apart by its arguments, the code
// meant to reap children; and the diagnosis that asks for them from one connection's history.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { bytesOrigin } from '../../grader/byte-origin';
import { CSource } from '../../grader/c-source';
import { inForkChild } from '../../grader/c-syntax';
import { pathAfter } from '../../grader/control-path';
import { diagnose } from '../../grader/diagnose';
import { hintLines } from '../../grader/hint-lines';
import { PeerFailure } from '../../grader/peer';
import { missingPrinted, printedBy } from '../../grader/printed-by';
import { call, fork } from './helpers';

const HTTP = `#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, 0);
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}
static void respond(int fd, int status, const char *body)
{
    char head[256];
    int len = snprintf(head, sizeof head,
                       "HTTP/1.1 %d OK\\r\\n"
                       "Content-Length: %zu\\r\\n"
                       "\\r\\n",
                       status, strlen(body) + 1);
    send_all(fd, head, (size_t)len);
    send_all(fd, body, strlen(body));
}
int main(void)
{
    respond(4, 404, "not found\\n");
    respond(4, 200, "hello\\n");
    return 0;
}
`;

const SERVER = `#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>
static void reap(int sig) { (void)sig; while (waitpid(-1, NULL, WNOHANG) > 0) ; }
static void say(int fd, const char *s, size_t n)
{
    write(fd, s, n);
}
static void echo(int fd)
{
    char buf[64];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            send(fd, buf, (size_t)n, 0);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else if (n == 0) {
            continue;
        } else if (check(n)) {
            return;
        }
        close(fd);
        return; /* done */
    }
}
int main(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = reap;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int again = socket(AF_INET, SOCK_STREAM, 0);
    int proto = -1;
    socklen_t len = sizeof proto;
    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len);
    printf("protocol %d of fd %d\\n", proto, fd);
    printf("again %d\\n", again);
    if (fork() == 0)
        echo(fd);
    say(fd, "ping", 4);
    say(fd, "pong", 4);
    return 0;
}
`;

const FORKS = `#include <sys/socket.h>
#include <unistd.h>
static void serve(int fd) { char b[64]; while (recv(fd, b, sizeof b, 0) > 0) ; }
int main(void)
{
    for (;;) {
        int c = accept(3, 0, 0);
        pid_t pid = fork();
        if (pid == 0) {
            serve(c); /* child of ==0 */
            _exit(0);
        }
        serve(c); /* parent */
        if (!pid) serve(c); /* child of ! */
        if (pid > 0) close(c); else serve(c); /* child of else */
        switch (fork()) {
        case 0:
            serve(c); /* child of case 0 */
            break;
        default:
            close(c);
        }
    }
}
`;

const PRINTS = `#include <stdio.h>
#include <unistd.h>
int main(void)
{
    if (fork() == 0) {
        printf("child got %s\\n", "ping");
        _exit(0);
    }
    printf("parent done after %d\\n", 1);
    fflush(stdout);
    _exit(0);
}
`;

let dir: string;
let src: CSource;
const at = (file: string, line: number) => ({ site: { file: path.join(dir, file), line, function: 'f' } });
const hex = (s: string) => ({ hex: Buffer.from(s, 'latin1').toString('hex'), len: s.length });
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('lines found in the source for a failure', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-hints-'));
    fs.writeFileSync(path.join(dir, 'http.c'), HTTP);
    fs.writeFileSync(path.join(dir, 'server.c'), SERVER);
    fs.writeFileSync(path.join(dir, 'forks.c'), FORKS);
    fs.writeFileSync(path.join(dir, 'prints.c'), PRINTS);
    const loaded = await CSource.load(dir, ['http.c', 'server.c', 'forks.c', 'prints.c']);
    assert.ok(loaded, 'the C parser did not load');
    src = loaded;
  });
  after(() => {
    src?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('follows sent bytes back through a send helper to the snprintf piece and argument that wrote a header', () => {
    const sent = call('sendto', { sockfd: 4, buf: hex('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n'), len: 38, flags: 0, dest_addr: null, addrlen: 0 }, 38,
      at('http.c', lineOf(HTTP, 'ssize_t n = send(')));
    const lines = bytesOrigin(src, sent, 'Content-Length');
    assert.deepStrictEqual(lines.map((l) => l.line), [
      lineOf(HTTP, 'int len = snprintf'), lineOf(HTTP, '"Content-Length: %zu'), lineOf(HTTP, 'status, strlen(body) + 1'), lineOf(HTTP, 'send_all(fd, head'),
    ]);
    assert.match(lines[1].note, /writes "Content-Length"/);
    assert.match(lines[2].note, /strlen\(body\) \+ 1 fills its %zu/);
    assert.match(lines[3].note, /send_all\(\) is given the buffer here/);
  });

  it('tells the literal a body came from by the bytes the trace kept, and names no argument for a line\'s shape', () => {
    const body = call('sendto', { sockfd: 4, buf: hex('hello\n'), len: 6, flags: 0, dest_addr: null, addrlen: 0 }, 6, at('http.c', lineOf(HTTP, 'ssize_t n = send(')));
    const lines = bytesOrigin(src, body);
    assert.strictEqual(lines[0].line, lineOf(HTTP, 'respond(4, 200, "hello'));
    assert.match(lines[0].note, /holds the bytes sendto\(\) sent/);
    const head = call('sendto', { sockfd: 4, buf: hex('HTTP/1.1 200 OK\nContent-Length: 7\r\n\r\n'), len: 37, flags: 0, dest_addr: null, addrlen: 0 }, 37,
      at('http.c', lineOf(HTTP, 'ssize_t n = send(')));
    const shape = bytesOrigin(src, head, 'HTTP/1.1 200 OK');
    assert.deepStrictEqual(shape.map((l) => l.line), [lineOf(HTTP, 'int len = snprintf'), lineOf(HTTP, '"HTTP/1.1 %d OK'), lineOf(HTTP, 'send_all(fd, head')]);
  });

  it('names the printf that printed a line, the statement that set its value, and the call the trace shows there', () => {
    const events: TraceEvent[] = [
      call('socket', { domain: 'AF_INET', type: 'SOCK_DGRAM', protocol: 'IPPROTO_IP' }, 3, at('server.c', lineOf(SERVER, 'int fd = socket'))),
      call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_IP' }, 4, at('server.c', lineOf(SERVER, 'int again = socket'))),
      call('getsockopt', { sockfd: 3, level: 'SOL_SOCKET', optname: 'SO_PROTOCOL', optval: 17, optlen: 4 }, 0, at('server.c', lineOf(SERVER, 'getsockopt('))),
    ];
    const p = printedBy(src, 'protocol 17 of fd 3', events);
    assert.deepStrictEqual(p.location, { file: 'server.c', line: lineOf(SERVER, 'printf("protocol') });
    assert.deepStrictEqual(p.related.map((r) => r.line), [lineOf(SERVER, 'getsockopt('), lineOf(SERVER, 'int fd = socket'), lineOf(SERVER, 'int fd = socket')]);
    assert.match(p.related[0].note, /sets proto \(printed as 17\)/);
    assert.match(p.related[1].note, /socket\(AF_INET, SOCK_DGRAM, IPPROTO_IP\) = 3 made fd 3, which getsockopt\(\) asked about/);
    const again = printedBy(src, 'again 4', events);
    assert.match(again.related[1].note, /fd 3 from socket\(\) here was still open, so socket\(\) at server\.c:\d+ got 4/);
    assert.strictEqual(printedBy(src, 'something else entirely', events).location, undefined);
  });

  it('follows the conditions after a call with its result to the statement the code reaches', () => {
    const recv = (ret: number, errno?: string) => call('recvfrom', { sockfd: 5, buf: hex(''), len: 64, flags: 0, src_addr: null, addrlen: null }, ret,
      { ...at('server.c', lineOf(SERVER, 'ssize_t n = recv(')), ...(errno ? { errno } : {}) });
    assert.strictEqual(pathAfter(src, recv(0))?.line, lineOf(SERVER, 'continue;'));
    assert.match(pathAfter(src, recv(0))?.note ?? '', /after recvfrom\(\) returned 0, the code goes here: continue;/);
    assert.strictEqual(pathAfter(src, recv(-1, 'EWOULDBLOCK'))?.line, lineOf(SERVER, 'return;'));
    // n > 0 runs its branch and falls through past the chain; ECONNRESET reaches a condition the trace cannot decide
    assert.strictEqual(pathAfter(src, recv(5))?.line, lineOf(SERVER, 'return; /* done */'));
    assert.strictEqual(pathAfter(src, recv(-1, 'ECONNRESET')), undefined);
  });

  it('names a helper\'s caller only when its arguments tell it from the others, and the code meant to reap children', () => {
    const send = call('sendto', { sockfd: 4, buf: hex('not found\n'), len: 10, flags: 0, dest_addr: null, addrlen: 0 }, 10, at('http.c', lineOf(HTTP, 'ssize_t n = send(')));
    // send_all() is called on two lines with no literal to tell them apart: no caller is named, or the call's own line
    assert.deepStrictEqual(hintLines(src, [{ kind: 'caller', ev: send, note: '{fn} is called here' }], dir), []);
    assert.deepStrictEqual(hintLines(src, [{ kind: 'caller', ev: send, note: '{fn} is called here', otherwise: 'here' }], dir),
      [{ file: 'http.c', line: lineOf(HTTP, 'ssize_t n = send('), note: 'here' }]);
    const write = call('write', { fd: 3, buf: hex('pong'), count: 4 }, 4, at('server.c', lineOf(SERVER, 'write(fd, s, n)')));
    assert.deepStrictEqual(hintLines(src, [{ kind: 'caller', ev: write, note: '{fn} is called here' }], dir),
      [{ file: 'server.c', line: lineOf(SERVER, 'say(fd, "pong"'), note: 'say() is called here' }]);
    const reaper = hintLines(src, [{ kind: 'reaper' }], dir);
    assert.deepStrictEqual(reaper.map((r) => r.line), [lineOf(SERVER, 'sa.sa_handler = reap'), lineOf(SERVER, 'waitpid(')]);
    assert.match(reaper[0].note, /no sigaction\(SIGCHLD, \.\.\.\) installs reap\(\)/);
  });

  it('names the printf of a line the output lacks, and the _exit() after it that throws its buffer away', () => {
    const lost = missingPrinted(src, '^child got ping$');
    assert.deepStrictEqual(lost.location, { file: 'prints.c', line: lineOf(PRINTS, 'child got') });
    assert.deepStrictEqual(lost.related.map((r) => r.line), [lineOf(PRINTS, 'child got'), lineOf(PRINTS, '_exit(0);')]);
    assert.match(lost.related[1].note, /without flushing that buffer: call fflush\(stdout\) before it/);
    // flushed before its _exit(): the line is only said to be printed there
    const flushed = missingPrinted(src, '^parent done after \\d+$');
    assert.deepStrictEqual(flushed.related.map((r) => r.line), [lineOf(PRINTS, 'parent done')]);
    assert.match(flushed.related[0].note, /never ran, or what it printed was lost/);
    assert.deepStrictEqual(missingPrinted(src, '^nothing like it$'), { related: [] });
  });

  it('tells a helper\'s call in the branch only a fork()ed child runs from the one the started process runs', () => {
    const recvIn = call('recvfrom', { sockfd: 4, buf: null, len: 64, flags: 0, src_addr: null, addrlen: null }, 0, at('forks.c', lineOf(FORKS, 'while (recv(')));
    const lines = (inChild?: boolean) => hintLines(src, [{ kind: 'caller', ev: recvIn, note: '{fn} is called here', inChild }], dir).map((r) => r.line);
    assert.deepStrictEqual(lines(false), [lineOf(FORKS, '/* parent */')]);
    // four calls in a child's branch fit as well as each other: none is named
    assert.deepStrictEqual(lines(true), []);
    assert.deepStrictEqual(lines(undefined), []);
    const file = src.file(path.join(dir, 'forks.c'));
    assert.ok(file);
    const serveCalls = src.callersOf('serve').filter((c) => c.file === file);
    const childOnes = serveCalls.filter((c) => inForkChild(c.call)).map((c) => c.call.startPosition.row + 1);
    assert.deepStrictEqual(childOnes, ['/* child of ==0 */', '/* child of ! */', '/* child of else */', '/* child of case 0 */'].map((m) => lineOf(FORKS, m)));
  });

  it('says a program served one client at a time when many were connected at once, and names the helper\'s call', () => {
    const accept = call('accept', { sockfd: 3, addr: null, addrlen: null }, 4, at('forks.c', lineOf(FORKS, 'accept(3')));
    const waiting = call('recvfrom', { sockfd: 4, buf: null, len: 64, flags: 0, src_addr: null, addrlen: null }, 0, at('forks.c', lineOf(FORKS, 'while (recv(')));
    waiting.dur = 1e9;
    const failedAt = waiting.ts + 1000;
    const failure = new PeerFailure('Expected to receive "x"; received nothing.', 'c', 'no-reply', undefined, { clients: 5 });
    const d = diagnose([accept, waiting], failure, undefined, failedAt);
    assert.match(d.text, /served one client at a time: by then it had accepted 1 of the 5 connections, in one process with no thread and no poll\(\), and it was blocked in recvfrom\(4, \.\.\., 64, 0, \.\.\., \.\.\.\) at forks\.c:\d+/);
    assert.strictEqual(d.blame, waiting);
    assert.deepStrictEqual(hintLines(src, d.hints ?? [], dir).map((r) => r.line), [lineOf(FORKS, '/* parent */')]);
    // a process per client, or poll(), is not one at a time, whatever else went wrong
    const child = { ...fork(100, 101), ts: accept.ts + 1 };
    assert.doesNotMatch(diagnose([accept, child, waiting], failure, undefined, failedAt).text, /one client at a time/);
    const poll = { ...call('poll', { fds: [], nfds: 1, timeout: -1 }, 1), ts: accept.ts - 1 };
    assert.doesNotMatch(diagnose([poll, accept, waiting], failure, undefined, failedAt).text, /one client at a time/);
  });

  it('leaves out of the diagnosis what failed after the grader saw the step fail (its connections closing)', () => {
    const accept = call('accept', { sockfd: 3, addr: null, addrlen: null }, 4);
    const reset = call('recvfrom', { sockfd: 4, buf: null, len: 64, flags: 0, src_addr: null, addrlen: null }, -1, { errno: 'ECONNRESET' });
    const failure = new PeerFailure('Expected to receive "x"; received nothing.', 'c', 'no-reply');
    assert.match(diagnose([accept, reset], failure).text, /ECONNRESET/);
    assert.doesNotMatch(diagnose([accept, reset], failure, undefined, reset.ts - 1).text, /ECONNRESET/);
  });

  it('blames the send whose bytes hold what an HTTP failure is about, on the grader\'s own connection', () => {
    const sock = (peer: number) => ({ inode: peer, family: 'AF_INET', type: 'SOCK_STREAM', local: { family: 'AF_INET', addr: '127.0.0.1', port: 8080 },
      peer: { family: 'AF_INET', addr: '127.0.0.1', port: peer } });
    const line = lineOf(HTTP, 'ssize_t n = send(');
    const other = call('sendto', { sockfd: 5, buf: hex('HTTP/1.1 200 OK\r\n'), len: 17, flags: 0, dest_addr: null, addrlen: 0 }, 17, { ...at('http.c', line), sock: sock(40001) } as never);
    const head = call('sendto', { sockfd: 4, buf: hex('HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n'), len: 38, flags: 0, dest_addr: null, addrlen: 0 }, 38,
      { ...at('http.c', line), sock: sock(40002) } as never);
    const body = call('sendto', { sockfd: 4, buf: hex('hello\n'), len: 6, flags: 0, dest_addr: null, addrlen: 0 }, 6, { ...at('http.c', line), sock: sock(40002) } as never);
    const failure = new PeerFailure('Content-Length says 7', undefined, 'http', undefined, { conn: { local: 40002, remote: 8080 }, about: 'Content-Length' });
    const d = diagnose([other, head, body], failure);
    assert.strictEqual(d.blame, head);
    assert.deepStrictEqual(d.hints, [{ kind: 'sent', ev: head, about: 'Content-Length' }]);
    assert.match(d.text, /The trace shows the response sent by sendto\(4, "HTTP\/1\.1 200 OK/);
  });

  it('blames the last close() of a connection a child also held, with the reads before it', () => {
    const sock = { inode: 77, family: 'AF_INET', type: 'SOCK_STREAM', local: { family: 'AF_INET', addr: '127.0.0.1', port: 8080 },
      peer: { family: 'AF_INET', addr: '127.0.0.1', port: 40003 } };
    const s = (e: SyscallEvent, pid: number) => Object.assign(e, { pid, tid: pid, sock });
    const evs: TraceEvent[] = [
      s(call('accept', { sockfd: 3, addr: null, addrlen: null }, 4), 100),
      fork(100, 101),
      s(call('close', { fd: 4 }, 0), 100),
      s(call('recvfrom', { sockfd: 4, buf: hex('one\n'), len: 64, flags: 0, src_addr: null, addrlen: null }, 4), 101),
      s(call('close', { fd: 4 }, 0), 101),
    ];
    const failure = new PeerFailure('Expected to receive "two\\n"; received nothing and then the program closed the connection.', 'c', 'closed', undefined,
      { conn: { local: 40003, remote: 8080 } });
    const d = diagnose(evs, failure);
    assert.strictEqual(d.blame, evs[4]);
    assert.match(d.text, /closed the connection with close\(4\) = 0 at main\.c:\d+ after reading from it once/);
    assert.deepStrictEqual(d.hints?.map((h) => h.kind), ['call', 'after']);
  });
});
