// Shared by the grader tests: where the repository is, the known-wrong solutions, whether the tracer is built
// in, and a few event builders for recorded traces.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { loadLab } from '../../grader/labs';

export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'labs', 'schema.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root from the tests');
    dir = up;
  }
  return dir;
})();

export const labsDir = path.join(repoRoot, 'labs');
export const casesDir = path.join(repoRoot, 'test', 'lab-cases');

/** The known-wrong solutions of a lab: test/lab-cases/<lab>/<mistake>/ with an expect.json. */
export function listCases(lab: string): string[] {
  const dir = path.join(casesDir, lab);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'expect.json'))).sort() : [];
}

let made: string | undefined;
/**
 * A folder with that known-wrong solution: the lab's reference solution with the case's mistake.patch (a
 * unified diff, so each case shows just its mistake) applied by `git apply`. A case whose expect.json names a
 * `base` starts from that correct alternative (test/lab-alternatives/<lab>/<base>/) instead: a mistake only a
 * design other than the reference can make (a poll() server's pollfd array). Made once per test run.
 */
export function caseDir(lab: string, mistake: string): string {
  made ??= fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-cases-'));
  const dir = path.join(made, lab, mistake);
  if (fs.existsSync(dir)) return dir;
  const { spec } = loadLab(path.join(labsDir, lab));
  const base = (JSON.parse(fs.readFileSync(path.join(casesDir, lab, mistake, 'expect.json'), 'utf8')) as { base?: string }).base;
  fs.cpSync(base ? alternativeDir(lab, base) : path.join(labsDir, lab, spec.solution), dir, { recursive: true });
  for (const f of ['alternative.json', 'alternative.patch']) fs.rmSync(path.join(dir, f), { force: true });
  const patch = path.join(casesDir, lab, mistake, 'mistake.patch');
  if (fs.existsSync(patch)) execFileSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: dir, stdio: 'pipe' });
  return dir;
}

export const alternativesDir = path.join(repoRoot, 'test', 'lab-alternatives');

/** The correct designs of a lab that differ from its reference: test/lab-alternatives/<lab>/<name>/. */
export function listAlternatives(lab: string): string[] {
  const dir = path.join(alternativesDir, lab);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort() : [];
}

/**
 * A folder with that correct alternative: the reference solution with its alternative.patch applied, or,
 * when the folder has no patch, the folder itself (whole files: a design that shares little with the
 * reference).
 */
export function alternativeDir(lab: string, name: string): string {
  const src = path.join(alternativesDir, lab, name);
  const patch = path.join(src, 'alternative.patch');
  if (!fs.existsSync(patch)) return src;
  made ??= fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-cases-'));
  const dir = path.join(made, 'alternatives', lab, name);
  if (fs.existsSync(dir)) return dir;
  const { spec } = loadLab(path.join(labsDir, lab));
  fs.cpSync(path.join(labsDir, lab, spec.solution), dir, { recursive: true });
  execFileSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: dir, stdio: 'pipe' });
  return dir;
}

process.on('exit', () => { if (made) fs.rmSync(made, { recursive: true, force: true }); });

/** Trace checks need the tracer; until runner/trace.ts exists they are skipped with this reason. */
export const tracerMissing = !fs.existsSync(path.join(repoRoot, 'runner', 'trace.ts'))
  ? 'runner/trace.ts does not exist yet, so trace checks cannot run'
  : undefined;

let seq = 0;
/** A syscall event with defaults: pid 100, a fresh seq, a site in main.c at `line`. */
export function call(name: string, args: SyscallEvent['args'], ret: number, extra: Partial<SyscallEvent> = {}): SyscallEvent {
  seq++;
  return {
    type: 'syscall', pid: 100, tid: 100, ts: seq * 1000, seq, dur: 10, name, args, ret,
    site: { file: '/home/student/main.c', line: extra.site?.line ?? 10 + seq, function: 'main' }, ...extra,
  };
}

export function exit(pid: number, code: number): TraceEvent {
  seq++;
  return { type: 'exit', pid, ts: seq * 1000, code };
}

export function fork(parent: number, pid: number, thread = false): TraceEvent {
  seq++;
  return { type: 'spawn', pid, tid: pid, ts: seq * 1000, parent, how: thread ? 'clone' : 'fork', thread };
}
