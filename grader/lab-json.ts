// Generated from labs/schema.json by `npm run gen:spec` (scripts/gen-spec.ts): do not edit.
// test/grader/spec-schema.test.ts fails when this file and the schema differ; grader/spec.ts builds on it.

/**
 * arguments after the program's name; {port}, {port2}, {path} and {abstract} are filled in by the grader
 */
export type Argv = string[];
export type Ready =
  | {
      listen: 'tcp' | 'udp' | 'unix';
      port?: string;
      path?: string;
      withinMs?: Ms;
    }
  | {
      stdout: string;
      withinMs?: Ms;
    }
  | {
      delayMs: Ms;
    };
export type Ms = number;
export type Check = BehaviourCheck | TraceCheck | OutputCheck;
export type CheckId = string;
export type CheckTitle = string;
/**
 * id of the lab step the check belongs to
 */
export type CheckStep = string;
export type CheckPoints = number;
export type Action =
  | {
      do: 'connect';
      as: Name;
      family?: Family;
      host?: string;
      port?: string;
      path?: string;
      refused?: boolean;
      withinMs?: Ms;
    }
  | {
      do: 'listen';
      as: Name;
      family?: Family;
      port?: string;
    }
  | {
      do: 'accept';
      on: Name;
      as: Name;
      withinMs?: Ms;
    }
  | {
      do: 'send';
      on: Name;
      data: Data;
      encoding?: Encoding;
      repeat?: number;
      chunk?: number;
      delayMs?: Ms;
    }
  | {
      do: 'expect';
      on: Name;
      data?: Data;
      encoding?: Encoding;
      repeat?: number;
      match?: string;
      bytes?: number;
      withinMs?: Ms;
    }
  | {
      do: 'expectEof';
      on: Name;
      withinMs?: Ms;
    }
  | {
      do: 'expectNothing';
      on: Name;
      ms?: Ms;
    }
  | {
      do: 'close';
      on: Name;
      reset?: boolean;
      full?: boolean;
    }
  | {
      do: 'udp';
      as: Name;
      family?: Family;
    }
  | {
      do: 'sendto';
      on: Name;
      data: Data;
      encoding?: Encoding;
      repeat?: number;
      host?: string;
      port?: string;
    }
  | {
      do: 'expectDatagram';
      on: Name;
      data?: Data;
      encoding?: Encoding;
      repeat?: number;
      match?: string;
      withinMs?: Ms;
    }
  | {
      do: 'clients';
      count: number;
      script: Action[];
      withinMs?: Ms;
    }
  | {
      do: 'http';
      method?: string;
      path: string;
      headers?: {
        [k: string]: string;
      };
      body?: string;
      family?: Family;
      withinMs?: Ms;
      expect: HttpExpect;
    }
  | {
      do: 'wait';
      ms: Ms;
    }
  | {
      do: 'idle';
      ms: Ms;
      /**
       * what the grader is doing meanwhile, for messages
       */
      label?: string;
    }
  | {
      do: 'file';
      path: string;
      data?: string;
    }
  | {
      do: 'timeWait';
      port?: string;
    };
export type Name = string;
export type Family = 'ipv4' | 'ipv6' | 'unix';
/**
 * text (JSON escapes allowed; {i} is the client's number inside a clients script), or hex or base64 as encoding says
 */
export type Data = string;
/**
 * how data is written, default text
 */
export type Encoding = 'text' | 'hex' | 'base64';
export type Matcher =
  | (string | number | boolean | null)
  | {
      flag: string;
    }
  | {
      oneOf: Matcher[];
    }
  | {
      min?: number;
      max?: number;
    }
  | {
      not: Matcher;
    }
  | {
      regex: string;
    }
  | {
      fields: {
        [k: string]: Matcher;
      };
    };

/**
 * One guided lab: what it teaches, its steps, the student's files, how the program starts and how it is graded.
 */
export interface LabJson {
  $schema?: string;
  /**
   * equals the lab's folder name
   */
  id: string;
  title: string;
  summary: string;
  /**
   * @minItems 1
   */
  concepts: string[];
  /**
   * @minItems 1
   */
  steps: LabStep[];
  /**
   * files the student writes
   *
   * @minItems 1
   */
  files: string[];
  /**
   * folder of the starter files
   */
  starter: string;
  /**
   * folder of the reference solution
   */
  solution: string;
  build?: BuildSpec;
  program: ProgramSpec;
  /**
   * what the README promises the program does that a student can break, each with the checks that grade it
   *
   * @minItems 1
   */
  promises: LabPromise[];
  grading: {
    /**
     * @minItems 1
     */
    checks: Check[];
  };
}
export interface LabStep {
  id: string;
  /**
   * equals a '## ' heading of README.md
   */
  title: string;
}
export interface BuildSpec {
  sources?: string[];
  flags?: string[];
}
export interface ProgramSpec {
  role: 'server' | 'client' | 'tool';
  argv: Argv;
  ready?: Ready;
  /**
   * a client lab: the id of a behaviour check whose peer Run and Trace plays, so the program has a server to talk to
   */
  practice?: string;
}
export interface LabPromise {
  promise: string;
  /**
   * @minItems 1
   */
  checks: string[];
}
export interface BehaviourCheck {
  id: CheckId;
  title: CheckTitle;
  step?: CheckStep;
  points?: CheckPoints;
  kind: 'behaviour';
  argv?: Argv;
  /**
   * tracer fault injection: NAME:error=ERRNO[:when=N] or NAME:short=BYTES[:when=N]
   */
  inject?: string[];
  ready?: Ready;
  before?: Action[];
  peer: Action[];
  exit?: ExitExpect;
  stdin?: string;
  timeoutMs?: Ms;
}
export interface HttpExpect {
  status?: number;
  headers?: {
    [k: string]: string;
  };
  body?: string;
  bodyMatch?: string;
}
export interface ExitExpect {
  code?: number;
  withinMs?: Ms;
}
export interface TraceCheck {
  id: CheckId;
  title: CheckTitle;
  step?: CheckStep;
  points?: CheckPoints;
  kind: 'trace';
  /**
   * the behaviour check whose run's trace is read
   */
  on: string;
  rule:
    | 'sequence'
    | 'contains'
    | 'absent'
    | 'count'
    | 'closed'
    | 'handled'
    | 'complete-writes'
    | 'idle'
    | 'all-nonblocking'
    | 'new-socket-per-connect'
    | 'reaped'
    | 'children-exit'
    | 'child-closes-listener';
  /**
   * @minItems 1
   */
  calls?: CallPattern[];
  call?: CallPattern;
  min?: number;
  max?: number;
  which?: 'accepted' | 'all';
  given?: CallPattern;
}
export interface CallPattern {
  call: string | string[];
  args?: {
    [k: string]: Matcher;
  };
  ret?: Matcher;
  errno?: string;
  describe: string;
  capture?: {
    [k: string]: string;
  };
}
export interface OutputCheck {
  id: CheckId;
  title: CheckTitle;
  step?: CheckStep;
  points?: CheckPoints;
  kind: 'output';
  on?: string;
  source: string;
  contains?: string[];
  matches?: string[];
  notMatches?: string[];
}
