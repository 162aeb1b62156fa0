// The lab workspace the suites work in, written into the empty folder VS Code opened: lab 2's reference
// solution, a copy that does not compile, one that forgot htons() (each a lab folder, as Open Lab makes them),
// and a C file outside any lab whose socket calls hide in comments and strings. socketLab.port is set, in the
// workspace's settings, to a port that is free now.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'socketlab.socket-lab';

export interface Workspace {
  folder: string;
  solution: vscode.Uri;
  broken: vscode.Uri;
  nohtons: vscode.Uri;
  plain: vscode.Uri;
  /** the reference solution, line by line */
  source: string[];
  port: number;
}

/** A C file outside any lab: one socket() and one close() in code, the rest in comments and strings. */
export const PLAIN_C = `/* Socket calls in comments and strings are no calls: only socket() and close() in main get a lens. */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    /* socket(AF_INET, SOCK_DGRAM, 0) in a block comment */
    // bind(fd, addr, len) in a line comment
    puts("listen(fd, 5) and accept(fd, NULL, NULL) in a string");
    char quote = '(';
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("%c connect(fd) %d\\n", quote, fd);
    close(fd);
    return 0;
}
`;

/** The 0-based line of `text` that holds `needle` (the first one). */
export function lineOf(text: string | string[], needle: string): number {
  const lines = Array.isArray(text) ? text : text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function changed(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the solution has no ${from}`);
  return text.replace(from, to);
}

export async function setUpWorkspace(): Promise<Workspace> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'VS Code opened a folder');
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const solution = fs.readFileSync(path.join(ext.extensionPath, 'labs', '02-tcp-echo', 'solution', 'echo_server.c'), 'utf8');
  const lab = (dir: string, text: string) => {
    fs.mkdirSync(path.join(folder, dir), { recursive: true });
    fs.writeFileSync(path.join(folder, dir, '.socklab-lab.json'), '{"lab":"02-tcp-echo"}\n');
    fs.writeFileSync(path.join(folder, dir, 'echo_server.c'), text);
    return vscode.Uri.file(path.join(folder, dir, 'echo_server.c'));
  };
  fs.mkdirSync(path.join(folder, 'plain'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'plain', 'calls.c'), PLAIN_C);
  const port = await freePort();
  await vscode.workspace.getConfiguration('socketLab').update('port', port, vscode.ConfigurationTarget.Workspace);
  return {
    folder,
    solution: lab('solution', solution),
    broken: lab('broken', changed(solution, 'int lfd = socket(AF_INET, SOCK_STREAM, 0);', 'int lfd = socket(AF_INET, SOCK_STREAM, 0)')),
    nohtons: lab('nohtons', changed(solution, 'addr.sin_port = htons((unsigned short)atoi(argv[1]));', 'addr.sin_port = (unsigned short)atoi(argv[1]);')),
    plain: vscode.Uri.file(path.join(folder, 'plain', 'calls.c')),
    source: solution.split('\n'),
    port,
  };
}
