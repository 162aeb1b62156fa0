// What to tell someone whose program could not be traced (a TraceError), with the fix: the one wording of
// the CLI and the extension. Each front end adds only its own form: the CLI its `socklab: ` and exit code,
// the extension its buttons. Pure.
import type { TraceErrorReason } from '../errors';

/** The names the fixes give a front end's own knobs. */
export interface FixWords {
  /** where the C and the C++ compiler are chosen: `CC`, `the socketLab.compiler setting` */
  cCompiler: string;
  cxxCompiler: string;
  /** where the CPU-time limit is turned off, if the front end sets one */
  cpuTime?: string;
}

/** The part of a message in parentheses (the errno of a launch failure: "ptraceDenied (EPERM)"), as " (EPERM)". */
function paren(message: string): string {
  const i = message.indexOf('(');
  return i < 0 ? '' : ` ${message.slice(i)}`;
}

const INCOMPLETE = 'so the trace is incomplete: the program and everything it started were ended with it.';

/**
 * What happened and what to do, as lines: the first says what happened (and usually the fix), each further
 * line one more thing to check. The first line starts lowercase, as after `socklab: `; `program` is the
 * command that was run, where the caller knows it.
 */
export function traceErrorLines(e: { reason: TraceErrorReason | string; message: string; detail?: string }, words: FixWords, program?: string): string[] {
  const m = e.message;
  const who = program ?? e.detail ?? 'the program';
  switch (e.reason) {
    case 'notLinux':
      return [`${m}. Socket Lab traces programs with Linux's ptrace, on x86_64: run it on such a Linux machine, in WSL (Windows), or in a Linux container or VM.`];
    case 'addonMissing':
      return [`${m}. Reinstall Socket Lab, or run npm install in its source folder to build it.`];
    case 'ptraceDenied':
      return [
        `the kernel did not allow ptrace here${paren(m)}.`,
        'If /proc/sys/kernel/yama/ptrace_scope is 3, ptrace is off until reboot; if it is 1 or 2, run as root or set it to 0 (sudo sysctl kernel.yama.ptrace_scope=0).',
        'In a container, the seccomp profile may forbid ptrace: start it with --cap-add=SYS_PTRACE or --security-opt seccomp=unconfined.',
        'A program that is already being traced (by strace or a debugger) cannot be traced again.',
      ];
    case 'seccompUnavailable':
      return [`the kernel refused the seccomp filter the tracer needs${paren(m)}; a kernel with seccomp filters (CONFIG_SECCOMP_FILTER) is required.`];
    case 'notFound':
      return [`${who}: no such file or command`];
    case 'notExecutable':
      return [`${who}: cannot be executed${paren(m)}: check that it is a program you may run, on a file system not mounted noexec.`];
    case 'chdirFailed':
      return [`cannot enter the program's working directory${paren(m)}: check that it exists and that you may enter it.`];
    case 'limitsFailed':
      return [`cannot set the time and memory limits${paren(m)}${words.cpuTime ? `: try 0 for ${words.cpuTime}` : ''}.`];
    case 'noCompiler':
      return m.includes('C++')
        ? [`${m}. Install g++ or clang (Debian/Ubuntu: sudo apt-get install g++; Fedora: sudo dnf install gcc-c++), or set ${words.cxxCompiler}.`]
        : [`${m}. Install gcc or clang (Debian/Ubuntu: sudo apt-get install gcc; Fedora: sudo dnf install gcc), or set ${words.cCompiler}.`];
    case 'tracerKilled':
      return [`${m}, ${INCOMPLETE}`,
        ...(e.detail === 'SIGKILL' ? ['A SIGKILL nobody sent by hand is usually the kernel\'s out-of-memory killer (see `dmesg` or `journalctl -k`).'] : [])];
    case 'tracerDied':
      return [`${m}, ${INCOMPLETE}`, 'Run it again; if it ends the same way, report it.'];
    default:
      return [m];
  }
}
