// The shape of a lab's lab.json, as TypeScript types. labs/schema.json says the same for JSON;
// test/grader/schema.test.ts keeps the two in step by validating every lab against the schema.

export interface LabStep {
  id: string;
  /** must equal a `## ` heading of the lab's README.md */
  title: string;
}

/** How the graded program is started. Placeholders such as {port} are filled in per run. */
export interface ProgramSpec {
  /** server: the grader is its client; client: the grader is its server; tool: runs and exits */
  role: 'server' | 'client' | 'tool';
  argv: string[];
  ready?: ReadySpec;
  /** a client lab: the behaviour check whose `before` and `peer` Run and Trace plays as the program's server */
  practice?: string;
}

/** When a started server counts as ready for the grader's first action. */
export type ReadySpec =
  | { listen: 'tcp' | 'udp' | 'unix'; port?: string; path?: string; withinMs?: number }
  | { stdout: string; withinMs?: number }
  | { delayMs: number };

export interface BuildSpec {
  /** the C sources to compile, default: every .c file in `files` */
  sources?: string[];
  /** extra compiler flags, e.g. ["-pthread"] */
  flags?: string[];
}

// ---- behaviour: the grader plays the peer --------------------------------------------------

export type Family = 'ipv4' | 'ipv6' | 'unix';

export interface DataSpec {
  /** the bytes to send or expect: text (JSON escapes allowed; {i} is the client's number inside a
   * `clients` script), or hex digits, or base64, as `encoding` says */
  data: string;
  /** how `data` is written (default text) */
  encoding?: 'text' | 'hex' | 'base64';
  /** the data repeated this many times (default 1) */
  repeat?: number;
}

export type Action =
  | { do: 'connect'; as: string; family?: Family; host?: string; port?: string; path?: string;
      refused?: boolean; withinMs?: number }
  | { do: 'listen'; as: string; family?: Family; port?: string }
  | { do: 'accept'; on: string; as: string; withinMs?: number }
  | ({ do: 'send'; on: string; chunk?: number; delayMs?: number } & DataSpec)
  | ({ do: 'expect'; on: string; withinMs?: number } & Partial<DataSpec> & { match?: string; bytes?: number })
  | { do: 'expectEof'; on: string; withinMs?: number }
  /** nothing more arrives for `ms` (default 300): a reply had no extra bytes after it */
  | { do: 'expectNothing'; on: string; ms?: number }
  /** half close (FIN, still reading) by default; full: close the socket; reset: send RST */
  | { do: 'close'; on: string; reset?: boolean; full?: boolean }
  | { do: 'udp'; as: string; family?: Family }
  | ({ do: 'sendto'; on: string; host?: string; port?: string } & DataSpec)
  | ({ do: 'expectDatagram'; on: string; withinMs?: number } & Partial<DataSpec> & { match?: string })
  | { do: 'clients'; count: number; script: Action[]; withinMs?: number }
  | { do: 'http'; method?: string; path: string; headers?: Record<string, string>; body?: string;
      family?: Family; expect: HttpExpect; withinMs?: number }
  | { do: 'wait'; ms: number }
  /** a pause in which the program should be idle; measured for the idle rule (grader/idle.ts) */
  | { do: 'idle'; ms: number; label?: string }
  /** leaves a file at a path (e.g. a stale socket file the program must unlink before bind) */
  | { do: 'file'; path: string; data?: string }
  /** leaves a TIME_WAIT connection on a port, as a server that just exited would */
  | { do: 'timeWait'; port?: string };

export interface HttpExpect {
  status?: number;
  /** header name (any case) -> regular expression its value must match */
  headers?: Record<string, string>;
  body?: string;
  bodyMatch?: string;
}

export interface ExitExpect {
  code?: number;
  withinMs?: number;
}

interface CheckBase {
  id: string;
  title: string;
  /** the lab step this check belongs to */
  step?: string;
  points?: number;
}

export interface BehaviourCheck extends CheckBase {
  kind: 'behaviour';
  /** overrides the program's argv for this run */
  argv?: string[];
  /** fault injection handed to the tracer, e.g. "sendto:short=1:when=1" */
  inject?: string[];
  ready?: ReadySpec;
  /** actions done before the program starts (e.g. the grader listens for a client lab) */
  before?: Action[];
  peer: Action[];
  /** the program must end by itself, with this status; without it a server must stay up until stopped */
  exit?: ExitExpect;
  /** text written to the program's standard input, which is then closed */
  stdin?: string;
  timeoutMs?: number;
}

// ---- trace: patterns over the tracer's events ----------------------------------------------

/** A JSON matcher for one argument value. Strings starting with $ name a captured value. */
export type Matcher =
  | string
  | number
  | boolean
  | null
  | { flag: string }
  | { oneOf: Matcher[] }
  | { min?: number; max?: number }
  | { not: Matcher }
  | { regex: string }
  | { fields: Record<string, Matcher> };

export interface CallPattern {
  /** a syscall name, a list of names, or an alias: @send @recv @accept @spawn */
  call: string | string[];
  args?: Record<string, Matcher>;
  ret?: Matcher;
  errno?: string;
  /** how a message names this call, e.g. "listen(fd, backlog >= 1)" */
  describe: string;
  /** capture values for later patterns: name -> "ret" or an argument name (a.b for nested) */
  capture?: Record<string, string>;
}

export type TraceRule = (
  | { rule: 'sequence'; calls: CallPattern[] }
  | { rule: 'contains'; calls: CallPattern[] }
  | { rule: 'absent'; call: CallPattern }
  | { rule: 'count'; call: CallPattern; min?: number; max?: number }
  | { rule: 'closed'; which: 'accepted' | 'all' }
  | { rule: 'handled' }
  | { rule: 'complete-writes' }
  /** every idle pause of the run was quiet: few calls, little CPU (grader/idle.ts) */
  | { rule: 'idle' }
  /** every socket the program made is non-blocking before it first waits on it */
  | { rule: 'all-nonblocking' }
  /** no connect() again on a socket whose connect() failed */
  | { rule: 'new-socket-per-connect' }
  /** at the end of each idle pause, no child of the program is a zombie */
  | { rule: 'reaped' }
  /** at the end of each idle pause (no client left), the started process is the only one */
  | { rule: 'children-exit' }
  /** each child process closes its copy of the listening socket */
  | { rule: 'child-closes-listener' }
) & {
  /** what must have happened in the run for the rule to judge anything (trace-subjects.ts) */
  given?: CallPattern;
};

export type TraceCheck = CheckBase & { kind: 'trace'; on: string } & TraceRule;

// ---- output --------------------------------------------------------------------------------

export interface OutputCheck extends CheckBase {
  kind: 'output';
  /** the behaviour check whose run is read; not needed for a file */
  on?: string;
  /** stdout, stderr, or file:NAME for a file the student writes */
  source: string;
  contains?: string[];
  matches?: string[];
  notMatches?: string[];
}

export type Check = BehaviourCheck | TraceCheck | OutputCheck;

export interface LabPromise {
  promise: string;
  /** ids of the checks that fail when the promise is broken */
  checks: string[];
}

export interface LabSpec {
  id: string;
  title: string;
  summary: string;
  concepts: string[];
  steps: LabStep[];
  /** files the student writes, relative to the submission folder */
  files: string[];
  starter: string;
  solution: string;
  build?: BuildSpec;
  program: ProgramSpec;
  /** what the README promises that a student can break, with the checks that grade each */
  promises?: LabPromise[];
  grading: { checks: Check[] };
}
