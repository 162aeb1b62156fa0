// Trace rules on recorded event arrays: sequences with captures, the htons hint, sockets closed across
// fork, failed calls handled, short writes completed.
import * as assert from 'node:assert';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import type { CallPattern } from '../../grader/spec';
import { diagnose } from '../../grader/diagnose';
import { PeerFailure } from '../../grader/peer';
import { evaluateRule } from '../../grader/trace-rules';
import { call, exit, fork } from './helpers';

const addr = (port: number) => ({ family: 'AF_INET', addr: '127.0.0.1', port });

const LISTEN_SEQUENCE: CallPattern[] = [
  { call: 'socket', args: { domain: 'AF_INET', type: { flag: 'SOCK_STREAM' } }, capture: { lfd: 'ret' }, describe: 'socket(AF_INET, SOCK_STREAM, 0)' },
  { call: 'bind', args: { sockfd: '$lfd', addr: { fields: { port: 5000 } } }, describe: 'bind() to port 5000' },
  { call: 'listen', args: { sockfd: '$lfd', backlog: { min: 1 } }, describe: 'listen() with a backlog of at least 1' },
  { call: '@accept', args: { sockfd: '$lfd' }, describe: 'accept() on the listening socket' },
];

function server(port: number, backlog: number): TraceEvent[] {
  return [
    call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM|SOCK_CLOEXEC', protocol: 0 }, 3),
    call('bind', { sockfd: 3, addr: addr(port), addrlen: 16 }, 0),
    call('listen', { sockfd: 3, backlog }, 0, { site: { file: '/s/echo.c', line: 31, function: 'main' } }),
    call('accept', { sockfd: 3, addr: null, addrlen: null }, 4),
  ];
}

describe('trace rules', () => {
  it('matches an ordered sequence linked by a captured fd', () => {
    assert.deepStrictEqual(evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, server(5000, 16)), { pass: true });
  });

  it('says which argument is wrong, and where', () => {
    const r = evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, server(5000, 0));
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /Expected listen\(\) with a backlog of at least 1/);
    assert.match(r.message ?? '', /backlog is 0, expected at least 1/);
    assert.match(r.message ?? '', /at echo\.c:31/);
  });

  it('recognises a port with its bytes swapped as a missing htons()', () => {
    const r = evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, server(0x8813, 16));
    assert.match(r.message ?? '', /addr\.port is 34835, expected 5000 \(its two bytes are swapped: did you forget htons\(\)\?\)/);
  });

  it('does not let a failed call stand in for a working one', () => {
    const evs = server(5000, 16);
    evs[1] = call('bind', { sockfd: 3, addr: addr(5000), addrlen: 16 }, -1, { errno: 'EADDRINUSE' });
    const r = evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, evs);
    assert.match(r.message ?? '', /failed with EADDRINUSE/);
  });

  it('counts and forbids calls', () => {
    const evs = server(5000, 16);
    assert.strictEqual(evaluateRule({ rule: 'count', call: { call: '@accept', describe: 'accept()' }, min: 2 }, evs).pass, false);
    assert.strictEqual(evaluateRule({ rule: 'count', call: { call: '@accept', describe: 'accept()' }, min: 1 }, evs).pass, true);
    const absent = evaluateRule({ rule: 'absent', call: { call: 'socket', args: { domain: 'AF_INET' }, describe: 'socket(AF_INET, ...)' } }, evs);
    assert.match(absent.message ?? '', /Expected no socket\(AF_INET, \.\.\.\); the program made socket\(AF_INET/);
  });

  it('finds an accepted socket left open, and forgives one closed after fork', () => {
    const leaky = [...server(5000, 16), call('recvfrom', { sockfd: 4 }, 0), call('accept', { sockfd: 3 }, 5)];
    const r = evaluateRule({ rule: 'closed', which: 'accepted' }, leaky);
    assert.match(r.message ?? '', /accept\(\) at main\.c:\d+ \(fd 4\) was never closed \(2 accepted connections in all/);
    const forked = [...server(5000, 16), fork(100, 101), call('close', { fd: 4 }, 0),
      call('recvfrom', { sockfd: 4 }, 0, { pid: 101 }), exit(101, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'closed', which: 'accepted' }, forked), { pass: true });
  });

  it('reports a failed call whose socket is used anyway', () => {
    const evs = [
      call('socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 0 }, 3),
      call('connect', { sockfd: 3, addr: addr(5000), addrlen: 16 }, -1, { errno: 'ECONNREFUSED', site: { file: 'c.c', line: 20, function: 'main' } }),
      call('sendto', { sockfd: 3, buf: { hex: '6869', len: 2 }, len: 2, flags: 0 }, -1, { errno: 'EPIPE', site: { file: 'c.c', line: 24, function: 'main' } }),
    ];
    const r = evaluateRule({ rule: 'handled' }, evs);
    assert.match(r.message ?? '', /connect\(\) at c\.c:20 failed with ECONNREFUSED, and the program went on to call sendto\(.*\) = -1 EPIPE at c\.c:24/);
    assert.deepStrictEqual(evaluateRule({ rule: 'handled' }, [evs[0], evs[1], call('close', { fd: 3 }, 0)]), { pass: true });
  });

  it('accepts a retry after EINTR and reports a short write never completed', () => {
    const retry = [
      call('recvfrom', { sockfd: 4, len: 100 }, -1, { errno: 'EINTR', injected: 'recvfrom:error=EINTR' }),
      call('recvfrom', { sockfd: 4, len: 100 }, 5),
    ];
    assert.deepStrictEqual(evaluateRule({ rule: 'handled' }, retry), { pass: true });
    const short = [call('sendto', { sockfd: 4, buf: { hex: '68656c6c6f', len: 5 }, len: 5, flags: 0 }, 1, { injected: 'sendto:short=1' })];
    const r = evaluateRule({ rule: 'complete-writes' }, short);
    assert.match(r.message ?? '', /sent 1 of 5 bytes \(a short write the grader injected\), and the program never sent the remaining 4/);
    const looped = [...short, call('sendto', { sockfd: 4, buf: { hex: '656c6c6f', len: 4 }, len: 4, flags: 0 }, 4)];
    assert.deepStrictEqual(evaluateRule({ rule: 'complete-writes' }, looped), { pass: true });
  });

  it('counts the bytes of every iovec of writev and sendmsg, and wants the rest after a short one', () => {
    const iov = [{ hex: '00000005', len: 4 }, { hex: '68656c6c6f', len: 5 }];
    const short = call('writev', { fd: 4, iov, iovcnt: 2 }, 3, { injected: 'short=3' });
    const rest = call('writev', { fd: 4, iov: [{ hex: '05', len: 1 }, { hex: '68656c6c6f', len: 5 }], iovcnt: 2 }, 6);
    assert.deepStrictEqual(evaluateRule({ rule: 'complete-writes' }, [short, rest]), { pass: true });
    const again = call('writev', { fd: 4, iov, iovcnt: 2 }, 9);
    assert.match(evaluateRule({ rule: 'complete-writes' }, [short, again]).message ?? '', /writev\(\) at .* sent 3 of 9 bytes .* rather than the remaining 6 bytes/);
    const msg = (v: typeof iov) => ({ msg_name: null, msg_iov: v, msg_control: null });
    const sm = call('sendmsg', { sockfd: 4, msg: msg(iov), flags: 0 }, 3, { injected: 'short=3' });
    assert.match(evaluateRule({ rule: 'complete-writes' }, [sm]).message ?? '', /sendmsg\(\) at .* sent 3 of 9 bytes .* never sent the remaining 6/);
    const smRest = call('sendmsg', { sockfd: 4, msg: msg([{ hex: '05', len: 1 }, { hex: '68656c6c6f', len: 5 }]), flags: 0 }, 6);
    assert.deepStrictEqual(evaluateRule({ rule: 'complete-writes' }, [sm, smRest]), { pass: true });
  });
});

describe('trace rules: a call a signal interrupted is no failed call', () => {
  const cut = (name: string, args: SyscallEvent['args'], line: number) =>
    call(name, args, 0, { ret: null, restart: 'ERESTARTSYS', site: { file: '/s/echo.c', line, function: 'main' } });
  const stop = (sig: string): TraceEvent => ({ type: 'signal', pid: 100, tid: 100, ts: 0, signal: sig });

  /** a server stopped (kill -STOP) and continued while it waited in accept(), then in recv() */
  function stoppedServer(): TraceEvent[] {
    return [
      ...server(5000, 16).slice(0, 3),
      cut('accept', { sockfd: 3, addr: null, addrlen: null }, 40), stop('SIGSTOP'), stop('SIGCONT'),
      call('accept', { sockfd: 3, addr: null, addrlen: null }, 4, { site: { file: '/s/echo.c', line: 40, function: 'main' } }),
      cut('recvfrom', { sockfd: 4, len: 100 }, 44), stop('SIGUSR1'),
      call('sendto', { sockfd: 4, buf: { hex: '6869', len: 2 }, len: 2, flags: 0 }, 2),
      call('close', { fd: 4 }, 0),
    ];
  }

  it('"handled" does not ask the program to handle ERESTARTSYS, which it never sees', () => {
    // the interrupted calls are no failures: the rule finds no failed call at all (its subject never happened)
    const r = evaluateRule({ rule: 'handled' }, stoppedServer());
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /^No socket call failed in this run/);
    const failed = [...stoppedServer().slice(0, -1), call('sendto', { sockfd: 4, len: 2 }, -1, { errno: 'EPIPE' }), call('close', { fd: 4 }, 0)];
    assert.deepStrictEqual(evaluateRule({ rule: 'handled' }, failed), { pass: true });
  });

  it('a sequence and a count take the restarted call, never the interrupted one', () => {
    assert.deepStrictEqual(evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, stoppedServer()), { pass: true });
    const once = evaluateRule({ rule: 'count', call: { call: '@accept', describe: 'accept()' }, max: 1 }, stoppedServer());
    assert.deepStrictEqual(once, { pass: true });
  });

  it('an interrupted call that was not made again: said to be interrupted, not to have failed', () => {
    const evs = [...server(5000, 16).slice(0, 3), cut('accept', { sockfd: 3, addr: null, addrlen: null }, 40), stop('SIGTERM')];
    const r = evaluateRule({ rule: 'sequence', calls: LISTEN_SEQUENCE }, evs);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /called accept\(3, null, null\) = \? ERESTARTSYS at echo\.c:40, but a signal interrupted it/);
    assert.doesNotMatch(r.message ?? '', /failed|never returned/);
    assert.match(evaluateRule({ rule: 'handled' }, evs).message ?? '', /^No socket call failed in this run/);
  });

  it('the diagnosis of a failed check blames no interrupted call', () => {
    const d = diagnose(stoppedServer().slice(0, 6), new PeerFailure('no reply', 'c1', 'no-reply'));
    assert.match(d.text, /accept\(3, null, null\) = \? ERESTARTSYS at echo\.c:40/);
    assert.doesNotMatch(d.text, /failed|never returned/);
  });
});

describe('trace rules whose subject never happened', () => {
  const nothing: TraceEvent[] = [exit(100, 0)];
  const listening = server(5000, 16).slice(0, 3);

  it('fails "every accepted socket is closed" when nothing was accepted', () => {
    const r = evaluateRule({ rule: 'closed', which: 'accepted' }, listening);
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /No connection was accepted in this run, so there is no accepted socket to close/);
    const failedAccept = [...listening, call('accept', { sockfd: 3 }, -1, { errno: 'EINVAL' })];
    assert.strictEqual(evaluateRule({ rule: 'closed', which: 'accepted' }, failedAccept).pass, false);
  });

  it('fails "every socket is closed" when no socket was made', () => {
    const r = evaluateRule({ rule: 'closed', which: 'all' }, nothing);
    assert.match(r.message ?? '', /made no socket in this run, so there is nothing to close/);
    assert.deepStrictEqual(evaluateRule({ rule: 'closed', which: 'all' }, [call('socket', { domain: 'AF_INET' }, 3), call('close', { fd: 3 }, 0)]),
      { pass: true });
  });

  it('fails "no failed call is ignored" when no call failed', () => {
    const r = evaluateRule({ rule: 'handled' }, server(5000, 16));
    assert.strictEqual(r.pass, false);
    assert.match(r.message ?? '', /No socket call failed in this run, so there is no failure handling to judge/);
    // EAGAIN is how non-blocking sockets say "not yet", not a failure to handle
    const again = [...server(5000, 16), call('recvfrom', { sockfd: 4, len: 10 }, -1, { errno: 'EAGAIN' })];
    assert.strictEqual(evaluateRule({ rule: 'handled' }, again).pass, false);
  });

  it('fails "short writes are completed" when no send was cut short', () => {
    const r = evaluateRule({ rule: 'complete-writes' }, [...server(5000, 16), call('sendto', { sockfd: 4, buf: { hex: '6869', len: 2 }, len: 2 }, 2)]);
    assert.match(r.message ?? '', /No send on a socket was cut short in this run, so there is no short write to complete/);
  });

  it('fails absent and max-only count rules when their given subject is missing', () => {
    const given: CallPattern = { call: '@accept', ret: { min: 0 }, describe: 'accepted connection' };
    const spawn: CallPattern = { call: '@spawn', describe: 'new processes or threads' };
    const none = evaluateRule({ rule: 'count', call: spawn, max: 0, given }, listening);
    assert.match(none.message ?? '', /The run has no accepted connection, so there is nothing for this check to judge/);
    assert.deepStrictEqual(evaluateRule({ rule: 'count', call: spawn, max: 0, given }, server(5000, 16)), { pass: true });
    const udp = { call: 'connect', describe: 'connect() call' };
    const recv: CallPattern = { call: ['recvfrom', 'recvmsg', 'read'], ret: { min: 1 }, describe: 'datagram received' };
    assert.strictEqual(evaluateRule({ rule: 'absent', call: udp, given: recv }, [call('socket', { domain: 'AF_INET' }, 3)]).pass, false);
    assert.deepStrictEqual(evaluateRule({ rule: 'absent', call: udp, given: recv }, [call('recvfrom', { sockfd: 3, len: 10 }, 4)]), { pass: true });
  });
});
