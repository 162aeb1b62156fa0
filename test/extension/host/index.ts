// The extension-host suite's entry: VS Code (desktop through @vscode/test-electron, or code-server's host
// through test/e2e/host.e2e.ts) loads the bundle of this file as extensionTestsPath and calls run(). The tests
// run with mocha inside the host; each outcome goes to $SOCKLAB_HOST_RESULTS, and a failure rejects run(),
// which makes the host exit with code 1.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import { activationTests } from './activation.host';
import { doctorTests } from './doctor.host';
import { editorTests } from './editor.host';
import { failureTests } from './failure.host';
import { gradeTests } from './grade.host';
import { RESULTS_ENV, type HostTestResult } from './results';
import { runTests } from './run.host';
import { setUpWorkspace, type Workspace } from './workspace';

function defineSuites(): void {
  describe('Socket Lab in the extension host', () => {
    const ws = {} as Workspace;
    before(async () => Object.assign(ws, await setUpWorkspace()));
    activationTests(ws);
    editorTests(ws);
    runTests(ws);
    failureTests(ws);
    gradeTests(ws);
    doctorTests();
  });
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  // defines describe/it/before for this "file", as mocha does before it requires a test file
  mocha.suite.emit('pre-require', globalThis, 'extension-host suite', mocha);
  defineSuites();
  const results: HostTestResult[] = [];
  // titles without the root suite's, which every test shares
  const title = (t: Mocha.Runnable) => t.titlePath().slice(1).join(' › ');
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.push({ title: title(t), state: 'passed' }));
    runner.on('pending', (t) => results.push({ title: title(t), state: 'pending' }));
    runner.on('fail', (t, err: Error) => results.push({ title: title(t), state: 'failed', error: err?.stack ?? String(err) }));
  });
  const out = process.env[RESULTS_ENV];
  if (out) fs.writeFileSync(out, JSON.stringify({ results, failures }, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed`);
}
