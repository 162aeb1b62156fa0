// The program on a pseudo-terminal (runner/trace.ts `terminal`): a real tty, output as it is written, the
// line discipline's Ctrl-C, the window size, and a flood of output that nobody reads.
import * as assert from 'assert';
import { compileC, tmpDir } from '../helpers/native';
import { startTrace, type TraceRun } from '../../runner/trace';

const SERVER = `
#include <stdio.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
static void winch(int s) { (void)s; struct winsize w; ioctl(1, TIOCGWINSZ, &w); printf("size %d %d\\n", w.ws_col, w.ws_row); }
int main(void) {
  signal(SIGWINCH, winch);
  struct winsize w; ioctl(1, TIOCGWINSZ, &w);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a; memset(&a, 0, sizeof a); a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, (struct sockaddr *)&a, sizeof a); listen(s, 1);
  socklen_t n = sizeof a; getsockname(s, (struct sockaddr *)&a, &n);
  printf("tty %d size %d %d listening on port %d\\n", isatty(1), w.ws_col, w.ws_row, ntohs(a.sin_port));
  for (;;) accept(s, 0, 0);
}`;

const FLOOD = `#include <stdio.h>
int main(void) { for (;;) printf("line of output that nobody reads, again and again\\n"); }`;

function until(run: TraceRun, pattern: RegExp): Promise<string> {
  let text = '';
  return new Promise((resolve) => {
    const on = (d: Buffer) => {
      text += d.toString();
      if (pattern.test(text)) {
        run.terminal!.stream.off('data', on);
        resolve(text);
      }
    };
    run.terminal!.stream.on('data', on);
  });
}

describe('program on a terminal', function () {
  this.timeout(60000);
  const dir = tmpDir();
  const server = compileC(SERVER, dir, 'server');
  const flood = compileC(FLOOD, dir, 'flood');

  it('sees a tty, and its printf before a blocking accept() arrives while it blocks', async () => {
    const run = startTrace({ argv: [server], terminal: { cols: 101, rows: 33 }, sites: false });
    void (async () => { for await (const _ of run.events) { /* drain */ } })();
    const text = await until(run, /listening on port \d+\r\n/);
    assert.match(text, /tty 1 size 101 33 listening/);
    run.terminal!.resize(120, 40);
    assert.match(await until(run, /size 120 40/), /size 120 40/);
    run.terminal!.stream.write('\x03');  // the line discipline: SIGINT to the foreground group
    const end = await run.done;
    assert.equal(end.signal, 'SIGINT');
  });

  it('a flood nobody reads stays in the kernel, and Stop ends it at once', async () => {
    const run = startTrace({ argv: [flood], terminal: { cols: 80, rows: 24 }, sites: false });
    void (async () => { for await (const _ of run.events) { /* drain */ } })();
    run.terminal!.stream.pause();
    await new Promise((r) => setTimeout(r, 1500));
    const rss = process.memoryUsage().rss;
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(process.memoryUsage().rss - rss < 32 << 20, 'memory grew while nobody read the terminal');
    run.stop();
    const end = await run.done;
    assert.equal(end.signal, 'SIGKILL');
    run.terminal!.stream.destroy();
  });
});
