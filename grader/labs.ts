// Finding, loading and checking the labs in labs/: lab.json against the schema, the README's steps,
// and the cross-references a schema cannot express (check ids, steps, files).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Action, DataSpec, LabSpec } from './spec';
import { validate, type Schema } from './schema-validate';
import { needsGiven } from './trace-subjects';

/** The folder holding labs/: walks up from this file (works from sources and from a bundle). */
export function findLabsDir(start: string = __dirname): string {
  const env = process.env.SOCKLAB_LABS_DIR;
  if (env) return path.resolve(env);
  for (const from of [start, process.cwd()]) {
    let dir = path.resolve(from);
    for (;;) {
      if (fs.existsSync(path.join(dir, 'labs', 'schema.json'))) return path.join(dir, 'labs');
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the labs folder (labs/schema.json)');
}

export interface LoadedLab {
  spec: LabSpec;
  dir: string;
}

/** Lab folders are named NN-slug; their order is the course's order. */
export function listLabDirs(labsDir: string = findLabsDir()): string[] {
  return fs
    .readdirSync(labsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{2}-/.test(d.name))
    .map((d) => d.name)
    .sort();
}

export function loadLab(dir: string): LoadedLab {
  const file = path.join(dir, 'lab.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as LabSpec;
  return { spec, dir };
}

export function loadLabs(labsDir: string = findLabsDir()): LoadedLab[] {
  return listLabDirs(labsDir).map((name) => loadLab(path.join(labsDir, name)));
}

/** Finds a lab by its full id ("02-tcp-echo"), its number ("2", "02") or its slug ("tcp-echo"). */
export function findLab(name: string, labsDir: string = findLabsDir()): LoadedLab | undefined {
  const dirs = listLabDirs(labsDir);
  const wanted = name.trim();
  const hit =
    dirs.find((d) => d === wanted) ??
    dirs.find((d) => /^\d+$/.test(wanted) && Number(d.slice(0, 2)) === Number(wanted)) ??
    dirs.find((d) => d.slice(3) === wanted);
  return hit ? loadLab(path.join(labsDir, hit)) : undefined;
}

/** The `## ` headings of a README, in order: the lab's steps. */
export function readmeSteps(markdown: string): string[] {
  const steps: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = !fenced && /^## (.+?)\s*$/.exec(line);
    if (m) steps.push(m[1]);
  }
  return steps;
}

export function loadSchema(labsDir: string = findLabsDir()): Schema {
  return JSON.parse(fs.readFileSync(path.join(labsDir, 'schema.json'), 'utf8')) as Schema;
}

/** Every problem with a lab folder, as sentences; empty when the lab is sound. */
export function lintLab(lab: LoadedLab, schema: Schema = loadSchema(path.dirname(lab.dir))): string[] {
  const problems = validate(schema, lab.spec).map((e) => `lab.json${e.path}: ${e.message}`);
  if (problems.length > 0) return problems;
  const { spec, dir } = lab;
  if (spec.id !== path.basename(dir)) problems.push(`id "${spec.id}" differs from the folder name`);
  const readme = path.join(dir, 'README.md');
  if (!fs.existsSync(readme)) problems.push('README.md is missing');
  else {
    const headings = readmeSteps(fs.readFileSync(readme, 'utf8'));
    const titles = spec.steps.map((s) => s.title);
    if (JSON.stringify(headings) !== JSON.stringify(titles)) {
      problems.push(`README steps ${JSON.stringify(headings)} differ from lab.json steps ${JSON.stringify(titles)}`);
    }
  }
  for (const folder of [spec.starter, spec.solution]) {
    for (const f of spec.files) {
      if (!fs.existsSync(path.join(dir, folder, f))) problems.push(`${folder}/${f} is missing`);
    }
  }
  problems.push(...crossReferences(spec), ...promiseProblems(spec), ...badRegexes(spec), ...misplacedClientNumbers(spec));
  for (const c of spec.grading.checks) {
    if (c.kind === 'trace' && needsGiven(c) && !c.given) {
      problems.push(`check ${c.id}: a ${c.rule} rule passes when nothing happened; name what must happen with "given"`);
    }
  }
  return problems;
}

/** Every regular expression in a lab must compile in JavaScript (no inline flags such as (?i)). */
function badRegexes(spec: LabSpec): string[] {
  const problems: string[] = [];
  const visit = (v: unknown, key: string, where: string): void => {
    if (typeof v === 'string' && /^(matches|notMatches|match|bodyMatch|regex|stdout)$/.test(key)) {
      try {
        new RegExp(v);
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, key, `${where}/${i}`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, key === 'headers' ? 'regex' : k, `${where}/${k}`);
    }
  };
  visit(spec.grading, '', 'grading');
  return problems;
}

/**
 * The README's promises (lab.json `promises`) and the checks grade each other: every promise names checks
 * that exist, and every check grades some promise (a check no promise reaches grades nothing the README says).
 */
export function promiseProblems(spec: LabSpec): string[] {
  const problems: string[] = [];
  const ids = new Set(spec.grading.checks.map((c) => c.id));
  const reached = new Set<string>();
  if (!spec.promises || spec.promises.length === 0) return ['lab.json lists no promises: say what the README promises, and which checks grade each'];
  for (const p of spec.promises) {
    for (const id of p.checks) {
      if (!ids.has(id)) problems.push(`promise "${p.promise}" names unknown check "${id}"`);
      reached.add(id);
    }
  }
  for (const id of ids) if (!reached.has(id)) problems.push(`check "${id}" grades no promise: name it in one of lab.json's promises`);
  return problems;
}

/** {i} in data means the client's number: only a `clients` script has one (hex and base64 data, which
 * cannot hold it, are checked by the schema). */
function misplacedClientNumbers(spec: LabSpec): string[] {
  const problems: string[] = [];
  const visit = (actions: Action[], inClients: boolean, where: string): void => {
    actions.forEach((a, n) => {
      if (a.do === 'clients') return visit(a.script, true, `${where}/${n}/script`);
      const { data } = a as Partial<DataSpec>;
      if (!inClients && typeof data === 'string' && data.includes('{i}')) {
        problems.push(`${where}/${n}: {i} (the client's number) only means something inside a clients script`);
      }
    });
  };
  for (const c of spec.grading.checks) {
    if (c.kind === 'behaviour') {
      visit(c.peer, false, `check ${c.id}: peer`);
      visit(c.before ?? [], false, `check ${c.id}: before`);
    }
  }
  return problems;
}

function crossReferences(spec: LabSpec): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const behaviours = new Set(spec.grading.checks.filter((c) => c.kind === 'behaviour').map((c) => c.id));
  const steps = new Set(spec.steps.map((s) => s.id));
  for (const c of spec.grading.checks) {
    if (ids.has(c.id)) problems.push(`check id "${c.id}" is used twice`);
    ids.add(c.id);
    if (c.step !== undefined && !steps.has(c.step)) problems.push(`check "${c.id}" names unknown step "${c.step}"`);
    const on = c.kind === 'behaviour' ? undefined : c.on;
    if (on !== undefined && !behaviours.has(on)) problems.push(`check "${c.id}" reads run "${on}", not a behaviour check`);
    if (c.kind === 'trace' && on === undefined) problems.push(`trace check "${c.id}" names no run`);
    if (c.kind === 'output' && !c.source.startsWith('file:') && on === undefined) {
      problems.push(`output check "${c.id}" reads ${c.source} of no run`);
    }
  }
  const practice = spec.program.practice;
  if (practice !== undefined) {
    const c = spec.grading.checks.find((x) => x.id === practice);
    if (spec.program.role !== 'client') problems.push(`program.practice is for client labs; this program is a ${spec.program.role}`);
    if (!c || c.kind !== 'behaviour') problems.push(`program.practice names "${practice}", not a behaviour check`);
    else if (c.inject || c.argv) problems.push(`program.practice names "${practice}", which injects faults or changes argv: practise on a plain run`);
  }
  return problems;
}
