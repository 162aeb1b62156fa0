// `socklab doctor`: can this machine trace exactly? Prints each capability with works / degraded / missing,
// what it costs and the exact fix; exits 0 when the trace is exact here, 1 when it is not.
import { isolationProbeCommand } from '../grader/isolation';
import { reportText } from '../runner/doctor-report';
import { runDoctor } from '../runner/doctor';

export const DOCTOR_USAGE = `usage: socklab doctor [--format text|json]

Checks, for real, what the tracer needs on this machine: Linux on x86_64 (not WSL 1), ptrace
(PTRACE_TRACEME, PTRACE_SETOPTIONS with TRACESECCOMP) and Yama's ptrace_scope, seccomp filters,
pidfd_getfd (socket identity), process_vm_readv (memory), addr2line (call sites), a C and a C++
compiler, and the user + network namespaces grading uses (unshare -r -n -p -f -m). Each is shown as
works, degraded (a fallback gives the same trace) or missing, with what it costs and the exact fix.

options:
  --format text|json    text for people (default), or one JSON object: {exact, checks: [{id, title,
                        status, area, detail, cost, fix, exact}]}
  -h, --help            this help

Exit status: 0 when tracing is exact here (every check works, or is degraded or missing in a way
that keeps the trace exact: a fallback, a compiler, the grader's namespaces); 1 when it is not;
2 for a usage error.
`;

export async function doctorCommand(argv: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    if (flag === '-h' || flag === '--help') {
      process.stdout.write(DOCTOR_USAGE);
      return 0;
    }
    if (flag !== '--format') return usage(`unknown option ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value !== 'text' && value !== 'json') return usage(`--format must be text or json, not ${value ?? 'nothing'}`);
    format = value;
  }
  const report = await runDoctor({ isolationCommand: isolationProbeCommand() });
  process.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportText(report));
  return report.exact ? 0 : 1;
}

function usage(msg: string): number {
  process.stderr.write(`socklab: ${msg}\n\n${DOCTOR_USAGE}`);
  return 2;
}
