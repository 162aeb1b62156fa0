// The extension-host suite (test/extension/host) inside code-server's real extension host: code-server loads
// this folder as an extension under development and the bundled suite as its tests (the web client passes
// both to the host, from the URL's payload, when the server runs with enable-smoke-test-driver). Chromium
// shows the workbench, which starts the host; when the suite ends the workbench calls codeAutomationExit with
// the host's exit code. Each host test then appears here as a test of its own, with its failure.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Test } from 'mocha';
import type { Browser } from 'playwright-core';
import { bundleHostSuite } from '../extension/host/bundle';
import { RESULTS_ENV, type HostResults } from '../extension/host/results';
import { ROOT, startCodeServer, type CodeServer } from './code-server';
import { launchChromium, OUT, skipWithoutWorkbench } from './workbench';

describe('the extension-host suite in code-server', function () {
  this.timeout(600_000);
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let dir: string;
  let exitCode: number | undefined;
  let outcome: HostResults | undefined;
  const log: string[] = [];

  before(async function () {
    skipWithoutWorkbench(this, 'the extension-host suite');
    // the extension as it is in this folder: fresh bundles, the built tracer addon
    execFileSync('npm', ['run', '--silent', 'bundle'], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(fs.existsSync(path.join(ROOT, 'native', 'build', 'Release', 'socklab.node')), 'the tracer addon is not built (npm run build)');
    const suite = await bundleHostSuite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-host-'));
    const ws = path.join(dir, 'workspace');
    fs.mkdirSync(ws);
    const resultsFile = path.join(dir, 'results.json');
    cs = await startCodeServer(null, ws, {}, ['--vscode-option', 'enable-smoke-test-driver']);
    const remote = (p: string) => `vscode-remote://${new URL(cs!.url).host}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(suite)],
      ['extensionEnvironment', JSON.stringify({ [RESULTS_ENV]: resultsFile })],
    ];
    browser = await launchChromium();
    const page = await browser.newPage();
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      log.push(`[${type}] ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    });
    await page.goto(`${cs.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 120_000 });
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([exited, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the extension host did not finish the suite within 540 s')), 540_000);
    })]).finally(() => clearTimeout(timer));
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'host-after-suite.png') });
    if (fs.existsSync(resultsFile)) outcome = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostResults;
    // each host test as a test here, after the one below
    for (const r of outcome?.results ?? []) {
      this.test?.parent?.addTest(new Test(`host: ${r.title}`, () => {
        // a host test that was skipped checked nothing
        if (r.state === 'pending') throw new Error('skipped in the extension host');
        if (r.state === 'failed') {
          // the host's error as it was: its stack starts with its message
          const e = new Error(r.error?.split('\n')[0] ?? 'failed');
          e.stack = r.error ?? e.stack;
          throw e;
        }
      }));
    }
  });

  after(async () => {
    // the workbench's log (the host's console included) and code-server's, for a failure here or in the host
    if (cs) {
      fs.mkdirSync(OUT, { recursive: true });
      fs.writeFileSync(path.join(OUT, 'host-workbench.log'), log.join('\n'));
      fs.writeFileSync(path.join(OUT, 'host-code-server.log'), cs.log());
    }
    await browser?.close();
    await cs?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ran the suite in the extension host, which exited with the suite\'s result', () => {
    const errors = log.filter((l) => l.startsWith('[error]')).slice(-5).join('\n');
    assert.ok(outcome, `the suite wrote no results (host exit code ${exitCode}); last errors in the workbench (all in .test-output/host-workbench.log):\n${errors}`);
    assert.ok(outcome.results.length > 0, 'the suite ran no tests');
    assert.equal(exitCode, outcome.failures > 0 ? 1 : 0, 'the exit code does not match the failures');
    assert.equal(outcome.failures, outcome.results.filter((r) => r.state === 'failed').length);
  });
});
