// A student's progress through the labs and the tree the Socket Lab view draws from it: each lab with its
// status (not started, in progress, passed) and its steps with the result of the last grading. Pure: the
// progress is a plain object that the view keeps in VS Code's global state.
import type { LabSpec } from '../../grader/spec';
import type { GradeReport } from '../testing/grade-report';

/** the view's id in `contributes.views` */
export const LABS_VIEW_ID = 'socketLab.labs';

/**
 * Context keys for what the student has really done, which the getting-started walkthrough's steps wait for
 * (`onContext:` completion events): a lab opened, a program run under the tracer, its calls shown in the
 * trace panel, a grading finished, a grading with every check passed.
 */
export const MILESTONES = {
  labOpened: 'socketLab.labOpened',
  traced: 'socketLab.traced',
  traceRead: 'socketLab.traceRead',
  graded: 'socketLab.graded',
  passed: 'socketLab.gradePassed',
} as const;
export type Milestone = keyof typeof MILESTONES;

/** the getting-started walkthrough: `publisher.name#id` of package.json */
export const WALKTHROUGH_ID = 'socketlab.socket-lab#socketLab.gettingStarted';

/** context key set once a grading passes every check; the walkthrough's last step waits for it */
export const GRADE_PASSED_CONTEXT = MILESTONES.passed;

export type LabStatus = 'notStarted' | 'inProgress' | 'passed';
export type StepStatus = 'notGraded' | 'passed' | 'failing';

export interface LabRecord {
  /** when the student first worked on the lab (ms since the epoch) */
  startedAt?: number;
  /** when a grading first passed every check; once passed, a lab stays passed */
  passedAt?: number;
  /** the last grading's score */
  score?: { got: number; max: number };
  /** check id -> passed, from the last grading */
  checks?: Record<string, boolean>;
}

/** lab id -> record; what is stored. */
export type Progress = Record<string, LabRecord>;

export function labStatus(r: LabRecord | undefined): LabStatus {
  if (r?.passedAt !== undefined) return 'passed';
  return r?.startedAt !== undefined ? 'inProgress' : 'notStarted';
}

/** The lab was opened, run or graded: it is in progress unless it already was. */
export function markStarted(p: Progress, labId: string, now: number): Progress {
  if (p[labId]?.startedAt !== undefined) return p;
  return { ...p, [labId]: { ...p[labId], startedAt: now } };
}

/** Records a grading of `labId`: the score, each check's result, and the first time it passed. */
export function recordGrade(p: Progress, labId: string, report: GradeReport, now: number): Progress {
  const prev = p[labId] ?? {};
  const checks: Record<string, boolean> = {};
  for (const c of report.checks) if (c.status !== 'skip') checks[c.id] = c.status === 'pass';
  return {
    ...p,
    [labId]: {
      ...prev,
      startedAt: prev.startedAt ?? now,
      passedAt: prev.passedAt ?? (report.passed ? now : undefined),
      score: { got: report.score, max: report.maxScore },
      checks,
    },
  };
}

/** The milestones that the progress itself shows: a lab started, graded, passed. */
export function progressMilestones(p: Progress): Milestone[] {
  const records = Object.values(p);
  const out: Milestone[] = [];
  if (records.some((r) => r.startedAt !== undefined)) out.push('labOpened');
  if (records.some((r) => r.score !== undefined)) out.push('graded');
  if (records.some((r) => r.passedAt !== undefined)) out.push('passed');
  return out;
}

/** A step passes when every check of it passed in the last grading, fails when one of them failed. */
export function stepStatus(spec: LabSpec, stepId: string, r: LabRecord | undefined): StepStatus {
  const ids = spec.grading.checks.filter((c) => c.step === stepId).map((c) => c.id);
  const results = ids.map((id) => r?.checks?.[id]).filter((v): v is boolean => v !== undefined);
  if (results.length === 0) return 'notGraded';
  if (results.includes(false)) return 'failing';
  return results.length === ids.length ? 'passed' : 'notGraded';
}

/** One row of the view, independent of VS Code's TreeItem. */
export interface LabNode {
  kind: 'lab' | 'step';
  /** unique in the tree: the lab id, or lab id/step id */
  id: string;
  labId: string;
  label: string;
  description: string;
  tooltip: string;
  /** what a screen reader says: the label and the status */
  ariaLabel: string;
  /** a codicon name */
  icon: string;
  status: LabStatus | StepStatus;
  children: LabNode[];
}

const LAB_TEXT: Record<LabStatus, { text: string; icon: string }> = {
  notStarted: { text: 'not started', icon: 'circle-large-outline' },
  inProgress: { text: 'in progress', icon: 'circle-large-filled' },
  passed: { text: 'passed', icon: 'pass-filled' },
};

const STEP_TEXT: Record<StepStatus, { text: string; icon: string }> = {
  notGraded: { text: 'not graded', icon: 'circle-small' },
  passed: { text: 'passed', icon: 'check' },
  failing: { text: 'failing', icon: 'error' },
};

/** "2. A TCP echo server" for 02-tcp-echo: the number gives the course's order. */
export function labLabel(spec: Pick<LabSpec, 'id' | 'title'>): string {
  const n = /^(\d+)-/.exec(spec.id);
  return n ? `${Number(n[1])}. ${spec.title}` : spec.title;
}

/** The labs in course order, each with its steps as children. */
export function labTree(specs: readonly LabSpec[], p: Progress): LabNode[] {
  return specs.map((spec) => {
    const r = p[spec.id];
    const status = labStatus(r);
    const score = r?.score ? ` · ${r.score.got}/${r.score.max}` : '';
    const steps = spec.steps.map((step): LabNode => {
      const s = stepStatus(spec, step.id, r);
      const checks = spec.grading.checks.filter((c) => c.step === step.id).length;
      return {
        kind: 'step', id: `${spec.id}/${step.id}`, labId: spec.id, label: step.title,
        description: STEP_TEXT[s].text, icon: STEP_TEXT[s].icon, status: s, children: [],
        ariaLabel: `${step.title}: ${STEP_TEXT[s].text}`,
        tooltip: `${step.title}: ${checks} check${checks === 1 ? '' : 's'}${s === 'notGraded' ? '' : `, ${STEP_TEXT[s].text} at the last grading`}`,
      };
    });
    const label = labLabel(spec);
    const description = `${LAB_TEXT[status].text}${score}`;
    return {
      kind: 'lab', id: spec.id, labId: spec.id, label, description, icon: LAB_TEXT[status].icon, status,
      tooltip: `${spec.summary}\n\n${description}`, ariaLabel: `${label}: ${description}`, children: steps,
    };
  });
}

/** Reads stored progress defensively: anything that is not a record of records counts as no progress. */
export function readProgress(stored: unknown): Progress {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  const out: Progress = {};
  for (const [id, r] of Object.entries(stored as Record<string, unknown>)) {
    if (r && typeof r === 'object' && !Array.isArray(r)) out[id] = r as LabRecord;
  }
  return out;
}
