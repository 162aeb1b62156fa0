// Reading `socklab grade --format json` output for the editor: the checks and, for a failure, what it expected
// next to what it found and the student's line it points at. Pure.
import type { CheckResult, GradeResult } from '../../grader/engine';

/** A check as `socklab grade --format json` reports it (the engine's own type, less what the editor ignores). */
export type GradedCheck = Omit<CheckResult, 'kind' | 'step'> & Partial<Pick<CheckResult, 'kind' | 'step'>>;

/** The report the editor reads: the engine's GradeResult, the fields it uses. */
export type GradeReport = Pick<GradeResult, 'lab' | 'passed' | 'score' | 'maxScore' | 'notes'> & {
  compile: Pick<GradeResult['compile'], 'ok' | 'output'>;
  checks: GradedCheck[];
};

export function parseGradeReport(json: string): GradeReport | undefined {
  try {
    const r = JSON.parse(json) as GradeReport;
    if (!r || typeof r !== 'object' || !Array.isArray(r.checks) || !r.lab) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** The student's line a failure points at, as the grader reports it (`location`). */
export function failureSite(c: GradedCheck): { file: string; line: number } | undefined {
  const l = c.location;
  return l && typeof l.file === 'string' && Number.isSafeInteger(l.line) && l.line > 0 ? { file: l.file, line: l.line } : undefined;
}

/** A place a failure names, with what to say there. */
export interface FailureFrame {
  label: string;
  file: string;
  line: number;
}

/** The failure's related lines as the report gives them, those that name a real file and line. */
export function relatedLines(c: GradedCheck): FailureFrame[] {
  const list: unknown = c.related;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: { file?: unknown; line?: unknown; note?: unknown }) =>
    r && typeof r.file === 'string' && typeof r.line === 'number' && Number.isSafeInteger(r.line) && r.line > 0
      ? [{ file: r.file, line: r.line, label: typeof r.note === 'string' && r.note.trim() ? r.note.trim() : 'related line' }] : []);
}

/**
 * Every line a failure names, for the list of places the Testing peek shows beside its message: the line the
 * failure points at first (labelled with the message's first sentence), then each related line with what the
 * grader found there. Empty when it names no line.
 */
export function failureFrames(c: GradedCheck): FailureFrame[] {
  const site = failureSite(c);
  const related = relatedLines(c).filter((r) => !site || r.file !== site.file || r.line !== site.line);
  const own = site ? [{ ...site, label: summaryOf(c.message ?? c.title) }] : [];
  return [...own, ...related];
}

/** The expected and actual texts of a failure, when it has both. */
export function failureDiff(c: GradedCheck): { expected: string; actual: string } | undefined {
  return typeof c.expected === 'string' && typeof c.actual === 'string' ? { expected: c.expected, actual: c.actual } : undefined;
}

/** The report as text for the output channel. */
export function reportText(r: GradeReport): string {
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const lines = [`${r.lab.title} (${r.lab.id}): ${r.score}/${r.maxScore}${r.passed ? ', all checks passed' : ''}`];
  for (const c of r.checks) {
    lines.push(`  ${mark[c.status]} ${c.title} [${c.points}/${c.maxPoints}]`);
    if (c.message) lines.push(`       ${c.message}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** The checks of a lab grouped by the step they grade, in the README's order; checks of no step come last. */
export function checksByStep(spec: { steps: { id: string; title: string }[]; grading: { checks: { id: string; title: string; step?: string }[] } }):
  { step?: { id: string; title: string }; checks: { id: string; title: string }[] }[] {
  const groups = spec.steps.map((step) => ({ step, checks: spec.grading.checks.filter((c) => c.step === step.id) }))
    .filter((g) => g.checks.length > 0);
  const known = new Set(spec.steps.map((s) => s.id));
  const loose = spec.grading.checks.filter((c) => !c.step || !known.has(c.step));
  return loose.length > 0 ? [...groups, { checks: loose }] : groups;
}

/** What the Test Results view shows for a check: the message, its line and what was expected beside what came.
 * Lines end with CRLF: that output is a terminal. */
export function checkOutput(c: GradedCheck): string {
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const lines = [`${mark[c.status]} ${c.title} (${c.points}/${c.maxPoints} points)`];
  if (c.message && c.status !== 'pass') lines.push(...c.message.split('\n').map((l) => `  ${l}`));
  const site = failureSite(c);
  if (site && c.status === 'fail') lines.push(`  at ${site.file}:${site.line}`);
  if (c.status === 'fail') for (const r of relatedLines(c)) lines.push(`  see ${r.file}:${r.line}: ${r.label}`);
  const diff = failureDiff(c);
  if (diff && c.status === 'fail') {
    lines.push('  expected:', ...diff.expected.split('\n').map((l) => `    ${l}`), '  actual:', ...diff.actual.split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** the longest first line the editor shows whole beside the code */
export const SUMMARY_MAX = 90;

/**
 * A failure's message for the editor, which shows only a message's first line beside the code, cut to the
 * window: a short first line (the first sentence, or the start of it at a word), then the whole message below
 * it, for the peek and the hover. A message whose first line is short already stays as it is.
 */
export function editorMessage(message: string): string {
  const text = message.trim();
  const first = text.split('\n')[0];
  if (first.length <= SUMMARY_MAX) return text;
  return `${summaryOf(text)}\n\n${text}`;
}

/** A message's first line cut to what the editor shows whole: its first sentence, or its start at a word. */
export function summaryOf(message: string): string {
  const first = message.trim().split('\n')[0];
  if (first.length <= SUMMARY_MAX) return first;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(first)?.[0];
  let summary = sentence && sentence.length <= SUMMARY_MAX ? sentence : first;
  if (summary.length > SUMMARY_MAX) {
    const cut = summary.lastIndexOf(' ', SUMMARY_MAX - 1);
    summary = `${summary.slice(0, cut > SUMMARY_MAX / 2 ? cut : SUMMARY_MAX - 1)}…`;
  }
  return summary;
}
