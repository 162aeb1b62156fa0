// The labs and grade commands: exit statuses (0 pass, 1 a check failed, 2 usage or setup), report files,
// and batch grading with its summary CSV.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeBatch } from '../../grader/batch';
import { gradeCommand, labsCommand } from '../../grader/commands';
import { gradeLab } from '../../grader/engine';
import { loadLab } from '../../grader/labs';
import { caseDir, labsDir } from './helpers';
import { quietly } from './quietly';

describe('commands', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-cmd-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('labs lists every lab and checks them', async () => {
    const r = await quietly(() => labsCommand(['--check']));
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /^01-sockets-are-fds +Sockets are file descriptors/m);
    const j = await quietly(() => labsCommand(['--format', 'json']));
    assert.ok((JSON.parse(j.out) as unknown[]).length >= 10);
  });

  it('exits 2 on usage errors', async () => {
    assert.strictEqual((await quietly(() => gradeCommand([]))).code, 2);
    assert.strictEqual((await quietly(() => gradeCommand(['no-such-lab']))).code, 2);
    assert.strictEqual((await quietly(() => gradeCommand(['02', '--format', 'pdf']))).code, 2);
    assert.strictEqual((await quietly(() => gradeCommand(['02', path.join(tmp, 'missing')]))).code, 2);
    assert.strictEqual((await quietly(() => labsCommand(['--format']))).code, 2);
    const unknown = await quietly(() => gradeCommand(['02', '--formt', 'json']));
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.err, /^socklab: unknown option --formt\nusage: socklab grade/);
    const noValue = await quietly(() => gradeCommand(['02', '--out']));
    assert.strictEqual(noValue.code, 2);
    assert.match(noValue.err, /--out/);
    const help = await quietly(() => gradeCommand(['--help']));
    assert.strictEqual(help.code, 0);
    assert.match(help.out, /--batch SUBMISSIONS/);
  });

  it('exits 0 for the reference solution and 1 for a wrong one, writing the report asked for', async () => {
    const out = path.join(tmp, 'results.json');
    const ok = await quietly(() => gradeCommand(['02', path.join(labsDir, '02-tcp-echo', 'solution'), '--no-isolation', '--format', 'gradescope', '--out', out]));
    assert.strictEqual(ok.code, 0, ok.err);
    assert.ok((JSON.parse(fs.readFileSync(out, 'utf8')) as { tests: unknown[] }).tests.length > 0);
    const bad = await quietly(() => gradeCommand(['02', caseDir('02-tcp-echo', 'one-client-only'), '--no-isolation', '--format', 'tap']));
    assert.strictEqual(bad.code, 1);
    assert.match(bad.out, /not ok \d+ - next-client/);
  });

  it('grades a folder of submissions with one report each and a summary CSV', async () => {
    const subs = path.join(tmp, 'subs');
    for (const [name, from] of [['ada', path.join(labsDir, '02-tcp-echo', 'solution')], ['bob', caseDir('02-tcp-echo', 'no-listen')]]) {
      fs.mkdirSync(path.join(subs, name), { recursive: true });
      fs.copyFileSync(path.join(from, 'echo_server.c'), path.join(subs, name, 'echo_server.c'));
    }
    const lab = loadLab(path.join(labsDir, '02-tcp-echo'));
    const outDir = path.join(tmp, 'reports');
    const summary = await gradeBatch(subs, { jobs: 2, format: 'junit', outDir, worker: (dir) => gradeLab(lab, dir) });
    assert.deepStrictEqual(summary.rows.map((r) => [r.name, r.result?.passed]), [['ada', true], ['bob', false]]);
    assert.ok(fs.existsSync(path.join(outDir, 'ada.xml')) && fs.existsSync(path.join(outDir, 'bob.xml')));
    const csv = fs.readFileSync(summary.csvPath, 'utf8').trim().split('\n');
    assert.strictEqual(csv[0], 'submission,passed,score,max_score,checks_passed,checks_failed,checks_skipped,failed_checks,seconds,error');
    assert.match(csv[1], /^ada,true,/);
    assert.match(csv[2], /^bob,false,\d+,\d+,\d+,[1-9]/);
  });
});
