// End to end in a real workbench: the program's own terminal is a pty. A server's printf before accept()
// shows while it waits, an interactive client's prompt shows before it reads the line typed in the terminal,
// and Ctrl-C typed there ends the tree (SIGINT from the line discipline). Every wait is on the workbench's state.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type CodeServer } from './code-server';
import { codeServerWithVsix, skipWithoutWorkbench, Workbench } from './workbench';

const SERVER = `#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
int main(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a; memset(&a, 0, sizeof a); a.sin_family = AF_INET;
  bind(s, (struct sockaddr *)&a, sizeof a); listen(s, 1);
  socklen_t n = sizeof a; getsockname(s, (struct sockaddr *)&a, &n);
  printf("listening on port %d, tty=%d\\n", ntohs(a.sin_port), isatty(1));
  for (;;) { int c = accept(s, 0, 0); if (fork() == 0) { pause(); } close(c); }
}
`;

const CLIENT = `#include <stdio.h>
#include <sys/socket.h>
int main(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0); (void)s;
  char line[100];
  printf("name? ");
  if (!fgets(line, sizeof line, stdin)) return 1;
  printf("hello %s", line);
  return 0;
}
`;

describe("the program's terminal in code-server (end to end)", function () {
  this.timeout(600_000);
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let page: Page;
  let ws: string;

  const terminalText = () => page.locator('.terminal.xterm .xterm-rows').last().innerText().catch(() => '');
  async function waitTerminal(re: RegExp, timeout = 60_000): Promise<void> {
    const until = Date.now() + timeout;
    for (;;) {
      const t = await terminalText();
      if (re.test(t)) return;
      if (Date.now() > until) throw new Error(`terminal never showed ${re}: ${JSON.stringify(t)}`);
      await page.waitForTimeout(250);
    }
  }
  async function typeInTerminal(keys: string): Promise<void> {
    await page.locator('.terminal.xterm').last().click();
    await page.keyboard.type(keys);
  }

  before(async function () {
    skipWithoutWorkbench(this, 'the terminal end-to-end suite');
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-ws-'));
    fs.writeFileSync(path.join(ws, 'server.c'), SERVER);
    fs.writeFileSync(path.join(ws, 'client.c'), CLIENT);
    // the DOM renderer keeps the terminal's text in the page, where the test can read it
    cs = await codeServerWithVsix(ws, { 'terminal.integrated.gpuAcceleration': 'off' });
    wb = await Workbench.open(cs.url, 'e2e-terminal');
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.keepFailure(this.currentTest.title, cs);
  });

  after(async () => {
    await wb?.close();
    await cs?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it("shows a server's line printed before accept() while it waits, on a tty", async () => {
    await wb!.openFile('server.c');
    await wb!.command('Socket Lab: Run and Trace');
    await waitTerminal(/listening on port \d+, tty=1/);
    await wb!.shot('terminal-1-waiting');
  });

  it('Ctrl-C typed in the terminal ends the tree with SIGINT', async () => {
    await page.locator('.terminal.xterm').last().click();
    await page.keyboard.press('Control+C');
    await waitTerminal(/\[server killed by SIGINT\]/);
    await page.locator('.statusbar-item', { hasText: /server killed by SIGINT/ }).first().waitFor({ timeout: 30_000 });
  });

  it('an interactive client prints its prompt first, then reads the line typed in the terminal', async () => {
    await wb!.openFile('client.c');
    await wb!.command('Socket Lab: Run and Trace');
    await waitTerminal(/name\?/);
    await typeInTerminal('sam\n');
    await waitTerminal(/hello sam/);
    await waitTerminal(/\[client exited with 0\]/);
    await wb!.shot('terminal-2-client');
  });

  it("a client lab's Run plays its practice server: the client's reply shows, and how the conversation went", async () => {
    await wb!.command('Socket Lab: Open Lab...', 'A TCP client');
    fs.copyFileSync(path.join(ROOT, 'labs', '03-tcp-client', 'solution', 'client.c'), path.join(ws, '03-tcp-client', 'client.c'));
    await wb!.command('View: Focus First Editor Group');
    await wb!.openFile('03-tcp-client/client.c');
    await wb!.editor().locator('.view-line', { hasText: 'send_all' }).first().waitFor({ timeout: 30_000 });
    await wb!.command('Socket Lab: Run and Trace');
    await waitTerminal(/practice server on 127\.0\.0\.1:\d+/);
    await waitTerminal(/welcome/);
    await waitTerminal(/practice server: the conversation went as the check/);
    await waitTerminal(/\[client exited with 0\]/);
    await wb!.shot('terminal-3-practice');
  });
});
