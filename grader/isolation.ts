// Isolating a grading: the grader re-runs itself inside new user, network, PID and mount namespaces
// (unshare -r -n -p -f -m --mount-proc) with loopback up. The grader and the program then share a private
// loopback, so fixed ports never collide and nothing reaches the host's network; when the grader (PID 1
// there) exits, the kernel kills every process left in the namespace (man 7 pid_namespaces).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const ENV_FLAG = 'SOCKLAB_ISOLATED';

export function insideIsolation(): boolean {
  return process.env[ENV_FLAG] === 'netns';
}

function findIp(): string | undefined {
  return ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => fs.existsSync(p));
}

const UNSHARE = ['unshare', '--user', '--map-root-user', '--net', '--pid', '--fork', '--mount', '--mount-proc'];

let probed: { ok: boolean; why?: string } | undefined;

/** The command whose success means a grading can be isolated (socklab doctor runs it too); undefined without ip. */
export function isolationProbeCommand(): string[] | undefined {
  const ip = findIp();
  return ip ? [...UNSHARE, ip, 'link', 'set', 'lo', 'up'] : undefined;
}

/** Can this machine give a run its own namespaces? Probed once: unprivileged user namespaces may be off. */
export function isolationAvailable(): { ok: boolean; why?: string } {
  if (probed) return probed;
  const cmd = isolationProbeCommand();
  if (!cmd) return (probed = { ok: false, why: 'the ip command (iproute2) is not installed, so loopback cannot be brought up' });
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: 10_000 });
  if (r.error) probed = { ok: false, why: `unshare cannot run (${r.error.message})` };
  else if (r.status !== 0) probed = { ok: false, why: `unprivileged user namespaces are not allowed here (${(r.stderr || '').trim() || `status ${r.status}`})` };
  else probed = { ok: true };
  return probed;
}

/** The command that runs this same program again: node, its flags (e.g. a TS loader) and the script. */
export function selfCommand(): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1]];
}

/** Wraps a command so that it runs isolated, with loopback brought up first. */
export function isolatedCommand(cmd: string[]): string[] {
  const ip = findIp() ?? 'ip';
  // A new network namespace starts with lo down; every loopback connect would fail with ENETUNREACH.
  return [...UNSHARE, 'sh', '-c', `${ip} link set lo up && exec "$@"`, 'sh', ...cmd];
}

/** Runs `cmd` isolated with inherited stdio; resolves to its exit status (2 when it cannot start). */
export function runIsolated(cmd: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [file, ...args] = isolatedCommand(cmd);
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', env: { ...env, [ENV_FLAG]: 'netns' } });
    child.on('error', () => resolve(2));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 2 : 0)));
  });
}
