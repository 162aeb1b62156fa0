// The sentences people read when tracing cannot start, each with the fix. Used by the CLI; the extension
// has its own wording for the same reasons.
import { TraceError } from '../common/errors';

export function explain(e: TraceError, program?: string): string {
  switch (e.reason) {
    case 'notLinux':
      return `socklab: ${e.message}. Tracing uses Linux's ptrace; run socklab on Linux, in WSL, or in a Linux container or VM.`;
    case 'addonMissing':
      return `socklab: ${e.message}. Run \`npm install\` in the project to build it.`;
    case 'ptraceDenied':
      return 'socklab: the kernel did not allow ptrace here' + (e.message.includes('(') ? ` ${e.message.slice(e.message.indexOf('('))}` : '') +
        '.\n  If /proc/sys/kernel/yama/ptrace_scope is 3, ptrace is off until reboot; if it is 1 or 2, run as root or set it to 0 ' +
        '(sudo sysctl kernel.yama.ptrace_scope=0).\n  In a container, the seccomp profile may forbid ptrace: start it with ' +
        '--cap-add=SYS_PTRACE or --security-opt seccomp=unconfined.\n  A program that is already being traced (by strace or a debugger) cannot be traced again.';
    case 'seccompUnavailable':
      return `socklab: the kernel refused the seccomp filter the tracer needs (${e.message}); a kernel with seccomp filters (CONFIG_SECCOMP_FILTER) is required.`;
    case 'notFound':
      return `socklab: ${program ?? e.detail ?? 'the program'}: no such file or command`;
    case 'notExecutable':
      return `socklab: ${program ?? e.detail ?? 'the program'}: cannot be executed ${e.message.slice(e.message.indexOf('('))}`;
    case 'chdirFailed':
      return `socklab: cannot enter the working directory ${e.message}`;
    case 'limitsFailed':
      return `socklab: cannot set the resource limits ${e.message}`;
    case 'noCompiler':
      return e.message.includes('C++')
        ? `socklab: ${e.message}. Install g++ or clang (Debian/Ubuntu: sudo apt-get install g++), or set CXX.`
        : `socklab: ${e.message}. Install gcc or clang (Debian/Ubuntu: sudo apt-get install gcc), or set CC.`;
    case 'badInject':
      return `socklab: ${e.message}`;
    case 'tracerKilled':
      return `socklab: ${e.message}, so the trace is incomplete: the program and everything it started were ended with it.` +
        (e.detail === 'SIGKILL' ? '\n  A SIGKILL nobody sent by hand is usually the kernel\'s out-of-memory killer (see `dmesg` or `journalctl -k`).' : '');
    case 'tracerDied':
      return `socklab: ${e.message}, so the trace is incomplete: the program and everything it started were ended with it.`;
    default:
      return `socklab: ${e.message}`;
  }
}
