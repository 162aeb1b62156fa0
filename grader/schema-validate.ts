// A small JSON Schema validator for the subset labs/schema.json uses (draft 2020-12 keywords,
// local $refs only). It exists so lab.json files are checked without a runtime dependency.

export type Schema = { [key: string]: unknown } | boolean;

export interface SchemaError {
  /** JSON pointer-like path of the value, e.g. /grading/checks/2/peer/0 */
  path: string;
  message: string;
}

const KNOWN = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'properties', 'required',
  'additionalProperties', 'items', 'enum', 'const', 'pattern', 'minimum', 'maximum', 'minItems',
  'minLength', 'minProperties', 'oneOf', 'anyOf', 'allOf', 'if', 'then',
]);

/** Validates `value` against `root`; returns every error found (empty when valid). */
export function validate(root: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(root, root, value, '', errors);
  return errors;
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  return typeOf(v) === t;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function check(root: Schema, schema: Schema, v: unknown, path: string, out: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ path, message: 'is not allowed here' });
    return;
  }
  const s = schema as Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (!KNOWN.has(k)) throw new Error(`schema keyword not supported by this validator: ${k}`);
  }
  if (typeof s.$ref === 'string') check(root, resolveRef(root, s.$ref), v, path, out);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(v, t))) {
      out.push({ path, message: `must be ${types.join(' or ')}, is ${typeOf(v)}` });
      return;
    }
  }
  if (s.enum && !(s.enum as unknown[]).some((e) => deepEqual(e, v))) {
    out.push({ path, message: `must be one of ${(s.enum as unknown[]).map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if ('const' in s && !deepEqual(s.const, v)) out.push({ path, message: `must be ${JSON.stringify(s.const)}` });
  if (typeof v === 'string') checkString(s, v, path, out);
  if (typeof v === 'number') checkNumber(s, v, path, out);
  if (Array.isArray(v)) checkArray(root, s, v, path, out);
  if (typeOf(v) === 'object') checkObject(root, s, v as Record<string, unknown>, path, out);
  checkCombinators(root, s, v, path, out);
}

function checkString(s: Record<string, unknown>, v: string, path: string, out: SchemaError[]): void {
  if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) {
    out.push({ path, message: `${JSON.stringify(v)} does not match ${s.pattern}` });
  }
  if (typeof s.minLength === 'number' && [...v].length < s.minLength) {
    out.push({ path, message: `must have at least ${s.minLength} characters` });
  }
}

function checkNumber(s: Record<string, unknown>, v: number, path: string, out: SchemaError[]): void {
  if (typeof s.minimum === 'number' && v < s.minimum) out.push({ path, message: `must be >= ${s.minimum}` });
  if (typeof s.maximum === 'number' && v > s.maximum) out.push({ path, message: `must be <= ${s.maximum}` });
}

function checkArray(root: Schema, s: Record<string, unknown>, v: unknown[], path: string, out: SchemaError[]): void {
  if (typeof s.minItems === 'number' && v.length < s.minItems) {
    out.push({ path, message: `must have at least ${s.minItems} items` });
  }
  if (s.items !== undefined) v.forEach((item, i) => check(root, s.items as Schema, item, `${path}/${i}`, out));
}

function checkObject(
  root: Schema, s: Record<string, unknown>, v: Record<string, unknown>, path: string, out: SchemaError[],
): void {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  for (const name of (s.required ?? []) as string[]) {
    if (!(name in v)) out.push({ path, message: `must have property "${name}"` });
  }
  if (typeof s.minProperties === 'number' && Object.keys(v).length < s.minProperties) {
    out.push({ path, message: `must have at least ${s.minProperties} properties` });
  }
  for (const [name, value] of Object.entries(v)) {
    if (name in props) check(root, props[name], value, `${path}/${name}`, out);
    else if (s.additionalProperties === false) out.push({ path, message: `has unknown property "${name}"` });
    else if (s.additionalProperties !== undefined) {
      check(root, s.additionalProperties as Schema, value, `${path}/${name}`, out);
    }
  }
}

function checkCombinators(root: Schema, s: Record<string, unknown>, v: unknown, path: string, out: SchemaError[]): void {
  for (const sub of (s.allOf ?? []) as Schema[]) check(root, sub, v, path, out);
  if (s.if !== undefined && validateInto(root, s.if as Schema, v, path).length === 0 && s.then !== undefined) {
    check(root, s.then as Schema, v, path, out);
  }
  if (s.anyOf) {
    const tries = (s.anyOf as Schema[]).map((sub) => validateInto(root, sub, v, path));
    if (!tries.some((errs) => errs.length === 0)) out.push(...closest(root, s.anyOf as Schema[], tries, v, path));
  }
  if (s.oneOf) {
    const tries = (s.oneOf as Schema[]).map((sub) => validateInto(root, sub, v, path));
    const passing = tries.filter((errs) => errs.length === 0).length;
    if (passing === 0) out.push(...closest(root, s.oneOf as Schema[], tries, v, path));
    else if (passing > 1) out.push({ path, message: 'matches more than one of the allowed shapes' });
  }
}

function validateInto(root: Schema, schema: Schema, v: unknown, path: string): SchemaError[] {
  const errs: SchemaError[] = [];
  check(root, schema, v, path, errs);
  return errs;
}

/** The branch a value meant (its const discriminator matches, e.g. "do": "send") gives the errors to show. */
function closest(root: Schema, branches: Schema[], tries: SchemaError[][], v: unknown, path: string): SchemaError[] {
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    for (let i = 0; i < branches.length; i++) {
      const consts = discriminators(root, branches[i]);
      const keys = Object.keys(consts);
      if (keys.length > 0 && keys.every((k) => deepEqual(obj[k], consts[k]))) return tries[i];
    }
  }
  const fewest = tries.reduce((a, b) => (b.length < a.length ? b : a));
  return tries.length === 1 ? fewest : [{ path, message: 'matches none of the allowed shapes' }, ...fewest];
}

function discriminators(root: Schema, schema: Schema): Record<string, unknown> {
  if (typeof schema !== 'object') return {};
  const s = typeof schema.$ref === 'string' ? (resolveRef(root, schema.$ref) as Record<string, unknown>) : schema;
  const result: Record<string, unknown> = {};
  for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    if (p && typeof p === 'object' && 'const' in p) result[k] = p.const;
  }
  return result;
}
