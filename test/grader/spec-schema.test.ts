// The grader's lab.json types come from the schema: grader/lab-json.ts is generated from labs/schema.json
// (npm run gen:spec), and this fails when the two drift apart.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { SCHEMA_FILE, SPEC_FILE, specSource, typedSchema } from '../../scripts/gen-spec';

describe('the lab.json types', () => {
  it('grader/lab-json.ts is what labs/schema.json generates (else run npm run gen:spec)', async () => {
    assert.equal(fs.readFileSync(SPEC_FILE, 'utf8'), await specSource());
  });

  it('are generated from every property the schema has, only the validating if/then left out', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { $defs: Record<string, unknown> };
    const typed = typedSchema(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'))) as typeof schema;
    const props = (n: unknown, at: string, out: Set<string>): Set<string> => {
      if (Array.isArray(n)) n.forEach((x, i) => props(x, `${at}/${i}`, out));
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'if' || k === 'then' || k === 'allOf') continue;
          if (k === 'properties') for (const p of Object.keys(v as object)) out.add(`${at}/${p}`);
          props(v, `${at}/${k}`, out);
        }
      }
      return out;
    };
    const validating = (p: string) => p.startsWith('/$defs/hexData/') || p.startsWith('/$defs/base64Data/');
    assert.deepEqual([...props(typed, '', new Set())].sort(), [...props(schema, '', new Set())].filter((p) => !validating(p)).sort());
    assert.deepEqual(Object.keys(typed.$defs).sort(), Object.keys(schema.$defs).filter((k) => k !== 'hexData' && k !== 'base64Data').sort());
  });
});
