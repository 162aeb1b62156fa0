// Reading `socklab grade --format json` output for the editor: the checks and, for a failure, the student's
// line the message points at (" at echo_server.c:42"). Pure.

export interface GradedCheck {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  message?: string;
  points: number;
  maxPoints: number;
  durationMs: number;
}

export interface GradeReport {
  lab: { id: string; title: string };
  passed: boolean;
  score: number;
  maxScore: number;
  notes: string[];
  compile: { ok: boolean; output: string };
  checks: GradedCheck[];
}

export function parseGradeReport(json: string): GradeReport | undefined {
  try {
    const r = JSON.parse(json) as GradeReport;
    if (!r || typeof r !== 'object' || !Array.isArray(r.checks) || !r.lab) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** The first `file.c:LINE` a message names, as a file name and a 1-based line. */
export function messageSite(message: string | undefined): { file: string; line: number } | undefined {
  const m = message ? /\b([\w.-]+\.[ch]):(\d+)\b/.exec(message) : null;
  return m ? { file: m[1], line: Number(m[2]) } : undefined;
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
