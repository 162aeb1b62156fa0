// The raw binding exported by native/src/addon.cc (see native/index.ts for the typed wrapper).
export interface RawInject {
  name: string;
  error?: string;
  short?: number;
  first?: number;
  last?: number;
  step?: number;
}

export interface RawLimits {
  wallMs?: number;
  cpuSeconds?: number;
  memoryBytes?: number;
  processes?: number;
  fileBytes?: number;
}

export interface RawStartOptions {
  argv: string[];
  env?: string[];
  cwd?: string;
  payload?: number;
  sites?: boolean;
  inject?: RawInject[];
  limits?: RawLimits;
  /** give the program pipes for stdin/stdout/stderr instead of this process's own */
  pipes?: boolean;
  /** an open fd for the tracer to write the events to itself, instead of the event pipe */
  out?: number;
  /** report calls that have been waiting 200 ms on the status pipe ("blocked" records) */
  blocked?: boolean;
}

export interface RawStarted {
  /** the tracer process */
  pid: number;
  /** read end of the event pipe: JSON lines (none when the events go to `out`) */
  fd?: number;
  /** read end of the status pipe: records about the run, call-site questions (JSON lines) */
  status: number;
  /** write end of the control pipe: call-site answers */
  control: number;
  stdin?: number;
  stdout?: number;
  stderr?: number;
}

export interface RawBinding {
  start(o: RawStartOptions): RawStarted;
  /** how the tracer process ended (signal: the one that killed it, 0 if none), or null while it runs */
  reap(pid: number): { code: number; signal: number } | null;
  signal(pid: number, sig: number): boolean;
  constants(): Record<string, Record<string, number>>;
  unsupported?: string;
}
