// Shared helpers for the native tests: compiling the C test programs, running `socklab trace`, and turning a
// trace into a form that is the same on every run (pids, tids, ports, inodes, pointers and temp paths).
import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TraceEvent } from '../../common/events';

export const ROOT = path.resolve(__dirname, '../..');
export const PROGRAMS = path.join(__dirname, 'programs');
const CLI = path.join(ROOT, 'bin', 'socklab.js');

export interface Ran {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, never rejecting: the caller checks what it needs. */
export function run(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
      resolve({ code, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

/**
 * Like run, but the command's stdin is /dev/null and its stdout and stderr are files: Node gives a child's
 * piped stdio as socketpairs, which a traced program would inherit as sockets of its own (traced like any
 * socket it starts with), and the traces compared here are of the sockets the programs make.
 */
export function runPlainStdio(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-stdio-'));
  const outFile = path.join(dir, 'out'), errFile = path.join(dir, 'err');
  const out = fs.openSync(outFile, 'w'), err = fs.openSync(errFile, 'w');
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', out, err] });
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 60000);
    const done = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      fs.closeSync(out);
      fs.closeSync(err);
      const ran = { code, signal, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') };
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(ran);
    };
    child.on('error', () => done(null, null));
    child.on('exit', (code, signal) => done(code, signal));
  });
}

/** Compiles programs/<src> (a path relative to programs/) into dir with debug info and no optimisation. */
export async function compile(src: string, dir: string): Promise<string> {
  const exe = path.join(dir, path.basename(src, '.c'));
  const r = await run('cc', ['-g', '-gdwarf-4', '-O0', '-Wall', '-I', PROGRAMS, '-o', exe, path.join(PROGRAMS, src), '-lpthread']);
  if (r.code !== 0) throw new Error(`cc ${src} failed:\n${r.stderr}`);
  return exe;
}

/** `socklab trace --format jsonl --out FILE -- argv`, run in cwd (by `runner`); the events and the exit code. */
export async function traceJsonl(argv: string[], cwd: string, runner = runPlainStdio): Promise<{ events: TraceEvent[]; ran: Ran }> {
  const out = path.join(cwd, `trace-${path.basename(argv[0])}.jsonl`);
  const ran = await runner(process.execPath, [CLI, 'trace', '--format', 'jsonl', '--out', out, '--', ...argv], { cwd });
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  const events = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TraceEvent);
  return { events, ran };
}

// ---- normalisation ----

export interface NormalizeOptions {
  /** strings replaced wherever they occur (temp dirs, unique tags), longest first */
  replace?: Record<string, string>;
}

/** Who is who: process labels p1, p2... (creation tree, depth first) and thread labels p1.t1... */
export interface Labels {
  proc: Map<number, string>;
  thread: Map<number, string>;
  /** process label -> its threads' tids in creation order, the main thread first */
  threads: Map<string, number[]>;
  order: string[];
}

/**
 * Labels processes in depth-first order of the creation tree (children in the order their parent made
 * them), so that two processes forked by different parents at the same moment cannot swap labels.
 */
export function labelProcesses(events: TraceEvent[]): Labels {
  const children = new Map<number, number[]>();
  const threadsOf = new Map<number, number[]>();
  const seen: number[] = [];
  const isChild = new Set<number>();
  for (const e of events) {
    if (!seen.includes(e.pid)) seen.push(e.pid);
    if (e.type !== 'spawn') continue;
    if (e.thread) (threadsOf.get(e.pid) ?? threadsOf.set(e.pid, []).get(e.pid)!).push(e.tid);
    else {
      (children.get(e.parent) ?? children.set(e.parent, []).get(e.parent)!).push(e.pid);
      isChild.add(e.pid);
    }
  }
  const labels: Labels = { proc: new Map(), thread: new Map(), threads: new Map(), order: [] };
  const visit = (pid: number) => {
    if (labels.proc.has(pid)) return;
    const p = `p${labels.proc.size + 1}`;
    labels.proc.set(pid, p);
    labels.order.push(p);
    labels.thread.set(pid, p);
    const tids = [pid];
    (threadsOf.get(pid) ?? []).forEach((tid, i) => {
      labels.thread.set(tid, `${p}.t${i + 1}`);
      tids.push(tid);
    });
    labels.threads.set(p, tids);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  for (const pid of seen) if (!isChild.has(pid)) visit(pid);
  for (const pid of seen) visit(pid);
  return labels;
}

function threadOf(e: TraceEvent): number {
  if (e.type === 'syscall' || e.type === 'signal') return e.tid;
  if (e.type === 'exit' && e.tid !== undefined) return e.tid;
  return e.pid;  // spawn of a thread is listed under the process that made it; exec and exit under the process
}

/**
 * The events grouped per thread (processes in label order, each process's threads in creation order), each
 * group in trace order. Within one thread the order is what the program did; across threads and processes
 * it depends on the scheduler, so it is not compared.
 */
export function perThread(events: TraceEvent[], labels: Labels): Map<string, TraceEvent[]> {
  const groups = new Map<string, TraceEvent[]>();
  for (const p of labels.order) for (const tid of labels.threads.get(p)!) groups.set(labels.thread.get(tid)!, []);
  for (const e of events) {
    const key = labels.thread.get(threadOf(e)) ?? labels.proc.get(e.pid)!;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e);
  }
  return groups;
}

/** Replaces run-dependent values in place: ports and inodes by their rank of appearance, pointers, paths. */
class Renamer {
  private ports = new Map<number, string>();
  private inodes = new Map<number, string>();
  private subs: [string, string][];

  constructor(private labels: Labels, replace: Record<string, string>) {
    this.subs = Object.entries(replace).sort((a, b) => b[0].length - a[0].length);
  }

  port(n: number): number | string {
    if (n === 0) return 0;
    return this.ports.get(n) ?? this.ports.set(n, `port${this.ports.size + 1}`).get(n)!;
  }

  inode(n: number): string {
    return this.inodes.get(n) ?? this.inodes.set(n, `inode${this.inodes.size + 1}`).get(n)!;
  }

  pid(n: number): string | number {
    return this.labels.proc.get(n) ?? this.labels.thread.get(n) ?? 'outside';
  }

  text(s: string): string {
    for (const [from, to] of this.subs) s = s.split(from).join(to);
    // user-space pointers differ on every run (ASLR); small ones (bad pointers like 0x8) are kept
    if (/^0x[0-9a-f]{7,}$/.test(s)) return '0xPTR';
    return s;
  }

  value(v: unknown, key = ''): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const inet = o.family === 'AF_INET' || o.family === 'AF_INET6';
    for (const [k, x] of Object.entries(o)) {
      if (inet && k === 'port' && typeof x === 'number') out[k] = this.port(x);
      // a cut inet address: its raw bytes start with the port (network order), renamed like the others
      else if (inet && k === 'raw' && o.truncated === true && typeof x === 'string' && x.length >= 4)
        out[k] = `${this.port(parseInt(x.slice(0, 4), 16))}:${x.slice(4)}`;
      else if (k === 'inode' && typeof x === 'number') out[k] = this.inode(x);
      // Linux autobinds an unnamed unix socket to five random hex digits in the abstract namespace
      else if (k === 'abstract' && typeof x === 'string' && /^[0-9a-f]{5}$/.test(x)) out[k] = 'AUTOBIND';
      else out[k] = this.value(x, k);
    }
    void key;
    return out;
  }
}

/** One normalised event: no timing, labelled pids, seq as the rank within its thread. */
export type NormEvent = Record<string, unknown>;

/** The trace, per thread, with every run-dependent value replaced: equal on every run of the program. */
export function normalize(events: TraceEvent[], opts: NormalizeOptions = {}): NormEvent[] {
  const labels = labelProcesses(events);
  const r = new Renamer(labels, opts.replace ?? {});
  const out: NormEvent[] = [];
  for (const [, group] of perThread(events, labels)) {
    let seq = 0;
    for (const e of group) {
      const n: NormEvent = { ...(e as unknown as Record<string, unknown>) };
      delete n.ts;
      delete n.dur;
      delete n.pc;
      if (e.type === 'syscall') n.seq = ++seq;
      n.pid = r.pid(e.pid);
      if ('tid' in e && e.tid !== undefined) n.tid = r.pid(e.tid);
      if (e.type === 'spawn') n.parent = r.pid(e.parent);
      if (e.type === 'signal' && e.from !== undefined) n.from = r.pid(e.from);
      if (e.type === 'syscall' && e.site) n.site = { ...e.site, file: path.basename(e.site.file) };
      for (const k of ['args', 'sock', 'newsock', 'ready', 'path', 'argv']) if (k in n) n[k] = r.value(n[k]);
      out.push(n);
    }
  }
  return out;
}

/** One JSON object per line, keys in a fixed order (type, pid, tid, seq first) so diffs read well. */
export function toJsonl(events: NormEvent[]): string {
  const first = ['type', 'pid', 'tid', 'seq', 'name', 'args', 'ret', 'errno'];
  return events.map((e) => {
    const o: Record<string, unknown> = {};
    for (const k of first) if (k in e) o[k] = e[k];
    for (const k of Object.keys(e)) if (!(k in o)) o[k] = e[k];
    return JSON.stringify(o);
  }).join('\n') + '\n';
}
