// Markdown for reports that course services render (Gradescope's output_format "md"): text a student's
// program or the grader wrote is escaped, never read as Markdown or HTML.
import type { CheckResult } from './engine';

/** Text as a Markdown paragraph: HTML characters as entities, Markdown's own marks backslash-escaped. */
export function mdText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|~])/g, '\\$1')
    .replace(/\n/g, '  \n');
}

/** A fenced code block whose fence is longer than any run of backticks inside. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${s.replace(/\n$/, '')}\n${fence}`;
}

/** A failed check in Markdown: the message, the student's line, what was expected beside what came. */
export function failureMarkdown(c: CheckResult): string {
  const parts = [mdText(c.message ?? 'failed')];
  if (c.location) parts.push(`at ${mdCode1(`${c.location.file}:${c.location.line}`)}`);
  for (const r of c.related ?? []) parts.push(`see ${mdCode1(`${r.file}:${r.line}`)}: ${mdText(r.note)}`);
  if (c.expected !== undefined && c.actual !== undefined) parts.push('expected:', mdCode(c.expected), 'actual:', mdCode(c.actual));
  return parts.join('\n\n');
}

/** Inline code, with a fence of backticks longer than any inside. */
function mdCode1(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  return `${tick}${longest ? ' ' : ''}${s}${longest ? ' ' : ''}${tick}`;
}
