// socklab: the command-line entry. Routes to trace, run, labs, grade, doctor, course and autograder.
import { autograderCommand } from '../grader/autograder';
import { gradeCommand, labsCommand } from '../grader/commands';
import { courseCommand } from '../grader/course';
import { doctorCommand } from './doctor-cmd';
import { runCommand, traceCommand } from './trace-cmd';

const USAGE = `usage: socklab COMMAND [options]

commands:
  trace [--] PROGRAM [ARGS...]    run a program and print every socket syscall it makes
  run FILE.c... [-- ARGS...]      compile C or C++ files and trace the program
  labs                            list the labs
  grade LAB [DIR]                 grade a lab's solution in DIR (default: .); socklab grade --help for reports and batches
  doctor                          check what tracing needs on this machine, with the fix for each gap
  course init DIR --labs LABS     write a course repository: the labs' starter files, a dev container, a grading workflow
  autograder gradescope LAB... -o FILE
                                  write Gradescope's autograder zip for the labs

socklab COMMAND --help tells more.
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'trace': return traceCommand(rest);
    case 'run': return runCommand(rest);
    case 'labs': return labsCommand(rest);
    case 'grade': return gradeCommand(rest);
    case 'doctor': return doctorCommand(rest);
    case 'course': return courseCommand(rest);
    case 'autograder': return autograderCommand(rest);
    case undefined: case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`socklab: unknown command ${cmd}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // stderr/stdout may still be draining: exit once they have
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (e) => {
    process.stderr.write(`socklab: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(70);
  },
);
