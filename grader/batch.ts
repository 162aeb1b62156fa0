// Grading a class: every folder in a submissions folder, N at a time, one report per submission and a
// summary CSV. Each submission is graded by a worker (by default this CLI again, in its own namespaces).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GradeResult } from './engine';
import { render, tally, type Format } from './report';

export type Worker = (submission: string) => Promise<GradeResult>;

export interface BatchOptions {
  jobs: number;
  format: Format;
  outDir: string;
  worker: Worker;
  onDone?: (name: string, r: GradeResult | Error) => void;
}

export interface BatchSummary {
  rows: { name: string; result?: GradeResult; error?: string }[];
  csvPath: string;
}

const EXT: Record<Format, string> = {
  text: 'txt', json: 'json', junit: 'xml', tap: 'tap', gradescope: 'results.json', github: 'github.txt',
  classroom50: 'result.json', prairielearn: 'results.json',
};

export function submissionsIn(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

/** A CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading quote:
 * submission folders and error messages come from students. */
export function csvCell(v: string | number | boolean): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function gradeBatch(dir: string, opts: BatchOptions): Promise<BatchSummary> {
  const names = submissionsIn(dir);
  fs.mkdirSync(opts.outDir, { recursive: true });
  const rows: BatchSummary['rows'] = names.map((name) => ({ name }));
  let next = 0;
  const lane = async () => {
    while (next < names.length) {
      const i = next++;
      const name = names[i];
      try {
        const r = await opts.worker(path.join(dir, name));
        rows[i].result = r;
        fs.writeFileSync(path.join(opts.outDir, `${name}.${EXT[opts.format]}`), render(opts.format, [r]));
        opts.onDone?.(name, r);
      } catch (e) {
        rows[i].error = (e as Error).message;
        opts.onDone?.(name, e as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, names.length)) }, lane));
  const header = ['submission', 'passed', 'score', 'max_score', 'checks_passed', 'checks_failed', 'checks_skipped', 'failed_checks', 'seconds', 'error'];
  const lines = rows.map(({ name, result, error }) => {
    if (!result) return [name, false, 0, 0, 0, 0, 0, '', 0, error ?? 'not graded'];
    const t = tally(result);
    const failed = result.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(' ');
    const problem = result.compile.ok ? '' : result.compile.missingFiles ? result.compile.output
      : `did not compile: ${result.compile.output.trim().split('\n').find((l) => /error/i.test(l)) ?? result.compile.output.trim().split('\n')[0] ?? ''}`;
    return [name, result.passed, t.score, t.max, t.passed, t.failed, t.skipped, failed, (result.durationMs / 1000).toFixed(1), problem];
  });
  const csvPath = path.join(opts.outDir, 'summary.csv');
  fs.writeFileSync(csvPath, [header, ...lines].map((l) => l.map(csvCell).join(',')).join('\n') + '\n');
  return { rows, csvPath };
}

/** A worker that runs `command... grade LAB SUBMISSION --format json` and reads its JSON report. */
export function processWorker(command: string[], lab: string, extra: string[] = []): Worker {
  return (submission) => new Promise((resolve, reject) => {
    const [file, ...args] = command;
    const child = spawn(file, [...args, 'grade', lab, submission, '--format', 'json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || code === 1) {
        try {
          resolve(JSON.parse(out) as GradeResult);
          return;
        } catch {
          // fall through: not a report
        }
      }
      reject(new Error(err.trim().split('\n').pop() || `the grader exited with status ${code}`));
    });
  });
}
