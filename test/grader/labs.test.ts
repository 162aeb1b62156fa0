// Every lab folder is listed, is valid against labs/schema.json, and its README's steps match lab.json.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findLab, lintLab, listLabDirs, loadLabs, loadSchema, promiseProblems, readmeSteps } from '../../grader/labs';
import { validate } from '../../grader/schema-validate';
import { labsDir } from './helpers';

const EXPECTED_ORDER = [
  '01-sockets-are-fds', '02-tcp-echo', '03-tcp-client', '04-udp', '05-ipv6',
  '06-unix-sockets', '07-many-clients', '08-when-calls-fail', '09-poll-server', '10-http',
];

describe('labs', () => {
  const folders = fs.readdirSync(labsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it('lists every lab folder, in course order', () => {
    assert.deepStrictEqual(listLabDirs(labsDir), [...folders].sort());
    assert.deepStrictEqual(loadLabs(labsDir).map((l) => l.spec.id), [...folders].sort());
    assert.deepStrictEqual([...folders].sort(), EXPECTED_ORDER);
  });

  it('finds a lab by id, number or slug', () => {
    assert.strictEqual(findLab('02-tcp-echo', labsDir)?.spec.id, '02-tcp-echo');
    assert.strictEqual(findLab('2', labsDir)?.spec.id, '02-tcp-echo');
    assert.strictEqual(findLab('tcp-echo', labsDir)?.spec.id, '02-tcp-echo');
    assert.strictEqual(findLab('no-such-lab', labsDir), undefined);
  });

  it('says which promise names a check that does not exist, and which check no promise reaches', () => {
    const lab = loadLabs(labsDir).find((l) => l.spec.id === '02-tcp-echo');
    assert.ok(lab);
    const spec = { ...lab.spec, promises: [{ promise: 'It echoes.', checks: ['echo-once', 'no-such-check'] }] };
    const problems = promiseProblems(spec);
    assert.ok(problems.includes('promise "It echoes." names unknown check "no-such-check"'), problems.join('\n'));
    assert.ok(problems.includes('check "echo-all" grades no promise: name it in one of lab.json\'s promises'), problems.join('\n'));
    assert.ok(!problems.some((p) => p.includes('"echo-once" grades no promise')), problems.join('\n'));
    assert.deepStrictEqual(promiseProblems({ ...lab.spec, promises: undefined }).length, 1);
  });

  for (const name of listLabDirs(labsDir)) {
    describe(name, () => {
      const lab = loadLabs(labsDir).find((l) => path.basename(l.dir) === name);

      it('is valid against the schema', () => {
        assert.ok(lab);
        assert.deepStrictEqual(validate(loadSchema(labsDir), lab.spec), []);
      });

      it('has README steps that match lab.json, and every file and cross-reference in place', () => {
        assert.ok(lab);
        const readme = fs.readFileSync(path.join(lab.dir, 'README.md'), 'utf8');
        assert.deepStrictEqual(readmeSteps(readme), lab.spec.steps.map((s) => s.title));
        assert.deepStrictEqual(lintLab(lab, loadSchema(labsDir)), []);
      });

      it('grades every promise its README makes with checks that exist, and every check grades a promise', () => {
        assert.ok(lab);
        assert.ok((lab.spec.promises ?? []).length > 0, 'lab.json lists no promises');
        assert.deepStrictEqual(promiseProblems(lab.spec), []);
      });

      it('keeps the reference solution apart from the starter', () => {
        assert.ok(lab);
        assert.notStrictEqual(lab.spec.solution, lab.spec.starter);
        for (const f of lab.spec.files) {
          const a = fs.readFileSync(path.join(lab.dir, lab.spec.starter, f), 'utf8');
          const b = fs.readFileSync(path.join(lab.dir, lab.spec.solution, f), 'utf8');
          assert.notStrictEqual(a, b, `${f}: the starter is the solution`);
        }
      });
    });
  }

  it('allows {i} (the client number) only inside a clients script', () => {
    const lab = findLab('07-many-clients', labsDir);
    assert.ok(lab);
    assert.deepStrictEqual(lintLab(lab), []);
    const spec = structuredClone(lab.spec);
    const behaviour = spec.grading.checks.find((c) => c.kind === 'behaviour');
    assert.ok(behaviour && behaviour.kind === 'behaviour');
    behaviour.peer = [{ do: 'connect', as: 'c' }, { do: 'send', on: 'c', data: 'I am {i}\n' },
      { do: 'clients', count: 2, script: [{ do: 'send', on: 'c', data: 'client {i}\n' }] }];
    const problems = lintLab({ ...lab, spec });
    assert.strictEqual(problems.length, 1, problems.join('\n'));
    assert.ok(problems.some((p) => /peer\/1: \{i\}.*only means something inside a clients script/.test(p)), problems.join('\n'));
  });
});
