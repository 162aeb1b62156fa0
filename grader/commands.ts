// The `socklab labs` and `socklab grade` commands: argument parsing, isolation, output and exit status
// (0 every check passed, 1 a check failed, 2 a usage or setup error).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processWorker, gradeBatch } from './batch';
import { gradeLab, GradeSetupError } from './engine';
import { insideIsolation, isolationAvailable, runIsolated, selfCommand } from './isolation';
import { findLab, lintLab, loadLabs } from './labs';
import { FORMATS, render, type Format } from './report';

const GRADE_USAGE = `usage: socklab grade LAB [DIR] [--format text|json|junit|tap|gradescope] [--out FILE]
       socklab grade LAB --batch SUBMISSIONS [--jobs N] [--format F] [--out REPORTS_DIR]
  LAB is a lab's id, number or name (see socklab labs); DIR holds the student's files (default: .).
  --no-isolation   run on the host's loopback even where a private network namespace is possible`;

const LABS_USAGE = 'usage: socklab labs [--format text|json] [--check]';

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parse(argv: string[], withValue: string[]): Parsed | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.split(/=(.*)/s, 2);
    if (withValue.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) return `${name} needs a value`;
      flags.set(name, v);
    } else flags.set(name, true);
  }
  return { positional, flags };
}

function fail(usage: string, why: string): number {
  process.stderr.write(`socklab: ${why}\n${usage}\n`);
  return 2;
}

export async function labsCommand(argv: string[]): Promise<number> {
  const p = parse(argv, ['--format']);
  if (typeof p === 'string') return fail(LABS_USAGE, p);
  if (p.flags.has('--help') || p.flags.has('-h')) {
    process.stdout.write(`${LABS_USAGE}\n`);
    return 0;
  }
  const format = p.flags.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(LABS_USAGE, `unknown format ${String(format)}`);
  const labs = loadLabs();
  if (p.flags.has('--check')) {
    let bad = 0;
    for (const lab of labs) {
      const problems = lintLab(lab);
      bad += problems.length;
      for (const problem of problems) process.stderr.write(`${lab.spec.id}: ${problem}\n`);
    }
    if (bad > 0) return 1;
  }
  if (format === 'json') {
    const list = labs.map(({ spec }) => ({ id: spec.id, title: spec.title, summary: spec.summary, concepts: spec.concepts, files: spec.files }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    for (const { spec } of labs) process.stdout.write(`${spec.id.padEnd(22)} ${spec.title}\n${' '.repeat(23)}${spec.summary}\n`);
  }
  return 0;
}

export async function gradeCommand(argv: string[]): Promise<number> {
  const p = parse(argv, ['--format', '--out', '--batch', '--jobs']);
  if (typeof p === 'string') return fail(GRADE_USAGE, p);
  if (p.flags.has('--help') || p.flags.has('-h')) {
    process.stdout.write(`${GRADE_USAGE}\n`);
    return 0;
  }
  const [labName, dirArg, ...extra] = p.positional;
  if (!labName) return fail(GRADE_USAGE, 'which lab? (socklab labs lists them)');
  if (extra.length > 0) return fail(GRADE_USAGE, `unexpected argument ${extra[0]}`);
  const format = String(p.flags.get('--format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) return fail(GRADE_USAGE, `unknown format ${format}`);
  const lab = findLab(labName);
  if (!lab) return fail(GRADE_USAGE, `no lab called ${labName} (socklab labs lists them)`);
  const out = p.flags.get('--out');
  const noIsolation = p.flags.has('--no-isolation');
  const batch = p.flags.get('--batch');

  if (typeof batch === 'string') {
    if (dirArg) return fail(GRADE_USAGE, '--batch takes the submissions folder; give no DIR');
    const jobs = Number(p.flags.get('--jobs') ?? 2);
    if (!Number.isInteger(jobs) || jobs < 1) return fail(GRADE_USAGE, '--jobs needs a whole number of at least 1');
    if (!fs.existsSync(batch)) return fail(GRADE_USAGE, `${batch} does not exist`);
    const outDir = typeof out === 'string' ? out : path.resolve('socklab-reports');
    // Each worker isolates itself, so every submission gets namespaces of its own.
    const worker = processWorker(selfCommand(), lab.spec.id, noIsolation ? ['--no-isolation'] : []);
    const summary = await gradeBatch(batch, {
      jobs, format, outDir, worker,
      onDone: (name, r) => process.stderr.write(r instanceof Error ? `${name}: not graded: ${r.message}\n`
        : `${name}: ${r.passed ? 'passed' : 'failed'} ${r.score}/${r.maxScore}\n`),
    });
    process.stdout.write(`${summary.rows.length} submissions graded; reports in ${outDir}; summary ${summary.csvPath}\n`);
    if (summary.rows.some((r) => r.error)) return 2;
    return summary.rows.every((r) => r.result?.passed) ? 0 : 1;
  }

  const dir = path.resolve(dirArg ?? '.');
  if (!fs.existsSync(dir)) return fail(GRADE_USAGE, `${dir} does not exist`);
  const notes: string[] = [];
  let isolation: 'netns' | 'host' = 'host';
  if (insideIsolation()) isolation = 'netns';
  else if (!noIsolation) {
    const can = isolationAvailable();
    if (can.ok) return runIsolated([...selfCommand(), 'grade', ...argv]);
    notes.push(`No private network namespace: ${can.why}.`);
  }
  try {
    const result = await gradeLab(lab, dir, { isolation });
    result.notes.push(...notes);
    const text = render(format, [result]);
    if (typeof out === 'string') fs.writeFileSync(out, text);
    else process.stdout.write(text);
    return result.passed ? 0 : 1;
  } catch (e) {
    if (e instanceof GradeSetupError) return fail(GRADE_USAGE, e.message);
    process.stderr.write(`socklab: grading failed: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}
