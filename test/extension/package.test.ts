// The packaged extension holds what a student needs and nothing a student must not read: no reference
// solutions. Packs the real .vsix with the same flags as `npm run package` and lists what is inside.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The vsce flags of an npm script (`npm run package`, `npm run package:universal`), without its -o. */
function packageFlags(script = 'package'): string[] {
  const text: string = PKG.scripts[script];
  const vsce = text.slice(text.indexOf('vsce package') + 'vsce package'.length).trim().split(/\s+/);
  const o = vsce.indexOf('-o');
  return o >= 0 ? [...vsce.slice(0, o), ...vsce.slice(o + 2)] : vsce;
}

/** The entries of a zip file, read by Python's zipfile (python3 is on every machine node-gyp builds on). */
function pack(script: string): { entries: string[]; manifest: string; icon: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-vsix-'));
  const vsix = path.join(dir, 'socket-lab.vsix');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', ...packageFlags(script), '-o', vsix],
    { cwd: ROOT, stdio: 'pipe' });
  const entries = zipEntries(vsix).filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
  const manifest = zipRead(vsix, 'extension.vsixmanifest').toString('utf8');
  const icon = zipRead(vsix, `extension/${PKG.icon}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return { entries, manifest, icon };
}

function zipRead(file: string, entry: string): Buffer {
  return execFileSync('python3', ['-c', 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', file, entry]);
}

function zipEntries(file: string): string[] {
  const out = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

describe('the packaged extension', function () {
  this.timeout(120_000);
  let entries: string[] = [];
  let linux: ReturnType<typeof pack>;
  let universal: ReturnType<typeof pack>;

  before(function () {
    for (const need of ['dist/extension.js', 'native/build/Release/socklab.node']) {
      if (!fs.existsSync(path.join(ROOT, need))) throw new Error(`${need} is missing: run npm install first`);
    }
    linux = pack('package');
    universal = pack('package:universal');
    entries = linux.entries;
  });

  it('is publishable: no vsce flag hides a missing license or repository, and the listing has what it needs', () => {
    for (const script of ['package', 'package:universal']) {
      assert.doesNotMatch(PKG.scripts[script], /--skip-license|--allow-missing-repository|--no-rewrite-relative-links|--allow-star-activation/);
    }
    for (const key of ['license', 'repository', 'icon', 'categories', 'keywords', 'publisher', 'displayName', 'description']) assert.ok(PKG[key], key);
    for (const need of ['LICENSE.txt', 'changelog.md', 'readme.md', PKG.icon]) assert.ok(entries.includes(need), `${need} is not in the .vsix`);
    // Marketplace and Open VSX want a 128x128 PNG
    assert.strictEqual(linux.icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepStrictEqual([linux.icon.readUInt32BE(16), linux.icon.readUInt32BE(20)], [128, 128]);
  });

  it('linux-x64 carries the tracer; the universal package has none and works everywhere', () => {
    assert.match(linux.manifest, /TargetPlatform="linux-x64"/);
    assert.ok(linux.entries.includes('native/build/Release/socklab.node'));
    assert.doesNotMatch(universal.manifest, /TargetPlatform=/);
    assert.deepStrictEqual(universal.entries.filter((e) => e.startsWith('native/')), []);
    assert.deepStrictEqual(universal.entries.filter((e) => /(^|\/)solution(\/|$)/.test(e)), []);
    assert.ok(universal.entries.includes('dist/extension.js'));
  });

  it('both carry the setup guide the extension opens where nothing can be traced', () => {
    for (const p of [linux, universal]) assert.ok(p.entries.includes('extension/setup.md'), 'extension/setup.md is not in the .vsix');
  });

  it('vsce ls, with the package\'s ignore files, lists what each package holds', () => {
    // vsce packs README.md (here --readme-path's file), CHANGELOG.md and LICENSE under these names
    const packed: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
    for (const [script, p] of [['package', linux], ['package:universal', universal]] as const) {
      const flags = packageFlags(script);
      const ignore = flags[flags.indexOf('--ignoreFile') + 1];
      const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies', '--ignoreFile', ignore],
        { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const listed = out.split('\n').filter(Boolean).map((f) => packed[f] ?? f).sort();
      assert.deepEqual(listed, [...p.entries].sort(), script);
    }
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
