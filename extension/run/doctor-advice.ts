// What the editor says after checking the machine (runner/doctor-report.ts): nothing when everything works,
// else one notification about the worst gap with its fix, and the whole report as a Markdown document.
// Pure: a unit test decides which message a report gets without VS Code.
import type { DoctorCheck, DoctorReport } from '../../runner/doctor-report';

export interface DoctorAdvice {
  level: 'error' | 'warning' | 'info';
  text: string;
  /** the check the text is about */
  check: string;
}

/** Worst first: what makes the trace inexact, then what stops compiling, grading, and last a fallback in use. */
function rank(c: DoctorCheck): number {
  if (!c.exact) return 0;
  if (c.status === 'missing') return c.area === 'compiling' ? 1 : 2;
  return 3;
}

export function doctorAdvice(r: DoctorReport): DoctorAdvice | undefined {
  const gaps = r.checks.filter((c) => c.status !== 'works').sort((a, b) => rank(a) - rank(b));
  if (gaps.length === 0) return undefined;
  const first = gaps[0];
  const more = gaps.length > 1 ? ` (and ${gaps.length - 1} more in the report)` : '';
  const fix = first.fix ? ` Fix: ${first.fix}` : '';
  if (!first.exact) {
    return { level: 'error', check: first.id, text: `This machine cannot trace exactly: ${first.title} is missing (${first.detail}), so ${first.cost}${fix}${more}` };
  }
  if (first.status === 'missing') {
    return { level: 'warning', check: first.id, text: `${first.title} is missing here (${first.detail}): ${first.cost}${fix}${more}` };
  }
  return { level: 'info', check: first.id, text: `Traces are exact here, through a fallback: ${first.title}: ${first.detail}.${fix}${more}` };
}

const ICON: Record<DoctorCheck['status'], string> = { works: 'works', degraded: 'degraded', missing: '**missing**' };

/** The full report as Markdown: a table of every check, then the cost and fix of each that does not work. */
export function reportMarkdown(r: DoctorReport, when: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = [
    '# Socket Lab: Check This Machine', '',
    `${r.exact ? 'Tracing is exact on this machine.' : '**Tracing is not exact on this machine.**'} Checked ${when}; \`socklab doctor\` prints the same report.`, '',
    '| | check | found |', '|---|---|---|',
    ...r.checks.map((c) => `| ${ICON[c.status]} | ${cell(c.title)} | ${cell(c.detail)} |`),
  ];
  for (const c of r.checks.filter((x) => x.status !== 'works')) {
    out.push('', `## ${c.title}: ${c.status}`, '', `- **Found:** ${c.detail}`, `- **What it costs:** ${c.cost}`, `- **Fix:** ${c.fix}`);
  }
  return out.join('\n') + '\n';
}
