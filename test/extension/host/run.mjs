// npm run test:vscode: the extension-host suite in desktop VS Code, through @vscode/test-electron (which
// downloads VS Code: for machines with internet access; here the end-to-end suite uses code-server instead).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ws = mkdtempSync(join(tmpdir(), 'socklab-host-'));
cpSync(join(root, 'labs', '02-tcp-echo', 'solution'), ws, { recursive: true });
writeFileSync(join(ws, '.socklab-lab.json'), '{"lab":"02-tcp-echo"}\n');
await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'test', 'extension', 'host', 'suite.cjs'),
  launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
});
