// Compiling the student's C or C++ with the system's compiler: debug info for call sites, warnings on. C++
// sources (.cpp .cc .cxx .C .c++) are built with the C++ compiler; C files among them stay C (`-x c`).
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TraceError } from '../common/errors';

export interface CompileOptions {
  out: string;
  cwd?: string;
  /** C compiler command; default: $CC, else cc, gcc or clang from PATH */
  compiler?: string;
  /** C++ compiler command, for C++ sources; default: $CXX, else c++, g++ or clang++ from PATH */
  cxx?: string;
  flags?: string[];
  /** ask gcc for JSON diagnostics (the extension reads them) */
  json?: boolean;
  color?: boolean;
}

export interface CompileResult {
  ok: boolean;
  /** what the compiler printed (its own format) */
  output: string;
  compiler: string;
}

// DWARF 4: binutils 2.40's addr2line misreads the file table of gcc 12's DWARF 5 (a call in a header is
// reported in the .c file that includes it)
export const DEFAULT_FLAGS = ['-g', '-gdwarf-4', '-O0', '-Wall', '-Wextra', '-std=gnu11'];
const CXX_STD = '-std=gnu++17';

export type Language = 'c' | 'c++';

/** C++ by the file name (gcc's own rule: .C is C++, .c is C). */
export function isCxxSource(file: string): boolean {
  return /\.(cpp|cc|cxx|cp|CPP|C|c\+\+)$/.test(file);
}

/** The language a set of sources is linked as: C++ when any of them is. */
export function languageOf(files: string[]): Language {
  return files.some(isCxxSource) ? 'c++' : 'c';
}

/**
 * The flags for the C++ compiler from flags written for C: a C standard (-std=gnu11 of the defaults, say)
 * becomes C++'s, or goes when C files are compiled too (each language keeps its compiler's default).
 */
function cxxFlags(flags: string[], mixed: boolean): string[] {
  const isCStd = (f: string) => /^-std=(c|gnu|iso9899:)\d/.test(f);
  const out = flags.filter((f) => !isCStd(f));
  const hadC = out.length < flags.length;
  return hadC && !mixed && !out.some((f) => f.startsWith('-std=')) ? [...out, CXX_STD] : out;
}

function onPath(cmd: string): string | undefined {
  if (cmd.includes('/')) return fs.existsSync(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch { /* next */ }
  }
  return undefined;
}

export function findCompiler(preferred?: string, language: Language = 'c'): string {
  const candidates = (language === 'c++' ? [preferred, process.env.CXX, 'c++', 'g++', 'clang++'] : [preferred, process.env.CC, 'cc', 'gcc', 'clang'])
    .filter((c): c is string => !!c);
  for (const c of candidates) if (onPath(c)) return c;
  throw new TraceError('noCompiler', `no ${language === 'c++' ? 'C++' : 'C'} compiler found (looked for ${candidates.join(', ')})`);
}

export function compile(files: string[], o: CompileOptions): Promise<CompileResult> {
  const language = languageOf(files);
  const compiler = findCompiler(language === 'c++' ? o.cxx : o.compiler, language);
  const mixed = language === 'c++' && !files.every(isCxxSource);
  const flags = language === 'c++' ? cxxFlags(o.flags ?? DEFAULT_FLAGS, mixed) : o.flags ?? DEFAULT_FLAGS;
  const extra = o.json ? ['-fdiagnostics-format=json'] : [o.color ? '-fdiagnostics-color=always' : '-fdiagnostics-color=never'];
  // the C++ driver compiles a .c file as C++ unless told otherwise
  const sources = mixed ? files.flatMap((f) => ['-x', isCxxSource(f) ? 'c++' : f.endsWith('.c') ? 'c' : 'none', f]) : files;
  const args = [...flags, ...extra, '-o', o.out, ...sources];
  return new Promise((resolve) => {
    execFile(compiler, args, { cwd: o.cwd, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: stdout + stderr, compiler });
    });
  });
}
