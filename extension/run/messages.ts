// The sentences shown when a run cannot start or ends badly, each with the fix. Pure; the only user-facing
// text of tracer errors in the editor.
import * as path from 'node:path';
import type { TraceErrorReason } from '../../common/errors';

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

/** What a fault or abort at a line means, for the problem shown there. */
export function crashText(e: { signal: string; addr?: string }): string {
  switch (e.signal) {
    case 'SIGSEGV':
      return `The program was killed by SIGSEGV here: it touched memory at ${e.addr ?? 'an address'} that it may not use` +
        `${e.addr && /^0x0*[0-9a-f]{1,3}$/.test(e.addr) ? ' (a NULL pointer, or a field of one)' : ' (a bad or freed pointer, or past the end of an array)'}.`;
    case 'SIGBUS': return `The program was killed by SIGBUS here: it read or wrote ${e.addr ?? 'memory'} that does not exist (a file mapped past its end?).`;
    case 'SIGFPE': return 'The program was killed by SIGFPE here: an integer division by zero (or an overflow of one).';
    case 'SIGILL': return 'The program was killed by SIGILL here: an instruction the processor cannot run (a corrupted function pointer?).';
    case 'SIGABRT': return 'The program aborted here: abort() was called, or an assert() failed, or the C library found memory corrupted.';
    default: return `The program was killed by ${e.signal} here.`;
  }
}

/** The status line of a finished run: `exited with 0`, `killed by SIGSEGV at f.c:7`, `stopped`. */
export function endText(end: { code: number | null; signal: string | null; reason?: string }, stopped: boolean,
  crash?: { signal: string; site?: { file: string; line: number } }): string {
  if (stopped) return 'stopped';
  if (end.signal && crash?.site && crash.signal === end.signal) return `killed by ${end.signal} at ${path.basename(crash.site.file)}:${crash.site.line}`;
  if (end.signal) return `killed by ${end.signal}`;
  if (end.reason && end.reason !== 'exit') return `ended: ${end.reason}`;
  return `exited with ${end.code ?? '?'}`;
}

/**
 * Which limit ended a run, its value and the setting that changes it, for the program's terminal (a limit
 * otherwise looks like a crash: "killed by SIGKILL"). Undefined when no limit ended it.
 */
export function limitNote(end: { signal: string | null; reason?: string; limit?: { value: number } },
  s: { wallTimeSeconds: number; cpuTimeSeconds: number }): string | undefined {
  const reason = end.reason ?? (end.signal === 'SIGXCPU' && s.cpuTimeSeconds > 0 ? 'cpu' : undefined);
  switch (reason) {
    case 'wall': {
      const secs = end.limit !== undefined ? Math.round(end.limit.value / 1000) : s.wallTimeSeconds;
      return `Socket Lab: ended by the wall-time limit of ${secs} s; change it with the socketLab.wallTimeSeconds setting (0 for none)`;
    }
    case 'cpu':
      return `Socket Lab: ended by the CPU-time limit of ${s.cpuTimeSeconds} s; change it with the socketLab.cpuTimeSeconds setting (0 for none)`;
    case 'procs':
      return `Socket Lab: ended by the process limit (${end.limit?.value ?? '?'} processes at once): look for fork() in a loop`;
    case 'memory':
      return `Socket Lab: ended by the memory limit${end.limit?.value ? ` of ${(end.limit?.value / 1e6).toFixed(0)} MB` : ''}`;
    case 'output':
      return `Socket Lab: ended by the output limit${end.limit?.value ? ` of ${(end.limit?.value / 1e6).toFixed(1)} MB` : ''}`;
    default:
      return undefined;
  }
}
