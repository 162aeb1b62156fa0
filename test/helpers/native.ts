// Shared test helpers: compile C with the real compiler, run the real CLI, read its JSONL trace.
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SyscallEvent, TraceEvent } from '../../common/events';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'socklab.js');

export function tmpDir(prefix = 'socklab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Compile C source (text) or a file under test/native/c into dir; returns the executable's path. */
export function compileC(source: string, dir: string, name: string, extra: string[] = []): string {
  const file = source.endsWith('.c') && !source.includes('\n') ? path.join(ROOT, 'test', 'native', 'c', source) : path.join(dir, name + '.c');
  if (file.startsWith(dir)) fs.writeFileSync(file, source);
  const exe = path.join(dir, name);
  execFileSync('cc', ['-g', '-O0', '-Wall', '-o', exe, file, '-lpthread', ...extra], { stdio: 'pipe' });
  return exe;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: TraceEvent[];
}

/** Run `socklab ARGS` with a JSONL trace to a file (unless args already choose). */
export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; input?: string } = {}): CliResult {
  const dir = tmpDir();
  const out = path.join(dir, 'trace.jsonl');
  const [cmd, ...rest] = args;
  const full = cmd === 'trace' || cmd === 'run' ? [cmd, '--format', 'jsonl', '--out', out, ...rest] : args;
  const r = spawnSync(process.execPath, [CLI, ...full], {
    cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs ?? 60000, input: opts.input ?? '',
  });
  const events = fs.existsSync(out) ? readJsonl(out) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, events };
}

export function readJsonl(file: string): TraceEvent[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export function syscalls(events: TraceEvent[], name?: string): SyscallEvent[] {
  return events.filter((e): e is SyscallEvent => e.type === 'syscall' && (!name || e.name === name));
}

/** Start the CLI in the background (for signal tests). */
export function spawnCli(args: string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Lines marked `@site NAME` in a C file: NAME -> line number. */
export function markedLines(file: string): Map<string, number> {
  const m = new Map<string, number>();
  fs.readFileSync(file, 'utf8').split('\n').forEach((l, i) => {
    const k = l.match(/@site ([\w-]+)/);
    if (k) m.set(k[1], i + 1);
  });
  return m;
}

let unavailable: string | null | undefined;

/** Why tracing cannot work here (not Linux, no compiler, ptrace not permitted), or null when it can. */
export function tracingUnavailable(): string | null {
  if (unavailable !== undefined) return unavailable;
  if (process.platform !== 'linux') return (unavailable = 'the tracer runs on Linux only');
  if (spawnSync('cc', ['--version']).status !== 0) return (unavailable = 'no C compiler (cc) on PATH');
  const r = spawnSync(process.execPath, [CLI, 'trace', '--', '/bin/true'], { encoding: 'utf8' });
  return (unavailable = r.status === 0 ? null
    : `ptrace is not permitted here (socklab trace /bin/true: ${r.stderr.trim() || `exit ${r.status}`})`);
}

/** In a `before`: skip the suite, saying why, when tracing cannot work here (never a silent pass). */
export function skipUnlessTracing(ctx: Mocha.Context): void {
  const why = tracingUnavailable();
  if (!why) return;
  console.log(`    skipped: ${why}`);
  ctx.skip();
}

/** Is the process still running? A zombie (dead, waiting for its parent to reap it) is not. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
