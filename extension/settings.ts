// The extension's settings with their defaults, read through a getter so the logic stays testable
// without VS Code. The same keys and defaults appear in package.json `contributes.configuration`.
import { DEFAULT_FLAGS } from '../runner/compile';

export interface Settings {
  /** compiler command; '' means $CC, else cc, gcc or clang from PATH */
  compiler: string;
  /** C++ compiler command, for C++ files; '' means $CXX, else c++, g++ or clang++ from PATH */
  cppCompiler: string;
  /** compiler flags; empty means Socket Lab's defaults (runner/compile.ts DEFAULT_FLAGS) */
  flags: string[];
  payloadBytes: number;
  /** events kept for the panel and the lenses; later events are counted, not kept */
  eventCap: number;
  /** wall-clock limit of a traced run, seconds; 0 for none */
  wallTimeSeconds: number;
  /** CPU-time limit of a traced run, seconds; 0 for none */
  cpuTimeSeconds: number;
  /** the port given to a lab's program as {port} */
  port: number;
  /** arguments for a C file that is not part of a lab */
  programArgs: string[];
  /** open the walkthrough the first time the extension starts */
  welcome: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  compiler: '',
  cppCompiler: '',
  flags: [],
  payloadBytes: 256,
  eventCap: 200_000,
  wallTimeSeconds: 600,
  cpuTimeSeconds: 120,
  port: 8080,
  programArgs: [],
  welcome: true,
};

function num(v: unknown, dflt: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : dflt;
}

function strings(v: unknown, dflt: string[]): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : [...dflt];
}

/** The settings from a raw getter (vscode's WorkspaceConfiguration.get), clamped to sane ranges. */
export function readSettings(get: (key: keyof Settings) => unknown): Settings {
  const d = DEFAULT_SETTINGS;
  const compiler = get('compiler');
  const cppCompiler = get('cppCompiler');
  return {
    compiler: typeof compiler === 'string' ? compiler.trim() : d.compiler,
    cppCompiler: typeof cppCompiler === 'string' ? cppCompiler.trim() : d.cppCompiler,
    flags: strings(get('flags'), d.flags),
    payloadBytes: num(get('payloadBytes'), d.payloadBytes, 0, 1 << 20),
    eventCap: num(get('eventCap'), d.eventCap, 100, 10_000_000),
    wallTimeSeconds: num(get('wallTimeSeconds'), d.wallTimeSeconds, 0, 86_400),
    cpuTimeSeconds: num(get('cpuTimeSeconds'), d.cpuTimeSeconds, 0, 86_400),
    port: num(get('port'), d.port, 1, 65_535),
    programArgs: strings(get('programArgs'), d.programArgs),
    welcome: typeof get('welcome') === 'boolean' ? get('welcome') as boolean : d.welcome,
  };
}

/** The flags to compile with: the user's, or the defaults (which keep the debug info call sites need). */
export function compileFlags(s: Settings): string[] {
  return s.flags.length > 0 ? s.flags : [...DEFAULT_FLAGS];
}

/** Tracer limits from the settings (0 means no limit, so the key is left out). */
export function traceLimits(s: Settings): { wallMs?: number; cpuSeconds?: number } {
  return {
    ...(s.wallTimeSeconds > 0 ? { wallMs: s.wallTimeSeconds * 1000 } : {}),
    ...(s.cpuTimeSeconds > 0 ? { cpuSeconds: s.cpuTimeSeconds } : {}),
  };
}
