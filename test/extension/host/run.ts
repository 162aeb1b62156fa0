// npm run test:vscode: the extension-host suite in desktop VS Code, through @vscode/test-electron, which
// downloads VS Code (for machines with internet access; without it, npm run test:host runs the same suite in
// code-server's extension host). The folder VS Code opens starts empty: the suite writes its lab files there.
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleHostSuite } from './bundle';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-host-'));
  const ws = path.join(dir, 'workspace');
  fs.mkdirSync(ws);
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: await bundleHostSuite(),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(dir, 'user-data')],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
