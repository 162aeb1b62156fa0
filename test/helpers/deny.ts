// The `deny` wrapper (deny.c): runs a command under a seccomp filter that fails the named syscalls with
// EPERM, like a container's seccomp profile. Compiled once per test run into a temp dir.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let built: string | undefined;

/** The path of the compiled wrapper: `deny NAME... -- CMD [ARGS...]`. */
export function denyWrapper(): string {
  if (built) return built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-deny-'));
  const exe = path.join(dir, 'deny');
  execFileSync('cc', ['-O2', '-Wall', '-o', exe, path.join(__dirname, 'deny.c')], { stdio: 'pipe' });
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return (built = exe);
}
