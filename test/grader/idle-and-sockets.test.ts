// The rules that read more than a call's own arguments: idle pauses (calls and CPU in a window), the started
// process left behind by a forked server, every socket non-blocking, a new socket per connect attempt.
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import type { TraceEvent } from '../../common/events';
import { cpuMsBetween, judgeChildrenExit, judgeIdle, judgeReaped, treeTicks, type IdleWindow } from '../../grader/idle';
import { orphanServer } from '../../grader/orphan';
import { evaluateRule } from '../../grader/trace-rules';
import { call, exit, fork } from './helpers';

const spot = (line: number) => ({ site: { file: '/home/student/poll_server.c', line, function: 'main' } });

function windowAround(evs: TraceEvent[], cpuMs?: number): IdleWindow {
  const ts = evs.map((e) => e.ts);
  return { label: 'a client connected and silent', fromNs: Math.min(...ts), toNs: Math.min(...ts) + 300e6, cpuMs };
}

describe('idle pauses', () => {
  it('fails a loop on POLLNVAL, naming the call, its fd, its result and its line', () => {
    const evs: TraceEvent[] = [];
    for (let i = 0; i < 2000; i++) {
      evs.push(call('poll', { fds: [{ fd: 3, events: 'POLLIN', revents: 0 }, { fd: 5, events: 'POLLIN', revents: 'POLLNVAL' }], nfds: 2, timeout: -1 }, 1, spot(40)));
    }
    const r = evaluateRule({ rule: 'idle' }, evs, { idle: [windowAround(evs, 290)] });
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /made 2000 calls and used 290 ms of CPU/);
    assert.match(r.message ?? '', /2000 of them were poll\(.*fd=5.*revents=POLLNVAL.*\) = 1 at poll_server\.c:40/);
    assert.match(r.message ?? '', /take it out of the set/);
    assert.strictEqual(r.blame?.site?.line, 40);
  });

  it('names the recv() that returns 0 rather than the wait that wakes for it', () => {
    const evs: TraceEvent[] = [];
    for (let i = 0; i < 500; i++) {
      evs.push(call('epoll_wait', { epfd: 4, events: [], maxevents: 64, timeout: -1 }, 1, spot(108)));
      evs.push(call('recvfrom', { sockfd: 6, buf: { hex: '', len: 0 }, len: 4096, flags: 0, src_addr: null, addrlen: null }, 0, spot(66)));
    }
    const r = judgeIdle([windowAround(evs)], evs);
    assert.strictEqual(r.pass, false);
    assert.strictEqual(r.blame?.name, 'recvfrom');
    assert.match(r.message ?? '', /500 of them were recvfrom\(6, .*\) = 0 at poll_server\.c:66 \(fd 6\)\. recvfrom\(\) returning 0 means the peer closed/);
  });

  it('passes a program that blocks, and one that wakes on a short poll timeout', () => {
    const blocked = [call('accept', { sockfd: 3, addr: null, addrlen: null }, 4, spot(46))];
    assert.deepStrictEqual(judgeIdle([windowAround(blocked, 0)], blocked), { pass: true });
    const ticking: TraceEvent[] = [];
    for (let i = 0; i < 30; i++) ticking.push(call('poll', { fds: [], nfds: 0, timeout: 10 }, 0, spot(40)));
    assert.deepStrictEqual(judgeIdle([windowAround(ticking, 10)], ticking), { pass: true });
  });

  it('fails a pure CPU loop, which makes no calls, on its CPU time', () => {
    const evs = [call('accept', { sockfd: 3, addr: null, addrlen: null }, 4, spot(46))];
    const r = judgeIdle([windowAround(evs, 280)], evs);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /used 280 ms of CPU/);
  });

  it('fails a run that never reached its pause', () => {
    assert.match(judgeIdle([], []).message ?? '', /never reached the grader's pause/);
  });

  it('counts CPU time per process, a new process from zero', () => {
    assert.strictEqual(cpuMsBetween(new Map([[1, 10], [2, 5]]), new Map([[1, 13], [3, 2]])), 50);
  });

  it('finds the processes under a root in /proc', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const tree = treeTicks(process.pid, true);
      assert.ok(tree.has(process.pid), 'the root itself');
      assert.ok(tree.has(child.pid ?? -1), `the child ${child.pid}`);
      assert.ok(!treeTicks(process.pid, false).has(process.pid), 'the root left out');
    } finally {
      child.kill();
    }
  });
});

describe('the started process stays the server', () => {
  const forkCall = call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 0 }, 3);

  it('fails when it exited by itself while its child kept serving', () => {
    const evs = [forkCall, fork(100, 101), exit(100, 0), call('accept', { sockfd: 3, addr: null, addrlen: null }, 4, { pid: 101, tid: 101 })];
    const o = orphanServer(evs, 1e12);
    assert.ok(o);
    assert.match(o.message, /started \(pid 100\) exited with status 0 while its child \(pid 101\) kept serving/);
  });

  it('passes when the started process runs until the grader stops it, or its child ended first', () => {
    assert.strictEqual(orphanServer([forkCall, fork(100, 101)], 1e12), undefined);
    const done = [forkCall, fork(100, 101), exit(101, 0)];
    assert.strictEqual(orphanServer(done, 1e12), undefined);
    // stopped by the grader: every exit comes after it began stopping
    const stopped = [forkCall, fork(100, 101)];
    const until = Math.max(...stopped.map((e) => e.ts)) + 1;
    assert.strictEqual(orphanServer([...stopped, exit(100, 0), exit(101, 0)], until), undefined);
  });
});

describe('each socket on its own', () => {
  const accepted = () => call('accept', { sockfd: 3, addr: null, addrlen: null }, 5, spot(46));
  const recv = () => call('recvfrom', { sockfd: 5, buf: { hex: '6f6e650a', len: 4 }, len: 4096, flags: 0, src_addr: null, addrlen: null }, 4, spot(66));

  it('fails an accepted socket left blocking, blaming its accept()', () => {
    const evs = [call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 0 }, 3),
      call('fcntl', { fd: 3, cmd: 'F_SETFL', arg: 'O_RDWR|O_NONBLOCK' }, 0), accepted(), recv()];
    const r = evaluateRule({ rule: 'all-nonblocking' }, evs);
    assert.strictEqual(r.pass, false);
    assert.strictEqual(r.blame?.name, 'accept');
    assert.match(r.message ?? '', /accepted socket fd 5 from accept\(\) at poll_server\.c:46 was still blocking when the program called recvfrom/);
  });

  it('passes sockets made non-blocking by fcntl, accept4 or socket', () => {
    const evs = [call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM|SOCK_NONBLOCK', protocol: 0 }, 3),
      call('accept4', { sockfd: 3, addr: null, addrlen: null, flags: 'SOCK_NONBLOCK|SOCK_CLOEXEC' }, 5), recv(),
      call('accept', { sockfd: 3, addr: null, addrlen: null }, 6), call('fcntl', { fd: 6, cmd: 'F_SETFL', arg: 'O_NONBLOCK' }, 0),
      call('recvfrom', { sockfd: 6, buf: { hex: '', len: 0 }, len: 16, flags: 0, src_addr: null, addrlen: null }, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'all-nonblocking' }, evs), { pass: true });
  });

  const sock = (fd: number) => call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 0 }, fd);
  const conn = (fd: number, ok: boolean, line: number) => call('connect', { sockfd: fd, addr: { family: 'AF_INET', addr: '127.0.0.1', port: 5000 }, addrlen: 16 },
    ok ? 0 : -1, { ...(ok ? {} : { errno: 'ECONNREFUSED' }), site: { file: '/s/robust.c', line, function: 'client' } });

  it('fails a connect() again on the socket whose connect() was refused', () => {
    const r = evaluateRule({ rule: 'new-socket-per-connect' }, [sock(3), conn(3, false, 155), conn(3, true, 155)]);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /failed with ECONNREFUSED, and the program called connect\(\) on the same socket again at robust\.c:155/);
  });

  it('passes a new socket per attempt, even when the new one gets the same fd', () => {
    const evs = [sock(3), conn(3, false, 156), call('close', { fd: 3 }, 0), sock(3), conn(3, true, 156)];
    assert.deepStrictEqual(evaluateRule({ rule: 'new-socket-per-connect' }, evs), { pass: true });
  });
});

describe('children of a forking server', () => {
  const pause = (states: string[]): IdleWindow => ({
    label: 'after both clients left', fromNs: 0, toNs: 400e6, cpuMs: 0,
    procs: states.map((state, i) => ({ pid: 200 + i, ppid: i === 0 ? 1 : 200, state })),
  });

  it('fails a zombie child and passes a reaped one', () => {
    assert.match(judgeReaped([pause(['S', 'Z'])]).message ?? '', /\(pid 201\) had exited but was still a zombie/);
    assert.deepStrictEqual(judgeReaped([pause(['S'])]), { pass: true });
    assert.match(judgeReaped([]).message ?? '', /never reached/);
  });

  it('fails a child still running once its client left, and not a zombie for it', () => {
    assert.match(judgeChildrenExit([pause(['S', 'S'])]).message ?? '', /\(pid 201\) still ran/);
    assert.deepStrictEqual(judgeChildrenExit([pause(['S', 'Z'])]), { pass: true });
  });

  const listenAt = () => [call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 0 }, 3),
    call('listen', { sockfd: 3, backlog: 16 }, 0), call('accept', { sockfd: 3, addr: null, addrlen: null }, 4)];
  const inChild = (name: string, args: Record<string, number>, ret: number) => call(name, args, ret, { pid: 101, tid: 101 });

  it('fails a child that never closes the listening socket it inherited', () => {
    const evs = [...listenAt(), fork(100, 101), inChild('recvfrom', { sockfd: 4 }, 0), inChild('close', { fd: 4 }, 0), exit(101, 0)];
    const r = evaluateRule({ rule: 'child-closes-listener' }, evs);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /child process \(pid 101\) never closed its copy of the listening socket \(fd 3\); its first call was recvfrom/);
  });

  it('passes a child that closes it, a worker that accepts on it, and threads', () => {
    const closes = [...listenAt(), fork(100, 101), inChild('close', { fd: 3 }, 0), exit(101, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'child-closes-listener' }, closes), { pass: true });
    const worker = [...listenAt(), fork(100, 101), inChild('accept', { sockfd: 3 }, 5), exit(101, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'child-closes-listener' }, worker), { pass: true });
    const thread = [...listenAt(), fork(100, 100, true), exit(100, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'child-closes-listener' }, thread), { pass: true });
  });
});
