// Grading one submission of one lab: compile, run every behaviour check, then judge the trace and
// output checks on those runs. Produces a GradeResult that every report format is written from.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SyscallEvent } from '../common/events';
import { bytesText, type Comparison } from './comparison';
import { diagnose } from './diagnose';
import type { LoadedLab } from './labs';
import { loadRunner, type CompileResult, type Limits, type Runner } from './run-adapter';
import { GradeSetupError, runBehaviour, type RunRecord } from './run';
import type { Check, OutputCheck, TraceCheck } from './spec';
import { CSource, sourceName } from './c-source';
import type { SourceHint } from './hints';
import { hintLines } from './hint-lines';
import { missingPrinted, printedBy } from './printed-by';
import { setterLine, type RelatedLine } from './source-lines';
import { locateFiles } from './submission-files';
import { fillPattern } from './trace-match';
import { evaluateRule } from './trace-rules';

export type Status = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  kind: Check['kind'];
  step?: string;
  status: Status;
  message?: string;
  /** for a failure that compares: what the check wanted and what it found, as text for a side-by-side diff */
  expected?: string;
  actual?: string;
  /** for a failure the trace ties to a call: the student's line, its file relative to the submission folder */
  location?: { file: string; line: number };
  /** other lines of the student's the failure is about: e.g. where the wrong argument of that call was set */
  related?: RelatedLine[];
  points: number;
  maxPoints: number;
  durationMs: number;
}

export interface GradeResult {
  lab: { id: string; title: string };
  submission: string;
  /** netns: a private network namespace; host: the machine's own loopback */
  isolation: 'netns' | 'host';
  traced: boolean;
  notes: string[];
  compile: CompileResult;
  checks: CheckResult[];
  passed: boolean;
  score: number;
  maxScore: number;
  durationMs: number;
}

export interface GradeOptions {
  runner?: Runner;
  isolation?: 'netns' | 'host';
  limits?: Limits;
  /** called as each check finishes, for progress output */
  onCheck?: (r: CheckResult) => void;
  /** called with each behaviour check's run (its trace and output), e.g. for tests */
  onRun?: (check: string, run: RunRecord) => void;
}

export const DEFAULT_LIMITS: Limits = {
  wallMs: 20_000, cpuSeconds: 10, memoryBytes: 512 * 1024 * 1024, processes: 256, outputBytes: 1024 * 1024,
};

/** Trace rules judged from what /proc showed at the end of each pause, not from the trace: they need no tracer. */
const PROC_RULES: ReadonlySet<string> = new Set(['reaped', 'children-exit']);

/** Setup problems (not the student's): the lab or submission cannot be graded at all. */
export { GradeSetupError };

export async function gradeLab(lab: LoadedLab, submission: string, opts: GradeOptions = {}): Promise<GradeResult> {
  const started = Date.now();
  const { spec } = lab;
  const runner = opts.runner ?? loadRunner();
  const notes: string[] = [];
  if (!runner.traced) notes.push(`Trace checks skipped, except ${[...PROC_RULES].join(' and ')}, which read /proc: ${runner.why ?? 'no tracer'}.`);
  if (opts.isolation !== 'netns') notes.push('Runs used the host loopback (no private network namespace).');
  const given = path.resolve(submission);
  if (!fs.existsSync(given) || !fs.statSync(given).isDirectory()) throw new GradeSetupError(`${submission} is not a folder`);
  const located = locateFiles(given, spec.files);
  const dir = located.ok ? located.dir : given;
  if (located.ok && located.note) notes.push(located.note);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `socklab-${spec.id}-`));
  let src: CSource | undefined;
  try {
    const compile: CompileResult = !located.ok
      ? { ok: false, output: `Missing file: ${located.problem}.`, missingFiles: true }
      : await compileSubmission(lab, dir, work, runner);
    src = compile.ok ? await CSource.load(dir, spec.files) : undefined;
    const checks = compile.ok
      ? await runChecks(lab, path.join(work, 'prog'), work, { dir, src }, runner, opts)
      : spec.grading.checks.map((c) => result(c, 'fail', !located.ok ? `Not run: ${compile.output}` : 'Not run: the program did not compile.', 0));
    const score = checks.reduce((s, c) => s + c.points, 0);
    const maxScore = checks.reduce((s, c) => s + c.maxPoints, 0);
    return {
      lab: { id: spec.id, title: spec.title }, submission: dir, isolation: opts.isolation ?? 'host',
      traced: runner.traced, notes, compile, checks, passed: checks.every((c) => c.status !== 'fail'),
      score, maxScore, durationMs: Date.now() - started,
    };
  } finally {
    src?.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function compileSubmission(lab: LoadedLab, dir: string, work: string, runner: Runner): Promise<CompileResult> {
  const sources = lab.spec.build?.sources ?? lab.spec.files.filter((f) => f.endsWith('.c'));
  if (sources.length === 0) return { ok: true, output: '' };
  return runner.compile(sources.map((f) => path.join(dir, f)), {
    out: path.join(work, 'prog'), cwd: dir, flags: lab.spec.build?.flags,
  });
}

/** The submission a failure's lines are named in: its folder, and its C files parsed (when the parser loads). */
interface Submission {
  dir: string;
  src?: CSource;
}

/** What a failure found besides its message. */
interface Found {
  compared?: Comparison;
  blame?: SyscallEvent;
  /** the blamed call's argument that is wrong, as the trace names it ("addr.port", "addrlen") */
  arg?: string;
  /** more of the student's code the failure is about, answered from the source */
  hints?: SourceHint[];
  /** related lines found already */
  related?: RelatedLine[];
}

/** At most this many related lines: the first are the most telling. */
const MAX_RELATED = 4;

function result(c: Check, status: Status, message: string | undefined, durationMs: number, found: Found = {}, sub?: Submission): CheckResult {
  const maxPoints = c.points ?? 1;
  const r: CheckResult = {
    id: c.id, title: c.title, kind: c.kind, step: c.step, status, message,
    points: status === 'pass' ? maxPoints : 0, maxPoints, durationMs,
  };
  if (status !== 'fail') return r;
  if (found.compared) Object.assign(r, { expected: found.compared.expected, actual: found.compared.actual });
  const site = found.blame?.site;
  if (site && sub) r.location = { file: sourceName(site.file, sub.dir), line: site.line };
  const related: RelatedLine[] = [];
  const set = site && sub?.src && found.arg ? setLine(found.blame as SyscallEvent, found.arg, sub.src) : undefined;
  if (set && r.location) related.push({ ...set, file: r.location.file });
  related.push(...(found.related ?? []));
  if (sub && found.hints) related.push(...hintLines(sub.src, found.hints, sub.dir));
  const kept: RelatedLine[] = [];
  for (const x of related) {
    const dup = kept.some((k) => k.file === x.file && k.line === x.line) || (r.location && r.location.file === x.file && r.location.line === x.line);
    if (!dup && kept.length < MAX_RELATED) kept.push(x);
  }
  if (kept.length > 0) r.related = kept;
  return r;
}

/** Where, before the blamed call, the wrong argument was set (`addr.sin_port = ...`), found in the source. */
function setLine(ev: SyscallEvent, arg: string, src: CSource): RelatedLine | undefined {
  const site = ev.site as { file: string; line: number };
  const index = arg === '@end' ? 0 : Object.keys(ev.args).indexOf(arg.split('.')[0]);
  const file = src.file(site.file);
  if (index < 0 || !file) return undefined;
  try {
    return setterLine(file, site.line, ev.name, index, arg);
  } catch {
    return undefined;
  }
}

async function runChecks(
  lab: LoadedLab, binary: string, work: string, sub: Submission, runner: Runner, opts: GradeOptions,
): Promise<CheckResult[]> {
  const runs = new Map<string, RunRecord>();
  const results = new Map<string, CheckResult>();
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const report = (r: CheckResult) => {
    results.set(r.id, r);
    opts.onCheck?.(r);
  };
  for (const c of lab.spec.grading.checks) {
    if (c.kind !== 'behaviour') continue;
    const runDir = fs.mkdtempSync(path.join(work, 'run-'));
    if (c.inject && !runner.traced) {
      report(result(c, 'skip', `Needs the tracer to inject ${c.inject.join(', ')}: ${runner.why ?? 'no tracer'}.`, 0));
      continue;
    }
    const rec = await runBehaviour(c, { spec: lab.spec, binary, runDir, runner, limits });
    runs.set(c.id, rec);
    opts.onRun?.(c.id, rec);
    const told = rec.failure && !rec.explained ? diagnose(rec.events, rec.failure, limits, rec.failedAt) : rec.pointers;
    const why = rec.failure ? [rec.failure.message, told?.text].filter(Boolean).join(' ') : undefined;
    // the trace's call to blame, else the one the failure's own words name (where a limit stopped the program)
    const blame = told?.blame ?? rec.failure?.facts.blame;
    report(result(c, rec.failure ? 'fail' : 'pass', why, rec.durationMs, { compared: rec.failure?.compared, blame, arg: told?.blame ? told.arg : undefined, hints: told?.hints }, sub));
  }
  for (const c of lab.spec.grading.checks) {
    if (c.kind === 'trace') report(traceCheck(c, runs, runner, sub));
    else if (c.kind === 'output') report(outputCheck(c, runs, sub));
  }
  return lab.spec.grading.checks.map((c) => results.get(c.id) as CheckResult);
}

function traceCheck(c: TraceCheck, runs: Map<string, RunRecord>, runner: Runner, sub: Submission): CheckResult {
  if (!runner.traced && !PROC_RULES.has(c.rule)) return result(c, 'skip', `Needs the tracer: ${runner.why ?? 'no tracer'}.`, 0);
  const rec = runs.get(c.on);
  if (!rec) return result(c, 'skip', `Its run ("${c.on}") was not made.`, 0);
  const fill = (s: string) => s.replace(/\{([\w.]+)\}/g, (all, name: string) => rec.vars[name] ?? all);
  const t0 = Date.now();
  const r = evaluateRule(fillPattern(c, fill), rec.events, { idle: rec.idle });
  return result(c, r.pass ? 'pass' : 'fail', r.message, Date.now() - t0, { compared: r.compared, blame: r.blame, arg: r.arg, hints: r.hints }, sub);
}

function outputCheck(c: OutputCheck, runs: Map<string, RunRecord>, sub: Submission): CheckResult {
  const { dir } = sub;
  let text: string;
  let said: string;
  if (c.source.startsWith('file:')) {
    const name = c.source.slice(5);
    said = name;
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) return result(c, 'fail', `Expected the file ${name}; it is missing.`, 0, { compared: { expected: `the file ${name}`, actual: '(no such file)' } });
    text = fs.readFileSync(file, 'utf8');
  } else {
    const rec = c.on ? runs.get(c.on) : undefined;
    if (!rec) return result(c, 'skip', `Its run ("${c.on}") was not made.`, 0);
    text = c.source === 'stdout' ? rec.stdout : rec.stderr;
    said = `the program's ${c.source === 'stdout' ? 'standard output' : 'standard error'}`;
  }
  const shown = JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}...` : text);
  const all = bytesText(text.length > 4096 ? `${text.slice(0, 4096)}...` : text);
  const fileName = c.source.startsWith('file:') ? c.source.slice(5) : undefined;
  const events = !fileName && c.on ? runs.get(c.on)?.events ?? [] : [];
  const fail = (message: string, expected: string, actual = all, re?: string, printed?: string) => {
    // output the program printed: the statement that printed the line, and where its values came from
    const by = fileName ? undefined : printed !== undefined ? printedBy(sub.src, printed, events)
      : re !== undefined ? missingPrinted(sub.src, re) : undefined;
    const r = result(c, 'fail', message, 0, { compared: { expected, actual }, related: by?.related }, sub);
    if (by?.location) r.location = by.location;
    // a file the student wrote: the line of it the check is about (the one with the pattern's key)
    const line = fileName && re ? keyLine(re, text) : undefined;
    if (fileName && line !== undefined) r.location = { file: fileName, line };
    return r;
  };
  for (const s of c.contains ?? []) {
    if (!text.includes(s)) return fail(`Expected ${said} to contain ${JSON.stringify(s)}; it was ${shown}.`, `(text containing) ${bytesText(s)}`);
  }
  for (const re of c.matches ?? []) {
    if (!new RegExp(re, 'm').test(text)) {
      return fail(`Expected ${said} to have a line matching /${re}/; ${closestLine(re, text, shown)}.`, `(a line matching /${re}/)`, all, re, nearestLine(re, text));
    }
  }
  for (const re of c.notMatches ?? []) {
    const m = new RegExp(re, 'm').exec(text);
    if (m) {
      const printed = text.slice(text.lastIndexOf('\n', m.index) + 1).split('\n')[0];
      return fail(`Expected ${said} not to match /${re}/; it has ${JSON.stringify(m[0])}.`, `(nothing matching /${re}/)`, bytesText(m[0]), undefined, printed);
    }
  }
  return result(c, 'pass', undefined, 0);
}

/** The 1-based number of the line with a "key: value" pattern's key, when there is one. */
function keyLine(re: string, text: string): number | undefined {
  const key = /^\^([\w-]+)\s*:/.exec(re)?.[1] ?? /^\^([\w-]+)/.exec(re)?.[1];
  if (!key) return undefined;
  const i = text.split('\n').findIndex((l) => l.trimStart().startsWith(key));
  return i < 0 ? undefined : i + 1;
}

/** The output line a pattern for one line is about: the one that begins most like the pattern's fixed start
 * ("AF_INET SOCK_STREAM protocol 17" for `^AF_INET SOCK_STREAM protocol 6$`, "thi" for `^this reply`). */
function nearestLine(re: string, text: string): string | undefined {
  const lines = text.split('\n');
  const start = /^\^((?:[^\\.*+?^$()[\]{}|]|\\.)*)/.exec(re)?.[1].replace(/\\(.)/g, '$1') ?? '';
  let best: { line: string; n: number } | undefined;
  for (const l of lines) {
    let n = 0;
    while (n < l.length && n < start.length && l[n] === start[n]) n++;
    // a line that shares only a word's first letters with the pattern is not the one it is about
    const alike = n > 0 && (n >= Math.min(start.length, 8) || n === l.length);
    if (alike && (!best || n > best.n)) best = { line: l, n };
  }
  return best?.line;
}

/** For a "key: value" pattern, the line with that key is what the student needs to see. */
function closestLine(re: string, text: string, shown: string): string {
  const key = /^\^([\w-]+)\s*:/.exec(re)?.[1] ?? /^\^([\w-]+)/.exec(re)?.[1];
  if (!key) return `it was ${shown}`;
  const line = text.split('\n').find((l) => l.trimStart().startsWith(key));
  return line === undefined ? `it has no line starting with "${key}"` : `its line is ${JSON.stringify(line)}`;
}
