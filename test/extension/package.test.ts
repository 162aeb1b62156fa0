// The packaged extension holds what a student needs and nothing a student must not read: no reference
// solutions. Packs the real .vsix with the same flags as `npm run package` and lists what is inside.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function packageFlags(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.package;
  const vsce = script.slice(script.indexOf('vsce package') + 'vsce package'.length).trim().split(/\s+/);
  const o = vsce.indexOf('-o');
  return o >= 0 ? [...vsce.slice(0, o), ...vsce.slice(o + 2)] : vsce;
}

/** The entries of a zip file, read by Python's zipfile (python3 is on every machine node-gyp builds on). */
function zipEntries(file: string): string[] {
  const out = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('the packaged extension', function () {
  this.timeout(120_000);
  let entries: string[] = [];

  before(function () {
    for (const need of ['dist/extension.js', 'native/build/Release/socklab.node']) {
      if (!fs.existsSync(path.join(ROOT, need))) throw new Error(`${need} is missing: run npm install first`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-vsix-'));
    const vsix = path.join(dir, 'socket-lab.vsix');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', ...packageFlags(), '-o', vsix],
      { cwd: ROOT, stdio: 'pipe' });
    entries = zipEntries(vsix).filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('contains no reference solution of any lab', () => {
    const leaks = entries.filter((e) => /(^|\/)solution(\/|$)/.test(e));
    assert.deepEqual(leaks, []);
  });

  it('contains every lab a student opens: its lab.json, README and starter files', () => {
    const labs = fs.readdirSync(path.join(ROOT, 'labs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const lab of labs) {
      const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'labs', lab, 'lab.json'), 'utf8'));
      for (const f of ['lab.json', 'README.md', ...spec.files.map((x: string) => `${spec.starter}/${x}`)]) {
        assert.ok(entries.includes(`labs/${lab}/${f}`), `labs/${lab}/${f} is not in the .vsix`);
      }
    }
  });

  it('contains the bundles and the tracer, and no sources, tests or build leftovers', () => {
    for (const need of ['package.json', 'dist/extension.js', 'dist/cli.js', 'dist/webview/panel.js', 'native/build/Release/socklab.node']) {
      assert.ok(entries.includes(need), `${need} is not in the .vsix`);
    }
    const stray = entries.filter((e) => /^(test|grader|runner|cli|common|webview|native\/src|node_modules)\//.test(e) || /\.ts$|\.map$/.test(e));
    assert.deepEqual(stray, []);
  });
});
