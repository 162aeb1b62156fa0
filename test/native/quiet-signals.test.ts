// A signal the program ignores (SIGWINCH from a terminal resize, SIGCHLD, SIGURG with no handler) interrupts
// a traced call only because the tracer must see it; untraced, the kernel discards it and the call goes on.
// So the trace shows no interruption and no signal: one call, as long as it really waited. A signal the
// program catches is shown, interruption and all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { SyscallEvent } from '../../common/events';
import { compileC, runCli, syscalls, tmpDir, tracingUnavailable } from '../helpers/native';

const SOURCE = `#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static void on_winch(int s) { (void)s; }
int main(int argc, char **argv) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    if (argc > 1 && strcmp(argv[1], "caught") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_winch;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGWINCH, &sa, 0);
    }
    pid_t parent = getpid();
    if (fork() == 0) {
        usleep(150000);
        kill(parent, SIGWINCH);
        usleep(150000);
        write(sv[1], "x", 1);
        _exit(0);
    }
    char c;
    return recv(sv[0], &c, 1, 0) == 1 ? 0 : 1;
}
`;

describe('signals the program ignores', function () {
  this.timeout(60_000);
  let dir = '';
  let prog = '';
  before(function () {
    const why = tracingUnavailable();
    if (why) throw new Error(why);
    dir = tmpDir();
    prog = compileC(SOURCE, dir, 'winch');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const parentRecvs = (events: ReturnType<typeof runCli>['events']): SyscallEvent[] => {
    const root = events.find((e) => e.type === 'exec')!.pid;
    return syscalls(events, 'recvfrom').filter((e) => e.pid === root);
  };

  it('a SIGWINCH with no handler: no interruption, no signal, one recv as long as the wait', () => {
    const r = runCli(['trace', '--', prog]);
    assert.equal(r.code, 0, r.stderr);
    const recvs = parentRecvs(r.events);
    assert.deepEqual(recvs.map((e) => [e.ret, e.restart]), [[1, undefined]], JSON.stringify(recvs));
    assert.ok(recvs[0].dur > 250_000_000, `the recv waited ${recvs[0].dur} ns`);
    assert.equal(r.events.filter((e) => e.type === 'signal' && e.signal === 'SIGWINCH').length, 0);
  });

  it('a SIGWINCH the program catches: the interruption, the signal and the restarted call', () => {
    const r = runCli(['trace', '--', prog, 'caught']);
    assert.equal(r.code, 0, r.stderr);
    const recvs = parentRecvs(r.events);
    assert.deepEqual(recvs.map((e) => [e.ret, e.restart]), [[null, 'ERESTARTSYS'], [1, undefined]], JSON.stringify(recvs));
    assert.equal(r.events.filter((e) => e.type === 'signal' && e.signal === 'SIGWINCH').length, 1);
  });
});
