// The sentences shown when a run cannot start or ends badly, each with the fix. Pure; the only user-facing
// text of tracer errors in the editor.
import type { TraceErrorReason } from '../runner/errors';

export interface UserMessage {
  text: string;
  /** a button that opens a page or a setting; label and what it does are decided by the caller */
  action?: 'openSettings' | 'remoteDocs';
}

export function explainTraceError(reason: TraceErrorReason | string, message: string, platform: string = process.platform): UserMessage {
  switch (reason) {
    case 'notLinux':
      return {
        text: `Socket Lab traces programs with Linux's ptrace, and this is ${platform === 'linux' ? 'not a supported Linux machine' : platform}. ` +
          'Open the folder in WSL (Windows), a Dev Container or Remote - SSH to a Linux machine: the extension runs beside the code there.',
        action: 'remoteDocs',
      };
    case 'addonMissing':
      return { text: `The Socket Lab tracer is not installed with this extension (${message}). Reinstall the extension, or run npm install in its source folder.` };
    case 'ptraceDenied':
      return {
        text: 'Linux did not allow the tracer to use ptrace. If /proc/sys/kernel/yama/ptrace_scope is 1 or 2, set it to 0 ' +
          '(sudo sysctl kernel.yama.ptrace_scope=0); 3 means off until reboot. In a container, start it with --cap-add=SYS_PTRACE ' +
          'or --security-opt seccomp=unconfined. A program already under a debugger or strace cannot be traced again.',
      };
    case 'seccompUnavailable':
      return { text: `The kernel refused the seccomp filter the tracer needs (${message}). Socket Lab needs a kernel with CONFIG_SECCOMP_FILTER.` };
    case 'noCompiler':
      if (message.includes('C++')) return {
        text: 'No C++ compiler was found (looked for the socketLab.cppCompiler setting, $CXX, c++, g++ and clang++). Install one ' +
          '(Debian/Ubuntu: sudo apt-get install g++; Fedora: sudo dnf install gcc-c++) or set socketLab.cppCompiler.',
        action: 'openSettings',
      };
      return {
        text: 'No C compiler was found (looked for the socketLab.compiler setting, $CC, cc, gcc and clang). Install one ' +
          '(Debian/Ubuntu: sudo apt-get install gcc; Fedora: sudo dnf install gcc) or set socketLab.compiler.',
        action: 'openSettings',
      };
    case 'notFound':
    case 'notExecutable':
      return { text: `The compiled program could not be started (${message}). Check that the build folder is not on a noexec mount.` };
    case 'chdirFailed':
      return { text: `The program's working folder could not be entered (${message}).` };
    case 'limitsFailed':
      return { text: `The time and memory limits could not be set (${message}). Try 0 for socketLab.cpuTimeSeconds.`, action: 'openSettings' };
    case 'tracerKilled':
      return { text: `The tracer process was killed (${message}), so the trace is incomplete: the program was ended with it and the events so far are kept.` +
        (message.includes('SIGKILL') ? ' A SIGKILL nobody sent is usually the out-of-memory killer: the machine ran short of memory.' : '') };
    case 'tracerDied':
      return { text: `The tracer process ended unexpectedly (${message}). The program was stopped; the events so far are kept. Run it again, and if it repeats, look at the Socket Lab output.` };
    case 'wall':
      return { text: 'The program reached the time limit (socketLab.wallTimeSeconds) and was stopped.', action: 'openSettings' };
    case 'cpu':
      return { text: 'The program used up its CPU time (socketLab.cpuTimeSeconds) and was stopped: look for a loop that never waits.', action: 'openSettings' };
    case 'procs':
      return { text: 'The program started too many processes and was stopped: look for fork() in a loop.' };
    default:
      return { text: `The run failed: ${message}` };
  }
}

/** The status line of a finished run: `exited with 0`, `killed by SIGSEGV`, `stopped`. */
export function endText(end: { code: number | null; signal: string | null; reason?: string }, stopped: boolean): string {
  if (stopped) return 'stopped';
  if (end.signal) return `killed by ${end.signal}`;
  if (end.reason && end.reason !== 'exit') return `ended: ${end.reason}`;
  return `exited with ${end.code ?? '?'}`;
}
