// Gathering the facts `socklab doctor` reports on: the native probe (ptrace, seccomp, pidfd_getfd, memory),
// the tools (addr2line, C and C++ compilers), the grader's namespaces and the sysctls that switch them off.
// Everything runs at once, asynchronously and time-bound, and nothing here throws: a failure is a fact.
import { execFile } from 'child_process';
import * as fs from 'fs';
import { probeMachine } from '../native/index';
import { findCompiler } from './compile';
import { doctorReport, type DoctorFacts, type DoctorReport, type ToolFact } from './doctor-report';
import { TraceError } from '../common/errors';

export interface DoctorOptions {
  /** the command that sets up a grading's namespaces (grader/isolation.ts isolationProbeCommand());
   * undefined when it cannot be built (no ip command) */
  isolationCommand: string[] | undefined;
}

export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  return doctorReport(await gatherFacts(o));
}

export async function gatherFacts(o: DoctorOptions): Promise<DoctorFacts> {
  const [probe, addr2line, cc, cxx, userns] = await Promise.all([
    probeNative(), tool(['addr2line']), tool(cCompilers()), tool([process.env.CXX, 'c++', 'g++', 'clang++']), namespaces(o.isolationCommand),
  ]);
  return {
    platform: process.platform,
    arch: process.arch,
    kernel: readText('/proc/sys/kernel/osrelease'),
    container: inContainer(),
    probe, addr2line, cc, cxx, userns,
    sysctl: {
      apparmorRestrictUserns: readNumber('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
      unprivilegedUsernsClone: readNumber('/proc/sys/kernel/unprivileged_userns_clone'),
      maxUserNamespaces: readNumber('/proc/sys/user/max_user_namespaces'),
    },
  };
}

async function probeNative(): Promise<DoctorFacts['probe']> {
  try {
    return await probeMachine();
  } catch (e) {
    if (TraceError.is(e, 'notLinux')) return { error: e.message, notLinux: true };
    return { error: (e as Error).message };
  }
}

/** The compiler socklab run would use first ($CC, cc, gcc, clang), then the others. */
function cCompilers(): (string | undefined)[] {
  let first: string | undefined;
  try {
    first = findCompiler();
  } catch { /* none on PATH: the version runs below say so */ }
  return [first, process.env.CC, 'cc', 'gcc', 'clang'];
}

function run(cmd: string, args: string[], timeout = 10_000): Promise<{ ok: boolean; out: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, out: stdout });
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd}: not found` : (stderr || '').trim() || err.message;
      resolve({ ok: false, out: stdout, error: why });
    });
  });
}

/** The first of the commands whose --version runs, with that version's first line. */
async function tool(candidates: (string | undefined)[]): Promise<ToolFact> {
  const names = [...new Set(candidates.filter((c): c is string => !!c))];
  for (const c of names) {
    const r = await run(c, ['--version']);
    if (r.ok) return { command: c, version: r.out.split('\n')[0].trim() };
  }
  return { error: `not found (looked for ${names.join(', ')})` };
}

async function namespaces(cmd: string[] | undefined): Promise<DoctorFacts['userns']> {
  if (process.platform !== 'linux') return { ok: false, error: 'not Linux' };
  if (!cmd) return { ok: false, error: 'the ip command (iproute2) is not installed, so loopback cannot be brought up' };
  const r = await run(cmd[0], cmd.slice(1));
  return r.ok ? { ok: true } : { ok: false, error: r.error!.split('\n')[0] };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function readNumber(file: string): number | undefined {
  const t = readText(file);
  return t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined;
}

/** Docker, Podman, a Dev Container or a Codespace: then the fixes are the container's run options. */
function inContainer(): boolean {
  if (process.env.CODESPACES === 'true' || process.env.REMOTE_CONTAINERS === 'true') return true;
  if (fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv')) return true;
  return /docker|containerd|kubepods|lxc/.test(readText('/proc/1/cgroup') ?? '');
}
