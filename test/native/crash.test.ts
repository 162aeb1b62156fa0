// A program that crashes: the fault's signal event says the address it touched and the line it happened at,
// in the program's own code or at its call into the library that faulted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SignalEvent } from '../../common/events';
import { formatEvent } from '../../common/format';
import { compileC, runCli, tmpDir, tracingUnavailable } from '../helpers/native';

const SOURCE = `#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    close(fd);
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "null") == 0) { int *p = NULL; *p = 1; }                          /* @null */
    if (strcmp(what, "libc") == 0) { printf("%zu\\n", strlen((const char *)8)); }       /* @libc */
    if (strcmp(what, "div") == 0) { volatile int z = 0; printf("%d\\n", 10 / z); }     /* @div */
    if (strcmp(what, "abort") == 0) { abort(); }                                        /* @abort */
    if (strcmp(what, "kill") == 0) { kill(getpid(), SIGSEGV); }
    return 0;
}
`;

describe('crashes', function () {
  this.timeout(60_000);
  let prog = '';
  let dir = '';
  const lineOf = (mark: string) => SOURCE.split('\n').findIndex((l) => l.includes(`@${mark}`)) + 1;
  before(function () {
    const why = tracingUnavailable();
    if (why) throw new Error(why);
    dir = tmpDir();
    prog = compileC(SOURCE, dir, 'crash');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const signalOf = (arg: string): SignalEvent => {
    const r = runCli(['trace', '--', prog, arg]);
    const s = r.events.find((e): e is SignalEvent => e.type === 'signal');
    assert.ok(s, JSON.stringify(r.events.slice(-3)));
    return s;
  };

  it('a NULL write: SIGSEGV at address 0x0, at the line that wrote it', () => {
    const s = signalOf('null');
    assert.equal(s.signal, 'SIGSEGV');
    assert.equal(s.addr, '0x0');
    assert.equal(path.basename(s.site!.file), 'crash.c');
    assert.equal(s.site!.line, lineOf('null'));
    assert.match(formatEvent(s, false), /^--- SIGSEGV \{si_addr=0x0\} --- <crash\.c:\d+ main>$/);
  });

  it('a fault inside the C library is placed at the program\'s call into it', () => {
    const s = signalOf('libc');
    assert.equal(s.addr, '0x8');
    assert.equal(s.site!.line, lineOf('libc'));
  });

  it('a division by zero: SIGFPE at its line', () => {
    const s = signalOf('div');
    assert.equal(s.signal, 'SIGFPE');
    assert.equal(s.site!.line, lineOf('div'));
  });

  it('abort(): SIGABRT at the call of abort()', () => {
    const s = signalOf('abort');
    assert.equal(s.signal, 'SIGABRT');
    assert.equal(s.addr, undefined);
    assert.equal(s.site!.line, lineOf('abort'));
  });

  it('a SIGSEGV sent with kill() is not a fault: no address', () => {
    const s = signalOf('kill');
    assert.equal(s.signal, 'SIGSEGV');
    assert.equal(s.addr, undefined);
    assert.equal(s.site, undefined);
  });
});
