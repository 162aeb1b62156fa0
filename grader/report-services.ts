// Reports in the shapes that course services read: GitHub Actions annotations and step summary, Classroom 50's
// result.json, and PrairieLearn's external-grader results.json. Pure: text in, text out.
import * as path from 'node:path';
import type { CheckResult, GradeResult } from './engine';
import { failureText, tally } from './report';

/** A workflow command's data: %, CR and LF are escaped (GitHub's workflow-command syntax). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also ':' and ','. */
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The file of a failure as the repository names it: the submission folder relative to `cwd`, then the file. */
function repoFile(r: GradeResult, c: CheckResult, cwd: string): string | undefined {
  if (!c.location) return undefined;
  const rel = path.relative(cwd, path.join(r.submission, c.location.file));
  return rel.split(path.sep).join('/');
}

/** One `::error` annotation per failed check, at the student's line where the trace ties it to one. */
export function github(results: GradeResult[], cwd = process.cwd()): string {
  const lines: string[] = [];
  for (const r of results) {
    const t = tally(r);
    if (!r.compile.ok) lines.push(`::error title=${ghProp(`${r.lab.id}: the program did not compile`)}::${ghData(r.compile.output.trim() || 'no compiler output')}`);
    for (const c of r.checks) {
      if (c.status !== 'fail') continue;
      const file = repoFile(r, c, cwd);
      const at = file && c.location ? `file=${ghProp(file)},line=${c.location.line},` : '';
      lines.push(`::error ${at}title=${ghProp(`${r.lab.id} ${c.id}: ${c.title}`)}::${ghData(failureText(c))}`);
    }
    for (const n of r.notes) lines.push(`::notice title=${ghProp(r.lab.id)}::${ghData(n)}`);
    lines.push(`${r.lab.id}: score ${t.score}/${t.max}, ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A Markdown table for $GITHUB_STEP_SUMMARY: one row per check. */
export function githubSummary(results: GradeResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const t = tally(r);
    out.push(`### ${mdCell(r.lab.id)}: ${mdCell(r.lab.title)} — ${t.score}/${t.max}`, '');
    if (!r.compile.ok) out.push('The program did not compile.', '');
    out.push('| | check | points | why |', '|---|---|---|---|');
    for (const c of r.checks) {
      const mark = c.status === 'pass' ? '✅' : c.status === 'fail' ? '❌' : '➖';
      const pts = c.status === 'skip' ? '' : `${c.points}/${c.maxPoints}`;
      const why = c.status === 'pass' ? '' : mdCell(c.message ?? '');
      out.push(`| ${mark} | ${mdCell(`${c.id}: ${c.title}`)} | ${pts} | ${why} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** Classroom 50's result.json. */
export function classroom50(r: GradeResult): object {
  const t = tally(r);
  return {
    score: t.score,
    'max-score': t.max,
    tests: r.checks.filter((c) => c.status !== 'skip').map((c) => ({
      'test-name': `${c.id}: ${c.title}`,
      passed: c.status === 'pass',
      score: c.points,
      'max-score': c.maxPoints,
      ...(c.status === 'fail' ? { message: failureText(c) } : {}),
    })),
  };
}

/** PrairieLearn's results.json: score in 0..1; a submission that did not compile is still graded (score 0). */
export function prairielearn(r: GradeResult): object {
  const t = tally(r);
  const message = [
    `${r.lab.id}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}.`,
    ...r.notes,
    ...(r.compile.ok ? [] : ['The program did not compile.']),
  ].join('\n');
  return {
    gradable: true,
    score: t.max > 0 ? t.score / t.max : 0,
    message,
    output: r.compile.ok ? r.compile.output : r.compile.output || 'no compiler output',
    tests: r.checks.filter((c) => c.status !== 'skip').map((c) => ({
      name: `${c.id}: ${c.title}`,
      points: c.points,
      max_points: c.maxPoints,
      message: c.status === 'pass' ? 'passed' : c.message ?? 'failed',
      output: c.status === 'fail' ? failureText(c) : '',
    })),
  };
}
