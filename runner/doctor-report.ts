// What `socklab doctor` concludes from the facts it gathered (runner/doctor.ts): for each capability,
// works / degraded / missing, what that costs a user and the exact fix. Pure: the CLI prints it, the
// extension shows it, tests feed it facts. The sentences are part of the report (its JSON carries them),
// so both front ends say the same thing.
import type { RawProbeCheck, RawProbeResult } from '../native/binding';

export type CheckStatus = 'works' | 'degraded' | 'missing';

/** What a missing capability takes away: the trace itself, compiling, or isolating a grading. */
export type CheckArea = 'tracing' | 'compiling' | 'grading';

export interface DoctorCheck {
  id: string;
  /** what is checked, for people */
  title: string;
  status: CheckStatus;
  area: CheckArea;
  /** what was found (errno, version, sysctl values) */
  detail: string;
  /** what the status costs a user ('' when it works) */
  cost: string;
  /** the exact fix ('' when it works) */
  fix: string;
  /** does the trace stay exact with this result (every degraded result does: its fallback sees the same) */
  exact: boolean;
}

export interface DoctorReport {
  /** the trace is exact here: every check works, or is degraded or missing in a way that keeps it exact */
  exact: boolean;
  checks: DoctorCheck[];
}

export interface ToolFact {
  /** the command found, e.g. gcc */
  command?: string;
  /** first line of its --version */
  version?: string;
  /** why it is missing */
  error?: string;
}

export interface DoctorFacts {
  platform: string;
  arch: string;
  /** /proc/sys/kernel/osrelease, e.g. 6.8.0-1017-azure or 4.4.0-19041-Microsoft (WSL 1) */
  kernel?: string;
  /** a container (Docker, Podman, Dev Container, Codespaces): the fixes are its run options */
  container: boolean;
  /** the native probe's result, or why it could not run */
  probe: RawProbeResult | { error: string; notLinux?: boolean };
  addr2line: ToolFact;
  cc: ToolFact;
  cxx: ToolFact;
  /** the grader's own unshare command: ok, or what it printed */
  userns: { ok: boolean; error?: string };
  /** sysctls that switch unprivileged user namespaces off (undefined where absent) */
  sysctl: { apparmorRestrictUserns?: number; unprivilegedUsernsClone?: number; maxUserNamespaces?: number };
}

const DEVCONTAINER_PTRACE = 'In a Dev Container or Codespace: add "capAdd": ["SYS_PTRACE"] to .devcontainer/devcontainer.json and rebuild the container. ' +
  'With docker run: --cap-add=SYS_PTRACE (or --security-opt seccomp=unconfined).';
const install = (deb: string, fedora = deb) => `sudo apt-get install ${deb} (Fedora: sudo dnf install ${fedora})`;

export function isWsl1(kernel: string | undefined): boolean {
  return !!kernel && /Microsoft/.test(kernel) && !/microsoft-standard/i.test(kernel);
}

function check(c: Omit<DoctorCheck, 'exact' | 'cost' | 'fix'> & { cost?: string; fix?: string }): DoctorCheck {
  const exact = c.status !== 'missing' || c.area !== 'tracing';
  return { ...c, cost: c.status === 'works' ? '' : c.cost ?? '', fix: c.status === 'works' ? '' : c.fix ?? '', exact };
}

function failed(c: RawProbeCheck): string {
  return `${c.step ?? 'failed'}${c.errno ? `: ${c.errno}` : ''}`;
}

export function doctorReport(f: DoctorFacts): DoctorReport {
  const checks = [platformCheck(f), ...tracerChecks(f), ...toolChecks(f), usernsCheck(f)];
  return { exact: checks.every((c) => c.exact), checks };
}

function platformCheck(f: DoctorFacts): DoctorCheck {
  const where = `${f.platform} ${f.kernel ?? ''} on ${f.arch}`.replace(/\s+/g, ' ');
  const base = { id: 'platform', title: 'Linux on x86_64', area: 'tracing' as const };
  if (f.platform === 'linux' && isWsl1(f.kernel)) {
    return check({ ...base, status: 'missing', detail: `WSL 1 (${f.kernel}): its Linux has no real ptrace or seccomp`,
      cost: 'nothing can be traced in WSL 1.',
      fix: 'Convert the distribution to WSL 2: in PowerShell, wsl --set-version <distro> 2 (wsl -l -v lists them), then open the folder in it again.' });
  }
  if (f.platform !== 'linux' || f.arch !== 'x64') {
    return check({ ...base, status: 'missing', detail: where,
      cost: 'nothing can be traced here: the tracer uses Linux\'s ptrace on x86_64.',
      fix: 'Open the folder in a Dev Container, in WSL 2 (Windows) or over Remote - SSH on a Linux x86_64 machine: Socket Lab runs beside the code there.' });
  }
  return check({ ...base, status: 'works', detail: where });
}

function tracerChecks(f: DoctorFacts): DoctorCheck[] {
  const p = f.probe;
  if ('error' in p) {
    const base = { id: 'tracer', title: 'the native tracer', area: 'tracing' as const, status: 'missing' as const };
    if (p.notLinux) return [check({ ...base, detail: `not tried: ${p.error}`, cost: 'nothing can be traced here.', fix: 'See platform above.' })];
    return [check({ ...base, detail: p.error, cost: 'nothing can be traced.',
      fix: 'Reinstall Socket Lab; in its source folder, npm install builds the tracer (it needs python3, make and g++).' })];
  }
  return [ptraceCheck(f, p), yamaCheck(p), seccompCheck(p), pidfdCheck(p), memoryCheck(p)];
}

function ptraceCheck(f: DoctorFacts, p: RawProbeResult): DoctorCheck {
  const base = { id: 'ptrace', title: 'ptrace (PTRACE_TRACEME, PTRACE_SETOPTIONS with TRACESECCOMP)', area: 'tracing' as const };
  if (p.ptrace.ok) return check({ ...base, status: 'works', detail: 'a child was traced and stopped' });
  let fix: string;
  if (p.yama === 3) fix = 'kernel.yama.ptrace_scope is 3: ptrace is off until the next boot. Remove the setting (look in /etc/sysctl.d) and reboot.';
  else if (p.yama === 2) fix = 'sudo sysctl -w kernel.yama.ptrace_scope=1 (a process may then trace its own children, all the tracer needs).';
  else if (f.container) fix = DEVCONTAINER_PTRACE;
  else fix = 'If socklab itself runs under strace or a debugger, run it without. In a container: ' + DEVCONTAINER_PTRACE;
  return check({ ...base, status: 'missing', detail: failed(p.ptrace),
    cost: 'nothing can be traced: socklab trace and run, Run and Trace and grading all fail.', fix });
}

function yamaCheck(p: RawProbeResult): DoctorCheck {
  const base = { id: 'yama', title: 'Yama ptrace_scope', area: 'tracing' as const };
  const meaning = ['0: any process of the same user may be traced', '1: a process may trace its own children',
    '2: only with CAP_SYS_PTRACE', '3: ptrace is off until reboot'][p.yama];
  if (p.yama < 0) return check({ ...base, status: 'works', detail: 'no Yama in this kernel (no ptrace restriction of its own)' });
  const detail = `kernel.yama.ptrace_scope = ${meaning ?? p.yama}`;
  if (p.yama <= 1 || p.ptrace.ok) return check({ ...base, status: 'works', detail: p.yama <= 1 ? detail : `${detail} (this process has it)` });
  return check({ ...base, status: 'missing', detail, cost: 'ptrace is refused, so nothing can be traced.',
    fix: p.yama === 3 ? 'Remove kernel.yama.ptrace_scope = 3 from /etc/sysctl.d and reboot, then sudo sysctl -w kernel.yama.ptrace_scope=1.'
      : 'sudo sysctl -w kernel.yama.ptrace_scope=1 (or 0); to keep it, put kernel.yama.ptrace_scope = 1 in /etc/sysctl.d/10-ptrace.conf.' });
}

function seccompCheck(p: RawProbeResult): DoctorCheck {
  const base = { id: 'seccomp', title: 'seccomp filters (no_new_privs, SECCOMP_SET_MODE_FILTER, stacked with TSYNC)', area: 'tracing' as const };
  if (p.seccomp.ok) {
    return check({ ...base, status: 'works', detail: p.ptrace.ok ? 'both filters installed, and both stopped their calls' : 'both filters installed (their stops need ptrace)' });
  }
  return check({ ...base, status: 'missing', detail: failed(p.seccomp),
    cost: 'the tracer cannot start: it stops only on socket calls through a seccomp filter.',
    fix: 'A kernel built with CONFIG_SECCOMP_FILTER (every distribution kernel has it). In a container whose seccomp profile forbids seccomp(): --security-opt seccomp=unconfined, or in devcontainer.json "securityOpt": ["seccomp=unconfined"].' });
}

function pidfdCheck(p: RawProbeResult): DoctorCheck {
  const base = { id: 'pidfd_getfd', title: 'socket identity (pidfd_open + pidfd_getfd)', area: 'tracing' as const };
  if (p.pidfd.ok) return check({ ...base, status: 'works', detail: "the child's socket was copied and matched" });
  const fix = p.pidfd.errno === 'ENOSYS' ? 'A Linux kernel 5.6 or newer has pidfd_getfd.'
    : `${DEVCONTAINER_PTRACE} Docker's default seccomp profile allows pidfd_getfd only with CAP_SYS_PTRACE.`;
  if (p.procFd.ok && p.sockDiag.ok) {
    return check({ ...base, status: 'degraded', detail: `${failed(p.pidfd)}; works via /proc/PID/fd and sock_diag`,
      cost: 'none in the trace: each socket\'s inode, family, type and addresses come from /proc and sock_diag instead, with a little more work per new socket.', fix });
  }
  const broken = !p.procFd.ok ? `/proc/PID/fd: ${failed(p.procFd)}` : `sock_diag: ${failed(p.sockDiag)}`;
  return check({ ...base, status: 'missing', detail: `${failed(p.pidfd)}; the fallback fails too (${broken})`,
    cost: 'events on sockets lose their sock field: no inode, family, type or local and peer addresses (ephemeral ports).', fix });
}

function memoryCheck(p: RawProbeResult): DoctorCheck {
  const base = { id: 'process_vm_readv', title: 'tracee memory (process_vm_readv, process_vm_writev)', area: 'tracing' as const };
  if (p.memory.ok) return check({ ...base, status: 'works', detail: "the child's memory was read and written" });
  const fix = `${DEVCONTAINER_PTRACE} (process_vm_readv and process_vm_writev need the same permission as ptrace.)`;
  if (p.procMem.ok) {
    return check({ ...base, status: 'degraded', detail: `${failed(p.memory)}; works via /proc/PID/mem`,
      cost: 'none in the trace: buffers and addresses are read through /proc/PID/mem instead, one more system call per read.', fix });
  }
  return check({ ...base, status: 'missing', detail: `${failed(p.memory)}; /proc/PID/mem fails too (${failed(p.procMem)})`,
    cost: 'arguments in memory (addresses, buffers, payloads) cannot be read, and sockets\' read/write calls cannot be followed.', fix });
}

function toolChecks(f: DoctorFacts): DoctorCheck[] {
  const tool = (id: string, title: string, area: CheckArea, t: ToolFact, cost: string, fix: string): DoctorCheck =>
    check({ id, title, area, status: t.command ? 'works' : 'missing', detail: t.command ? `${t.command}${t.version ? `: ${t.version}` : ''}` : t.error ?? 'not found', cost, fix });
  return [
    tool('addr2line', 'call sites (addr2line, from binutils)', 'tracing', f.addr2line,
      'events have no call site: no source line per call, no CodeLens results, and grading cannot point at the line to fix.',
      install('binutils')),
    tool('cc', 'a C compiler (cc, gcc or clang)', 'compiling', f.cc,
      'socklab run and Run and Trace cannot compile C (socklab trace of a built program still works).', install('gcc')),
    tool('cxx', 'a C++ compiler (c++, g++ or clang++)', 'compiling', f.cxx,
      'C++ programs cannot be compiled (C programs are not affected).', install('g++', 'gcc-c++')),
  ];
}

function usernsCheck(f: DoctorFacts): DoctorCheck {
  const base = { id: 'userns', title: 'user + network namespaces (unshare -r -n -p -f -m, for grading)', area: 'grading' as const };
  const s = f.sysctl;
  const values = [
    s.apparmorRestrictUserns !== undefined ? `kernel.apparmor_restrict_unprivileged_userns = ${s.apparmorRestrictUserns}` : '',
    s.unprivilegedUsernsClone !== undefined ? `kernel.unprivileged_userns_clone = ${s.unprivilegedUsernsClone}` : '',
    s.maxUserNamespaces !== undefined ? `user.max_user_namespaces = ${s.maxUserNamespaces}` : '',
  ].filter(Boolean).join(', ');
  if (f.userns.ok) return check({ ...base, status: 'works', detail: `a private loopback was set up${values ? ` (${values})` : ''}` });
  let fix: string;
  if (f.platform !== 'linux') fix = 'See platform above.';
  else if (/ip command|iproute2/.test(f.userns.error ?? '')) fix = install('iproute2', 'iproute');
  else if (/ENOENT|not found|unshare cannot run/.test(f.userns.error ?? '')) fix = install('util-linux');
  else if (s.apparmorRestrictUserns === 1) fix = 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04 and its GitHub Actions runners restrict them through AppArmor).';
  else if (s.unprivilegedUsernsClone === 0) fix = 'sudo sysctl -w kernel.unprivileged_userns_clone=1';
  else if (s.maxUserNamespaces === 0) fix = 'sudo sysctl -w user.max_user_namespaces=15000';
  else if (/mount \/proc failed/.test(f.userns.error ?? '')) {
    // the kernel refuses a new proc mount while the visible one has paths mounted over (mount_too_revealing)
    fix = 'The container masks parts of /proc, so a grading\'s PID namespace cannot mount its own: "securityOpt": ["systempaths=unconfined"] in devcontainer.json ' +
      '(docker run or podman run --security-opt systempaths=unconfined). Or grade with --no-isolation.';
  } else if (f.container) fix = 'Docker\'s default seccomp profile refuses new namespaces: docker run --security-opt seccomp=unconfined, or "securityOpt": ["seccomp=unconfined"] in devcontainer.json. Or grade with --no-isolation.';
  else fix = 'A security policy (seccomp or an LSM) refuses unprivileged user namespaces here: ask the machine\'s administrator, or grade with --no-isolation.';
  return check({ ...base, status: 'missing', detail: `${f.userns.error ?? 'unshare failed'}${values ? ` (${values})` : ''}`,
    cost: 'grading runs on this machine\'s own loopback: a lab\'s fixed ports can collide with other programs, and the program can reach the network. Traces are not affected.',
    fix });
}

/** The report as text for a terminal or an output channel: one block per check, cost and fix when it does not work. */
export function reportText(r: DoctorReport): string {
  const width = Math.max(...r.checks.map((c) => c.id.length));
  const lines: string[] = [];
  for (const c of r.checks) {
    lines.push(`${c.status.padEnd(8)}  ${c.id.padEnd(width)}  ${c.title}`);
    const indent = ' '.repeat(10 + width + 2);
    lines.push(`${indent}${c.detail}`);
    if (c.cost) lines.push(`${indent}cost: ${c.cost}`);
    if (c.fix) lines.push(`${indent}fix:  ${c.fix}`);
  }
  lines.push('', verdict(r));
  return lines.join('\n') + '\n';
}

/** One sentence: is the trace exact here, and if not, what is missing. */
export function verdict(r: DoctorReport): string {
  const inexact = r.checks.filter((c) => !c.exact).map((c) => c.id);
  if (inexact.length) return `Tracing is not exact here: ${inexact.join(', ')} ${inexact.length > 1 ? 'are' : 'is'} missing.`;
  const other = r.checks.filter((c) => c.status !== 'works');
  if (other.length === 0) return 'Tracing is exact here, and everything works.';
  return `Tracing is exact here (${other.map((c) => `${c.id} ${c.status}`).join(', ')}).`;
}
