// Writing a GradeResult out: readable text, JSON, JUnit XML (CI systems), TAP, and the results.json
// that Gradescope's autograder reads.
import * as path from 'node:path';
import type { CheckResult, GradeResult } from './engine';
import { failureMarkdown, mdCode, mdText } from './markdown';
import { classroom50, github, prairielearn } from './report-services';

export const FORMATS = ['text', 'json', 'junit', 'tap', 'gradescope', 'github', 'classroom50', 'prairielearn'] as const;
export type Format = (typeof FORMATS)[number];

export function render(format: Format, results: GradeResult[]): string {
  switch (format) {
    case 'text': return results.map(text).join('\n');
    case 'json': return `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`;
    case 'junit': return junit(results);
    case 'tap': return tap(results);
    case 'gradescope': return `${JSON.stringify(gradescope(results[0]), null, 2)}\n`;
    case 'github': return github(results);
    case 'classroom50': return `${JSON.stringify(classroom50(results[0]), null, 2)}\n`;
    case 'prairielearn': return `${JSON.stringify(prairielearn(results[0]), null, 2)}\n`;
  }
}

/** Counts as the reports state them; a skipped check neither passes nor fails. */
export function tally(r: GradeResult): { passed: number; failed: number; skipped: number; score: number; max: number } {
  const by = (s: CheckResult['status']) => r.checks.filter((c) => c.status === s).length;
  const max = r.checks.filter((c) => c.status !== 'skip').reduce((s, c) => s + c.maxPoints, 0);
  return { passed: by('pass'), failed: by('fail'), skipped: by('skip'), score: r.score, max };
}

function indent(s: string, pad: string): string {
  return s.split('\n').map((l) => pad + l).join('\n');
}

function wrap(s: string, width = 96): string {
  const out: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}

function text(r: GradeResult): string {
  const t = tally(r);
  const lines = [
    `Lab ${r.lab.id}: ${r.lab.title}`,
    `Submission: ${r.submission}`,
    ...r.notes.map((n) => `Note: ${n}`),
    '',
  ];
  if (r.compile.missingFiles) {
    lines.push(r.compile.output, '');
  } else if (!r.compile.ok) {
    lines.push('The program did not compile:', indent(r.compile.output.trim() || '(no compiler output)', '    '), '');
  } else if (r.compile.output.trim()) {
    lines.push('Compiler warnings:', indent(r.compile.output.trim(), '    '), '');
  }
  for (const c of r.checks) {
    const mark = c.status === 'pass' ? 'PASS' : c.status === 'fail' ? 'FAIL' : 'SKIP';
    lines.push(`${mark}  ${c.id} — ${c.title}${c.status === 'skip' ? '' : ` (${c.points}/${c.maxPoints})`}`);
    if (c.message && c.status !== 'pass') lines.push(indent(wrap(c.message), '      '));
    if (c.status === 'fail') for (const r of c.related ?? []) lines.push(`      see ${r.file}:${r.line}: ${r.note}`);
  }
  lines.push('', `Score ${t.score}/${t.max}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function junit(results: GradeResult[]): string {
  const suites = results.map((r) => {
    const t = tally(r);
    const cases = r.checks.map((c) => {
      const open = `    <testcase classname="${xml(`${r.lab.id}.${c.kind}`)}" name="${xml(`${c.id}: ${c.title}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      if (c.status === 'pass') return `${open}/>`;
      const inner = c.status === 'skip'
        ? `<skipped message="${xml(c.message ?? '')}"/>`
        : `<failure message="${xml(c.message ?? 'failed')}" type="${c.kind}">${xml(failureText(c))}</failure>`;
      return `${open}>\n      ${inner}\n    </testcase>`;
    });
    const out = r.compile.ok ? '' : `\n    <system-out>${xml(r.compile.output)}</system-out>`;
    return `  <testsuite name="${xml(`${r.lab.id} ${r.submission}`)}" tests="${r.checks.length}" failures="${t.failed}" ` +
      `errors="0" skipped="${t.skipped}" time="${(r.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}${out}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A failure's message, its line, and what was expected next to what came, for a CI log. */
export function failureText(c: CheckResult): string {
  const parts = [c.message ?? ''];
  if (c.location) parts.push(`at ${c.location.file}:${c.location.line}`);
  for (const r of c.related ?? []) parts.push(`see ${r.file}:${r.line}: ${r.note}`);
  if (c.expected !== undefined && c.actual !== undefined) parts.push(`expected:\n${indent(c.expected, '  ')}`, `actual:\n${indent(c.actual, '  ')}`);
  return parts.join('\n');
}

/** One TAP stream for any number of results: one version line and one plan, a comment before each result. */
function tap(results: GradeResult[]): string {
  const total = results.reduce((n, r) => n + r.checks.length, 0);
  const lines = ['TAP version 13', `1..${total}`];
  let n = 0;
  for (const r of results) {
    lines.push(`# ${r.lab.id}: ${r.submission}`);
    for (const c of r.checks) {
      n++;
      const name = `${results.length > 1 ? `${path.basename(r.submission)} ` : ''}${c.id}: ${c.title}`.replace(/\\/g, '\\\\').replace(/#/g, '\\#');
      if (c.status === 'skip') lines.push(`ok ${n} - ${name} # SKIP ${oneLine(c.message ?? '')}`);
      else if (c.status === 'pass') lines.push(`ok ${n} - ${name}`);
      else {
        // YAML: JSON strings are valid double-quoted scalars
        lines.push(`not ok ${n} - ${name}`, '  ---', `  message: ${JSON.stringify(c.message ?? '')}`, `  kind: ${c.kind}`);
        if (c.location) lines.push(`  at: ${JSON.stringify(`${c.location.file}:${c.location.line}`)}`);
        if (c.related?.length) lines.push(`  see: ${JSON.stringify(c.related.map((r) => `${r.file}:${r.line}: ${r.note}`))}`);
        if (c.expected !== undefined && c.actual !== undefined) lines.push(`  expected: ${JSON.stringify(c.expected)}`, `  actual: ${JSON.stringify(c.actual)}`);
        lines.push('  ...');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

/** Gradescope's results.json: one test per check, Markdown text; skipped checks are worth nothing either way. */
export function gradescope(r: GradeResult): object {
  const t = tally(r);
  const output = [
    mdText(`${r.lab.id}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}.`),
    ...r.notes.map(mdText),
    ...(r.compile.ok ? [] : ['The program did not compile:', mdCode(r.compile.output.trim() || 'no compiler output')]),
  ].join('\n\n');
  return {
    score: t.score,
    max_score: t.max,
    execution_time: seconds(r.durationMs),
    output,
    output_format: 'md',
    tests: r.checks.map((c, i) => ({
      name: `${c.id}: ${c.title}`,
      number: String(i + 1),
      score: c.points,
      max_score: c.status === 'skip' ? 0 : c.maxPoints,
      status: c.status === 'fail' ? 'failed' : 'passed',
      output: c.status === 'skip' ? `Skipped: ${mdText(c.message ?? '')}` : c.status === 'fail' ? failureMarkdown(c) : mdText(c.message ?? ''),
      output_format: 'md',
      execution_time: seconds(c.durationMs),
      visibility: 'visible',
    })),
  };
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
