// The small JSON Schema validator: the subset labs/schema.json uses, with errors that point at the value.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSchema } from '../../grader/labs';
import { validate } from '../../grader/schema-validate';
import { labsDir } from './helpers';

describe('schema validation', () => {
  const schema = loadSchema(labsDir);
  const lab = JSON.parse(fs.readFileSync(path.join(labsDir, '02-tcp-echo', 'lab.json'), 'utf8'));

  it('accepts a real lab', () => {
    assert.deepStrictEqual(validate(schema, lab), []);
  });

  it('rejects a missing field, an unknown field and a bad id', () => {
    const bad = { ...lab, id: 'Two', extra: 1 };
    delete bad.summary;
    const errs = validate(schema, bad).map((e) => `${e.path} ${e.message}`);
    assert.ok(errs.some((e) => /must have property "summary"/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /unknown property "extra"/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /^\/id .*does not match/.test(e)), errs.join('\n'));
  });

  it('explains a bad peer action by the shape it meant', () => {
    const bad = structuredClone(lab);
    bad.grading.checks[0].peer[1] = { do: 'send', on: 'c', dta: 'x' };
    const errs = validate(schema, bad).map((e) => `${e.path} ${e.message}`);
    assert.ok(errs.some((e) => /peer\/1 must have property "data"/.test(e)), errs.join('\n'));
  });

  it('requires calls for a sequence rule and a valid inject spec', () => {
    const bad = structuredClone(lab);
    bad.grading.checks.push({ id: 'x', kind: 'trace', title: 't', on: 'echo-once', rule: 'sequence' });
    bad.grading.checks.push({ id: 'y', kind: 'behaviour', title: 't', peer: [], inject: ['sendto:short'] });
    const errs = validate(schema, bad).map((e) => `${e.path} ${e.message}`);
    assert.ok(errs.some((e) => /must have property "calls"/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /inject\/0 .*does not match/.test(e)), errs.join('\n'));
  });

  it('checks hex and base64 data, and knows expectNothing', () => {
    const bad = structuredClone(lab);
    bad.grading.checks[0].peer[1] = { do: 'send', on: 'c', encoding: 'hex', data: '00 0g' };
    bad.grading.checks[0].peer[2] = { do: 'expect', on: 'c', encoding: 'base64', data: 'not base64!' };
    bad.grading.checks[0].peer.push({ do: 'expectNothing', on: 'c', ms: 100 });
    const errs = validate(schema, bad).map((e) => `${e.path} ${e.message}`);
    assert.ok(errs.some((e) => /peer\/1\/data .*does not match/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /peer\/2\/data .*does not match/.test(e)), errs.join('\n'));
    assert.strictEqual(errs.filter((e) => /peer\/(1|2|4)\b/.test(e) && !/data/.test(e)).length, 0, errs.join('\n'));
    const good = structuredClone(lab);
    good.grading.checks[0].peer[1] = { do: 'send', on: 'c', encoding: 'hex', data: '00 ff 0a' };
    good.grading.checks[0].peer.push({ do: 'expectNothing', on: 'c', ms: 100 });
    assert.deepStrictEqual(validate(schema, good), []);
  });
});
