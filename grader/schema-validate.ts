// JSON Schema validation (draft 2020-12) by Ajv, with its errors said in a lab author's words: where in the
// file (a JSON pointer such as /grading/checks/2/peer/0) and what is wrong there.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';

export type Schema = { [key: string]: unknown } | boolean;

export interface SchemaError {
  /** JSON pointer of the value, e.g. /grading/checks/2/peer/0 */
  path: string;
  message: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** A schema compiled once; `defs` are the root's, for a branch of it compiled on its own. */
function compile(schema: Schema, defs?: unknown): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema);
  let fn = compiled.get(schema);
  if (!fn) {
    // $id is left out: two schemas (or two copies of one) may share it, and Ajv keeps ids globally
    const { $id: _id, ...rest } = schema;
    fn = ajv.compile(defs ? { ...rest, $defs: defs } : rest);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Validates `value` against `schema`; returns every error found (empty when valid). */
export function validate(schema: Schema, value: unknown): SchemaError[] {
  const fn = compile(schema);
  if (fn(value)) return [];
  const defs = typeof schema === 'object' ? schema.$defs : undefined;
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const e of closest(fn.errors ?? [], defs, '')) {
    const err = { path: e.instancePath, message: say(e) };
    const key = `${err.path}\n${err.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(err);
  }
  return out;
}

/**
 * A value that fits none of a oneOf's shapes gets errors from every shape; an author wants those of the shape
 * they meant. So the outermost such value is validated against each shape alone, and only the errors of the
 * closest are kept (the fewest, a wrong `do` or `kind` tag counting as many), refined the same way inside.
 */
function closest(errors: ErrorObject[], defs: unknown, prefix: string): ErrorObject[] {
  const within = (path: string, at: string) => path === at || path.startsWith(`${at}/`);
  const unions = errors.filter((e) => Array.isArray(e.schema) &&
    ((e.keyword === 'oneOf' && !(e.params as { passingSchemas?: unknown }).passingSchemas) || e.keyword === 'anyOf'));
  // the outermost failed unions: each value that fits none of its shapes, not inside another such value
  const outer = unions.filter((u) => !unions.some((o) => o !== u && o.instancePath !== u.instancePath && within(u.instancePath, o.instancePath)));
  const ats = [...new Set(outer.map((u) => u.instancePath))];
  const out = errors
    .filter((e) => e.keyword !== 'if' && !ats.some((at) => within(e.instancePath, at)))
    .map((e) => ({ ...e, instancePath: prefix + e.instancePath }));
  for (const at of ats) {
    const u = outer.find((o) => o.instancePath === at)!;
    out.push(...closestShape(u, defs).map((e) => ({ ...e, instancePath: prefix + at + e.instancePath })));
  }
  return out;
}

/** The errors of the value of a failed union against the shape it comes closest to (none if one fits). */
function closestShape(u: ErrorObject, defs: unknown): ErrorObject[] {
  const cost = (list: ErrorObject[]) => list.reduce((n, e) => n + (e.keyword === 'const' && e.instancePath.split('/').length === 2 ? 100 : 1), 0);
  let best: ErrorObject[] | undefined;
  for (const shape of u.schema as Schema[]) {
    const fn = compile(shape, defs);
    if (fn(u.data)) return [];
    const errs = closest(fn.errors ?? [], defs, '');  // the shape's own errors, its inner unions refined
    if (!best || cost(errs) < cost(best)) best = errs;
  }
  return best ?? [];
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
