// Writes grader/lab-json.ts, the TypeScript types of a lab.json, from labs/schema.json, so the grader never
// keeps a copy of the schema's shapes by hand. Run: npm run gen:spec
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const SCHEMA_FILE = path.join(__dirname, '..', 'labs', 'schema.json');
export const SPEC_FILE = path.join(__dirname, '..', 'grader', 'lab-json.ts');

type Node = { [key: string]: unknown };

const BANNER = [
  '// Generated from labs/schema.json by `npm run gen:spec` (scripts/gen-spec.ts): do not edit.',
  '// test/grader/spec-schema.test.ts fails when this file and the schema differ; grader/spec.ts builds on it.',
].join('\n');

/** Names for the shapes the schema writes inline, so that the code can name them too. */
const NAMES: [string[], string][] = [
  [['properties', 'steps', 'items'], 'LabStep'],
  [['properties', 'build'], 'BuildSpec'],
  [['properties', 'program'], 'ProgramSpec'],
  [['properties', 'promises', 'items'], 'LabPromise'],
  [['$defs', 'behaviourCheck', 'properties', 'exit'], 'ExitExpect'],
];

function at(root: Node, keys: string[]): Node {
  return keys.reduce<Node>((n, k) => n[k] as Node, root);
}

/** Drops what only validates and so has no type: if/then (the byte patterns of hex and base64 data, the fields
 * each trace rule requires), and the words beside a $ref (which would make the generator copy the type). */
function typeOnly(n: unknown): unknown {
  if (Array.isArray(n)) return n.map(typeOnly);
  if (typeof n !== 'object' || n === null) return n;
  const o = n as Node;
  if (typeof o.$ref === 'string') return { $ref: o.$ref };
  const out: Node = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'allOf' || k === 'if' || k === 'then') continue;
    out[k] = typeOnly(v);
  }
  return out;
}

/** The schema as the generator reads it: typed parts only, the root and the inline shapes named. */
export function typedSchema(schema: Node): Node {
  const s = typeOnly(schema) as Node;
  const defs = s.$defs as Node;
  delete defs.hexData;
  delete defs.base64Data;
  s.title = 'LabJson';
  for (const [keys, name] of NAMES) at(s, keys).title = name;
  const http = (at(s, ['$defs', 'action', 'oneOf']) as unknown as Node[])
    .find((a) => (at(a, ['properties', 'do']) as Node).const === 'http') as Node;
  at(http, ['properties', 'expect']).title = 'HttpExpect';
  return s;
}

export async function specSource(): Promise<string> {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Node;
  return compile(typedSchema(schema) as JSONSchema, 'LabJson', {
    bannerComment: BANNER,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 120, semi: true, trailingComma: 'all' },
  });
}

if (require.main === module) {
  void specSource().then((text) => {
    fs.writeFileSync(SPEC_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SPEC_FILE)}`);
  });
}
