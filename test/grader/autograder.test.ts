// Gradescope's autograder zip: its layout, and its run_autograder run against a fake /autograder (the zip's
// contents in source/, a submission in submission/) with the zip's own CLI bundle and tracer, grading lab 02's
// reference solution to full marks and a known-wrong one to less. setup.sh is not run here: it needs apt on
// Gradescope's image; its syntax is checked.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { autograderCommand, mergeResults } from '../../grader/autograder';
import { loadLab } from '../../grader/labs';
import { validate, type Schema } from '../../grader/schema-validate';
import { unzip } from '../../grader/zip';
import { caseDir, labsDir, repoRoot } from './helpers';
import { quietly } from './quietly';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'gradescope-results.schema.json'), 'utf8')) as Schema;

interface Results { score: number; output: string; tests: { name: string; status: string; score: number; max_score: number }[] }

function assertValid(results: unknown): void {
  assert.deepEqual(validate(schema, results), [], 'results.json does not follow Gradescope\'s format');
}

describe('the Gradescope autograder', function () {
  this.timeout(240_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-gs-test-'));
  const zip = path.join(tmp, 'autograder.zip');
  const lab = loadLab(path.join(labsDir, '02-tcp-echo'));
  const full = lab.spec.grading.checks.reduce((s, c) => s + (c.points ?? 1), 0);
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  before(async function () {
    if (!fs.existsSync(path.join(repoRoot, 'native', 'build', 'Release', 'socklab.node'))) throw new Error('the tracer addon is not built: run npm install first');
    const r = await quietly(() => autograderCommand(['gradescope', '02-tcp-echo', '-o', zip]));
    assert.equal(r.code, 0, r.err);
  });

  /** A fresh fake /autograder: the zip unpacked in source/, the files in submission/. */
  function fakeRoot(name: string, files: Record<string, string>): string {
    const root = path.join(tmp, name);
    unzip(zip, path.join(root, 'source'));
    for (const [rel, from] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, 'submission', rel)), { recursive: true });
      fs.copyFileSync(from, path.join(root, 'submission', rel));
    }
    return root;
  }

  function runAutograder(root: string, env: NodeJS.ProcessEnv = {}): Results {
    const r = spawnSync(path.join(root, 'source', 'run_autograder'), [], {
      cwd: root, encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: root, ...env }, timeout: 200_000,
    });
    assert.equal(r.status, 0, `run_autograder: ${r.stderr}`);
    const results = JSON.parse(fs.readFileSync(path.join(root, 'results', 'results.json'), 'utf8')) as Results;
    assertValid(results);
    return results;
  }

  it('is a zip with setup.sh and run_autograder at its root, executable, and no reference solution', () => {
    const listed = spawnSync('python3', ['-m', 'zipfile', '-l', zip], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const names = listed.stdout.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean);
    for (const need of ['setup.sh', 'run_autograder', 'socklab/dist/cli.js', 'socklab/native/build/Release/socklab.node',
      'socklab/native/binding.gyp', 'socklab/labs/schema.json', 'socklab/labs/02-tcp-echo/lab.json', 'socklab/node_modules/node-addon-api/napi.h']) {
      assert.ok(names.includes(need), `${need} is not in the zip`);
    }
    assert.deepEqual(names.filter((n) => /(^|\/)(solution|starter)(\/|$)/.test(n)), []);
    const root = path.join(tmp, 'listing');
    unzip(zip, root);
    for (const script of ['setup.sh', 'run_autograder']) {
      assert.equal(fs.statSync(path.join(root, script)).mode & 0o111, 0o111, `${script} is not executable`);
      const syntax = spawnSync('bash', ['-n', path.join(root, script)], { encoding: 'utf8' });
      assert.equal(syntax.status, 0, syntax.stderr);
    }
    assert.match(fs.readFileSync(path.join(root, 'run_autograder'), 'utf8'), /^LABS="02-tcp-echo"$/m);
  });

  it('grades the reference solution to full marks, found in the subfolder a submission may add', () => {
    const root = fakeRoot('reference', { 'ada/echo_server.c': path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c') });
    const results = runAutograder(root);
    assert.equal(results.score, full);
    assert.equal(results.tests.length, lab.spec.grading.checks.length);
    assert.deepEqual(results.tests.filter((t) => t.status !== 'passed'), []);
    assert.match(results.output, /subfolder ada/);
  });

  it('grades a known-wrong solution to less, failing the check its mistake breaks', () => {
    const root = fakeRoot('wrong', { 'echo_server.c': path.join(caseDir('02-tcp-echo', 'one-client-only'), 'echo_server.c') });
    const results = runAutograder(root);
    assert.ok(results.score < full, `score ${results.score} of ${full}`);
    const failed = results.tests.filter((t) => t.status === 'failed').map((t) => t.name.split(':')[0]);
    assert.ok(failed.includes('next-client'), `failed: ${failed.join(', ')}`);
  });

  it('writes a report with score 0 and the reason when the setup failed or the grader cannot start', () => {
    const root = fakeRoot('broken', { 'echo_server.c': path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c') });
    const noNode = runAutograder(root, { SOCKLAB_NODE: path.join(tmp, 'no-such-node') });
    assert.equal(noNode.score, 0);
    assert.match(noNode.output, /Node\.js is not installed/);
    const crashed = runAutograder(root, { SOCKLAB_CLI: path.join(tmp, 'no-such-cli.js') });
    assert.equal(crashed.score, 0);
    assert.match(crashed.output, /The grader stopped \(exit status 1\)[^]*Cannot find module/);
    fs.writeFileSync(path.join(root, 'source', 'setup-failed.txt'), 'apt-get could not install "gcc" \\ here\n');
    const setup = runAutograder(root);
    assert.equal(setup.score, 0);
    assert.match(setup.output, /setup failed[^]*could not install "gcc" \\ here/);
  });

  it('merges several labs into one report: scores added, tests numbered and named by lab', () => {
    const one = loadLab(path.join(labsDir, '01-sockets-are-fds'));
    const merged = mergeResults([one, lab], [
      { score: 1, execution_time: 1.4, output: 'a', tests: [{ name: 'x: X', score: 1, max_score: 1, status: 'passed', output: '' }] },
      { score: 0, execution_time: 2.2, output: 'b', tests: [{ name: 'y: Y', score: 0, max_score: 2, status: 'failed', output: 'no' }] },
    ]) as { score: number; execution_time: number; tests: { number: string; name: string }[] };
    assertValid(merged);
    assert.equal(merged.score, 1);
    assert.equal(merged.execution_time, 4);
    assert.deepEqual(merged.tests.map((t) => [t.number, t.name]), [['1.1', '01-sockets-are-fds x: X'], ['2.1', '02-tcp-echo y: Y']]);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await quietly(() => autograderCommand([]))).code, 2);
    assert.equal((await quietly(() => autograderCommand(['gradescope', '02-tcp-echo']))).code, 2);
    assert.equal((await quietly(() => autograderCommand(['gradescope', 'no-such-lab', '-o', path.join(tmp, 'x.zip')]))).code, 2);
    assert.match((await quietly(() => autograderCommand(['gradescope', '--zip']))).err, /unknown option --zip/);
    assert.equal((await quietly(() => autograderCommand(['--help']))).code, 0);
  });
});
