// The shape of a lab's lab.json for the grader: the types generated from labs/schema.json (grader/lab-json.ts,
// `npm run gen:spec`), and what a generated type cannot say: the fields each trace rule needs (the schema's
// if/then), and a lab made in code, which may leave out its promises.
import type * as Json from './lab-json';

export type {
  Action, BehaviourCheck, BuildSpec, CallPattern, ExitExpect, Family, HttpExpect, LabPromise, LabStep, Matcher, OutputCheck,
  ProgramSpec,
} from './lab-json';

/** When a started server counts as ready for the grader's first action. */
export type ReadySpec = Json.Ready;

/** The bytes a send or an expect names: text (JSON escapes allowed; {i} is the client's number inside a
 * `clients` script), or hex digits, or base64, as `encoding` says (default text); `repeat` times. */
export type DataSpec = Pick<Extract<Json.Action, { do: 'send' }>, 'data' | 'encoding' | 'repeat'>;

type RuleFields = Pick<Json.TraceCheck, 'rule' | 'calls' | 'call' | 'min' | 'max' | 'which' | 'given'>;
/** A rule and the fields it cannot do without. */
type Needs<R extends Json.TraceCheck['rule'], K extends keyof RuleFields = never, O extends keyof RuleFields = never> =
  { rule: R } & Required<Pick<RuleFields, K>> & Pick<RuleFields, O>;
type WithFields = 'sequence' | 'contains' | 'absent' | 'count' | 'closed';

/**
 * What a trace check judges, with the fields its rule requires. sequence, contains: the calls in order, or
 * anywhere; absent, count: one call pattern; closed: which sockets. The others need nothing: handled,
 * complete-writes, idle (every idle pause was quiet: few calls, little CPU, grader/idle.ts), all-nonblocking
 * (every socket is non-blocking before it first waits), new-socket-per-connect (no connect() again on a socket
 * whose connect() failed), reaped (no zombie child at an idle pause's end), children-exit (no process left but
 * the started one then), child-closes-listener (each child closes its copy of the listening socket). `given`:
 * what must have happened in the run for the rule to judge anything (trace-subjects.ts).
 */
export type TraceRule = (
  | Needs<'sequence' | 'contains', 'calls'>
  | Needs<'absent', 'call'>
  | Needs<'count', 'call', 'min' | 'max'>
  | Needs<'closed', 'which'>
  | { rule: Exclude<Json.TraceCheck['rule'], WithFields> }
) & Pick<RuleFields, 'given'>;

export type TraceCheck = Omit<Json.TraceCheck, keyof RuleFields> & TraceRule;

export type Check = Json.BehaviourCheck | TraceCheck | Json.OutputCheck;

/** A lab.json as the grader reads it; one made in code (a test's) may leave out the promises the schema requires. */
export type LabSpec = Omit<Json.LabJson, '$schema' | 'promises' | 'grading'> & Partial<Pick<Json.LabJson, 'promises'>> & {
  grading: { checks: Check[] };
};

/** Compile-time checks: what the grader reads is a lab.json the schema allows. */
type Holds<T extends true> = T;
type _TraceCheckFitsSchema = Holds<TraceCheck extends Json.TraceCheck ? true : false>;
type _LabSpecFitsSchema = Holds<Required<LabSpec> extends Omit<Json.LabJson, '$schema'> ? true : false>;
