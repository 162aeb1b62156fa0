// The `socklab labs` and `socklab grade` commands: argument parsing, isolation, output and exit status
// (0 every check passed, 1 a check failed, 2 a usage or setup error).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { processWorker, gradeBatch } from './batch';
import { gradeLab, GradeSetupError } from './engine';
import { insideIsolation, isolationAvailable, runIsolated, selfCommand } from './isolation';
import { findLab, lintLab, loadLabs } from './labs';
import { FORMATS, render, type Format } from './report';
import { githubSummary } from './report-services';

const GRADE_USAGE = `usage: socklab grade LAB [DIR] [options]
       socklab grade LAB --batch SUBMISSIONS [--jobs N] [options]

Compiles the student's files in DIR (default: .), runs the program with the grader as its peer, and checks
what it did and the socket calls it made. Exit status: 0 every check passed, 1 a check failed, 2 the grading
could not be done (usage, a missing file, a machine that cannot run it).

  LAB                  a lab's id, number or name (socklab labs lists them)
  DIR                  the folder with the student's files, named as the lab says (socklab labs --format json)
  --format F           text (default), json, junit, tap, gradescope, github, classroom50 or prairielearn
  --out FILE           write the report to FILE (with --batch: the folder of reports; default socklab-reports)
  --batch SUBMISSIONS  grade every folder in SUBMISSIONS, one report each and a summary.csv
  --jobs N             submissions graded at once with --batch (default 2)
  --no-isolation       run on the host's loopback even where a private network namespace is possible
  -h, --help           this text`;

const LABS_USAGE = 'usage: socklab labs [--format text|json] [--check]';

interface Parsed {
  positional: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Strict option parsing: an unknown option or a missing value is a usage error (its sentence), never ignored. */
export function parse(argv: string[], options: ParseArgsConfig['options']): Parsed | string {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { positional: positionals, values: values as Parsed['values'] };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const m = /'([^']+)'/.exec(err.message);
      return `unknown option ${m ? m[1] : ''}`.trim();
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const m = /'([^']+)'/.exec(err.message);
      return m ? `${m[1].split(' ')[0]} needs a value` : err.message;
    }
    return err.message;
  }
}

export function fail(usage: string, why: string): number {
  process.stderr.write(`socklab: ${why}\n${usage}\n`);
  return 2;
}

export async function labsCommand(argv: string[]): Promise<number> {
  const p = parse(argv, { format: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (typeof p === 'string') return fail(LABS_USAGE, p);
  if (p.positional.length > 0) return fail(LABS_USAGE, `unexpected argument ${p.positional[0]}`);
  if (p.values.help) {
    process.stdout.write(`${LABS_USAGE}\n`);
    return 0;
  }
  const format = p.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(LABS_USAGE, `unknown format ${String(format)}`);
  const labs = loadLabs();
  if (p.values.check) {
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
  const p = parse(argv, {
    format: { type: 'string' }, out: { type: 'string' }, batch: { type: 'string' }, jobs: { type: 'string' },
    'no-isolation': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (typeof p === 'string') return fail(GRADE_USAGE, p);
  if (p.values.help) {
    process.stdout.write(`${GRADE_USAGE}\n`);
    return 0;
  }
  const [labName, dirArg, ...extra] = p.positional;
  if (!labName) return fail(GRADE_USAGE, 'which lab? (socklab labs lists them)');
  if (extra.length > 0) return fail(GRADE_USAGE, `unexpected argument ${extra[0]}`);
  const format = String(p.values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) return fail(GRADE_USAGE, `unknown format ${format}`);
  const lab = findLab(labName);
  if (!lab) return fail(GRADE_USAGE, `no lab called ${labName} (socklab labs lists them)`);
  const out = p.values.out;
  const noIsolation = p.values['no-isolation'] === true;
  const batch = p.values.batch;

  if (typeof batch === 'string') {
    if (dirArg) return fail(GRADE_USAGE, '--batch takes the submissions folder; give no DIR');
    const jobs = Number(p.values.jobs ?? 2);
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
    // GitHub Actions shows this file's Markdown on the run's page
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (format === 'github' && summary) fs.appendFileSync(summary, githubSummary([result]));
    return result.passed ? 0 : 1;
  } catch (e) {
    if (e instanceof GradeSetupError) return fail(GRADE_USAGE, e.message);
    process.stderr.write(`socklab: grading failed: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}
