// The sentences shown when a run cannot start or ends badly, each with the fix: why tracing could not start
// in the teaching module's words (the CLI says the same), how a run ended, what a crash at a line means,
// and text set for the program's terminal. Pure.
import * as path from 'node:path';
import type { TraceError } from '../../common/errors';
import { traceErrorLines, type FixWords } from '../../common/teaching';

export interface UserMessage {
  text: string;
  /** a button that opens a page or a setting; label and what it does are decided by the caller */
  action?: 'openSettings' | 'setupGuide';
}

const EDITOR_WORDS: FixWords = {
  cCompiler: 'the socketLab.compiler setting', cxxCompiler: 'the socketLab.cppCompiler setting', cpuTime: 'socketLab.cpuTimeSeconds',
};

/** The button each reason's fix wants. */
const ACTIONS: Partial<Record<string, UserMessage['action']>> = { notLinux: 'setupGuide', noCompiler: 'openSettings', limitsFailed: 'openSettings' };

/** A TraceError in the editor: the teaching module's sentences, as one, with the button its fix wants. */
export function traceErrorMessage(e: Pick<TraceError, 'reason' | 'message' | 'detail'>): UserMessage {
  const text = traceErrorLines(e, EDITOR_WORDS).join(' ');
  return { text: text.charAt(0).toUpperCase() + text.slice(1), action: ACTIONS[e.reason] };
}

/** A run a limit ended (wall, cpu, procs: the tracer's end reasons), for the notification. */
export function endReasonMessage(reason: string): UserMessage {
  switch (reason) {
    case 'wall':
      return { text: 'The program reached the time limit (socketLab.wallTimeSeconds) and was stopped.', action: 'openSettings' };
    case 'cpu':
      return { text: 'The program used up its CPU time (socketLab.cpuTimeSeconds) and was stopped: look for a loop that never waits.', action: 'openSettings' };
    case 'procs':
      return { text: 'The program started too many processes and was stopped: look for fork() in a loop.' };
    default:
      return { text: `The run failed: ${reason}` };
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
    case 'mem':
      return `Socket Lab: ended by the memory limit${end.limit?.value ? ` of ${(end.limit?.value / 1e6).toFixed(0)} MB` : ''}`;
    case 'output':
      return `Socket Lab: ended by the output limit${end.limit?.value ? ` of ${(end.limit?.value / 1e6).toFixed(1)} MB` : ''}`;
    default:
      return undefined;
  }
}

/** `\n` -> `\r\n` for the program's terminal; a `\r\n` already there stays one. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
