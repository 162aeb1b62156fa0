// Writes common/syscall-table.ts from the tracer's own table (native/src/syscalls.cc, read through the
// built addon), so the TypeScript side never keeps a list of its own. Run: npm run gen:syscalls
import * as fs from 'node:fs';
import * as path from 'node:path';
import { binding } from '../native/index';

export const TABLE_FILE = path.join(__dirname, '..', 'common', 'syscall-table.ts');

export function tableSource(): string {
  const rows = binding().syscallTable().map((s) =>
    `  { nr: ${s.nr}, name: '${s.name}', roles: [${s.roles.map((r) => `'${r}'`).join(', ')}], ` +
    `args: [${s.args.map((a) => `'${a}'`).join(', ')}], fdArg: ${s.fdArg}, lengthArg: ${s.lengthArg}, iovecCut: ${s.iovecCut} },`);
  return [
    '// Generated from the tracer\'s syscall table (native/src/syscalls.cc) by `npm run gen:syscalls`: do not edit.',
    '// test/native/syscall-table.test.ts fails when this file and the table differ.',
    '',
    '/** What a traced call is for: traced per socket fd, returns a new fd, moves bytes out or in, waits for',
    ' * readiness, makes a socket, waits on a blocking socket. */',
    'export type SyscallRole = \'onSocket\' | \'newFd\' | \'send\' | \'recv\' | \'wait\' | \'makesSocket\' | \'blocks\';',
    '',
    'export interface SyscallRow {',
    '  nr: number;',
    '  name: string;',
    '  roles: readonly SyscallRole[];',
    '  /** argument names, as the events carry them */',
    '  args: readonly string[];',
    '  /** the argument that is the fd the call acts on (its first fd argument), or -1 */',
    '  fdArg: number;',
    '  /** the argument with the byte count of the call\'s buffer (what a short-count fault cuts), or -1 */',
    '  lengthArg: number;',
    '  /** a short-count fault cuts it in its iovecs instead (writev, sendmsg) */',
    '  iovecCut: boolean;',
    '}',
    '',
    'export const SYSCALL_TABLE: readonly SyscallRow[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.writeFileSync(TABLE_FILE, tableSource());
  console.log(`wrote ${path.relative(process.cwd(), TABLE_FILE)}`);
}
