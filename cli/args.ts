// Command-line options of `socklab trace` and `socklab run`. Unknown flags are usage errors (exit 2).
export class UsageError extends Error {}

export interface TraceArgs {
  format: 'text' | 'jsonl';
  out?: string;
  payload: number;
  inject: string[];
  sites: boolean;
  timeoutSec?: number;
  /** trace: the program and its args; run: the args after -- */
  rest: string[];
  /** run: the C or C++ files */
  files: string[];
  cc?: string;
  cxx?: string;
  help: boolean;
}

const WITH_VALUE = new Set(['--format', '--out', '-o', '--payload', '--inject', '-e', '--timeout', '--cc', '--cxx']);

/** mode 'trace': the first word that is not an option starts the program; 'run': words are source files until --. */
export function parseTraceArgs(argv: string[], mode: 'trace' | 'run'): TraceArgs {
  const a: TraceArgs = { format: 'text', payload: 256, inject: [], sites: true, rest: [], files: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      a.rest = argv.slice(i + 1);
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      if (mode === 'trace') {
        a.rest = argv.slice(i);
        break;
      }
      a.files.push(word);
      continue;
    }
    let [flag, value] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (WITH_VALUE.has(flag) && value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      value = argv[++i];
    }
    switch (flag) {
      case '-h': case '--help': a.help = true; break;
      case '--format':
        if (value !== 'text' && value !== 'jsonl') throw new UsageError(`--format must be text or jsonl, not ${value}`);
        a.format = value;
        break;
      case '--out': case '-o': a.out = value; break;
      case '--payload':
        if (!/^\d+$/.test(value!) || +value! > 65536) throw new UsageError('--payload takes a number of bytes (0..65536)');
        a.payload = +value!;
        break;
      case '--inject': case '-e': a.inject.push(value!); break;
      case '--no-sites': a.sites = false; break;
      case '--timeout':
        if (!/^\d+(\.\d+)?$/.test(value!)) throw new UsageError('--timeout takes seconds');
        a.timeoutSec = +value!;
        break;
      case '--cc':
        if (mode !== 'run') throw new UsageError('--cc is an option of socklab run');
        a.cc = value;
        break;
      case '--cxx':
        if (mode !== 'run') throw new UsageError('--cxx is an option of socklab run');
        a.cxx = value;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return a;
}

export const TRACE_USAGE = `usage: socklab trace [options] [--] PROGRAM [ARGS...]

Runs PROGRAM and prints every socket syscall it makes (and its children and threads make),
with each call's arguments, result, duration and the source line that made it.

options:
  --format text|jsonl   strace-like text (default) or one JSON object per line
  --out FILE, -o FILE   write the trace to FILE (default: standard error)
  --payload N           keep the first N bytes of each buffer sent or received (default 256)
  --inject SPEC         make calls fail or come up short, e.g.
                          connect:error=ECONNREFUSED        every connect() fails
                          accept:error=EINTR:when=1          the first accept() fails with EINTR
                          send:short=1:when=2+               from the 2nd send(), one byte at a time
                        when=N, N+ (N and later), N..M, N+S (from N, every S-th)
  --timeout SECONDS     end the program (and everything it started) after this long
  --no-sites            do not look up call sites
  -h, --help            this help

The program keeps its own stdin, stdout and stderr. The exit status is the program's own
(128+N when signal N killed it); 2 means a usage error; 1 that tracing failed, or that the
tracer process itself was killed (socklab says so: the trace is then incomplete).
`;

export const RUN_USAGE = `usage: socklab run [options] FILE.c|FILE.cpp [FILE...] [-- ARGS...]

Compiles the C or C++ files with the system's compiler (debug info, warnings on) and runs the
program under the tracer, as socklab trace does. C++ files (.cpp .cc .cxx .C .c++) are built with
the C++ compiler, and C files among them as C. Compiler errors are printed as the compiler wrote
them, and socklab exits 1.

options:
  --cc COMPILER         the C compiler (default: $CC, else cc, gcc or clang)
  --cxx COMPILER        the C++ compiler (default: $CXX, else c++, g++ or clang++)
  and every option of socklab trace (--format, --out, --payload, --inject, --timeout, --no-sites)
`;
