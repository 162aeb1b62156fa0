// JSON Schema validation (draft 2020-12) by Ajv, with its errors said in a lab author's words: where in the
// file (a JSON pointer such as /grading/checks/2/peer/0) and what is wrong there.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';

export type Schema = { [key: string]: unknown } | boolean;

export interface SchemaError {
  /** JSON pointer of the value, e.g. /grading/checks/2/peer/0 */
  path: string;
  message: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: Schema): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema);
  let fn = compiled.get(schema);
  if (!fn) {
    // $id is left out: two schemas (or two copies of one) may share it, and Ajv keeps ids globally
    const { $id: _id, ...rest } = schema;
    fn = ajv.compile(rest);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Validates `value` against `schema`; returns every error found (empty when valid). */
export function validate(schema: Schema, value: unknown): SchemaError[] {
  const fn = compile(schema);
  if (fn(value)) return [];
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of fn.errors ?? []) {
    const err = { path: e.instancePath, message: say(e) };
    const key = `${err.path}\n${err.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(err);
  }
  return out;
}

function say(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `must have property "${String(p.missingProperty)}"`;
    case 'additionalProperties': return `has unknown property "${String(p.additionalProperty)}"`;
    case 'unevaluatedProperties': return `has unknown property "${String(p.unevaluatedProperty)}"`;
    case 'pattern': return `${JSON.stringify(e.data)} does not match ${String(p.pattern)}`;
    case 'enum': return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type': return `must be ${String(p.type).replace(/,/g, ' or ')}, is ${typeOf(e.data)}`;
    case 'oneOf': return p.passingSchemas ? 'matches more than one of the allowed shapes' : 'matches none of the allowed shapes';
    case 'anyOf': return 'matches none of the allowed shapes';
    case 'false schema': return 'is not allowed here';
    default: return e.message ?? e.keyword;
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
