// Podman, a container engine without a daemon, for the tests that build and run the image `socklab course init`
// writes: whether it can run here and with which flags, and the image's base (node:20-bookworm), pulled or, where
// no container registry can be reached, made from this machine's Debian packages with this machine's Node 20.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const NODE_BASE = 'docker.io/library/node:20-bookworm';
const STANDIN = 'localhost/socklab-test/node:20-bookworm';

export interface Podman {
  /** podman ARGS with the flags this machine needs; never throws */
  run(args: string[], timeoutMs?: number): SpawnSyncReturns<string>;
  /** --ulimit flags for `podman build` and `podman run` */
  limits: string[];
}

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** A cgroup v2 tree beside v1 controllers (hybrid): crun refuses to start containers there, runc does not. */
function hybridCgroups(): boolean {
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return mounts.some((l) => / - cgroup2 /.test(l)) && mounts.some((l) => / - cgroup /.test(l));
}

/** `Max open files`/`Max processes` of /proc/self/limits: [soft, hard], undefined for unlimited. */
function limit(name: string): [number, number] | undefined {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith(name));
  const m = line && /^\D+(\d+)\s+(\d+)/.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Podman as root gives a container 1048576 open files and a large process limit, which a root without
 * CAP_SYS_RESOURCE (as in a container itself) cannot set: the container then never starts. So the limits
 * are this process's own; the process limit at most pid_max (more processes cannot exist, and a larger
 * value was refused on the test machine).
 */
function ulimits(): string[] {
  const out: string[] = [];
  const nofile = limit('Max open files');
  if (nofile) out.push('--ulimit', `nofile=${nofile[0]}:${nofile[1]}`);
  const nproc = limit('Max processes');
  const pidMax = Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  if (nproc) {
    const n = Math.min(nproc[1], pidMax);
    out.push('--ulimit', `nproc=${Math.min(nproc[0], n)}:${n}`);
  }
  return out;
}

/** Podman with its flags, or why it cannot be used here. */
export function findPodman(): Podman | { why: string } {
  if (process.platform !== 'linux') return { why: 'containers are built on Linux only' };
  if (!has('podman')) return { why: 'no daemonless container builder: podman is not installed (Debian: apt-get install podman runc)' };
  const global: string[] = [];
  if (hybridCgroups()) {
    if (!has('runc')) return { why: 'this machine mixes cgroup v1 and v2, which crun (podman\'s default runtime) refuses, and runc is not installed' };
    global.push('--runtime', 'runc');
  }
  const run = (args: string[], timeoutMs = 600_000) =>
    spawnSync('podman', [...global, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  return { run, limits: ulimits() };
}

const said = (r: SpawnSyncReturns<string>): string => (r.error?.message ?? `${r.stderr}${r.stdout}`).trim().split('\n').slice(-3).join(' / ');

/**
 * The image to build FROM: node:20-bookworm when it is here or can be pulled; else a stand-in made of
 * Debian bookworm (mmdebstrap, from this machine's apt sources) and this machine's Node 20, with the image's
 * `node` user (uid 1000). `note` says which, and why.
 */
export function nodeBase(p: Podman, work: string): { image: string; note: string } | { why: string } {
  if (p.run(['image', 'exists', NODE_BASE]).status === 0) return { image: NODE_BASE, note: `${NODE_BASE}, already here` };
  const pull = p.run(['pull', '--quiet', NODE_BASE], 300_000);
  if (pull.status === 0) return { image: NODE_BASE, note: `${NODE_BASE}, pulled` };
  const why = `${NODE_BASE} could not be pulled (${said(pull)})`;
  if (p.run(['image', 'exists', STANDIN]).status === 0) return { image: STANDIN, note: `${why}; the stand-in ${STANDIN} made earlier` };
  const release = fs.existsSync('/etc/os-release') ? fs.readFileSync('/etc/os-release', 'utf8') : '';
  if (!/^VERSION_CODENAME=bookworm$/m.test(release) || !process.version.startsWith('v20.')) {
    return { why: `${why}, and a stand-in needs a Debian bookworm machine with Node 20 (this is Node ${process.version})` };
  }
  if (!has('mmdebstrap')) return { why: `${why}, and mmdebstrap, which would make a stand-in, is not installed` };
  const sources = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'].find((f) => fs.existsSync(f));
  if (!sources) return { why: `${why}, and this machine has no apt sources to make a stand-in from` };
  const tar = path.join(work, 'bookworm.tar');
  const strap = spawnSync('mmdebstrap', ['--variant=apt', '--format=tar', 'bookworm', tar, sources],
    { encoding: 'utf8', timeout: 900_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (strap.status !== 0) return { why: `${why}, and mmdebstrap failed: ${said(strap)}` };
  const bookworm = `${STANDIN}-rootfs`;
  const imported = p.run(['import', tar, bookworm]);
  fs.rmSync(tar, { force: true });
  if (imported.status !== 0) return { why: `${why}, and podman import failed: ${said(imported)}` };
  const ctx = path.join(work, 'node-base');
  fs.mkdirSync(ctx, { recursive: true });
  fs.copyFileSync(process.execPath, path.join(ctx, 'node'));
  // what the node image adds to Debian: node itself and the `node` user a devcontainer.json's remoteUser names
  fs.writeFileSync(path.join(ctx, 'Containerfile'), [`FROM ${bookworm}`, 'COPY node /usr/local/bin/node',
    'RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node', ''].join('\n'));
  const built = p.run(['build', ...p.limits, '--tag', STANDIN, ctx]);
  if (built.status !== 0) return { why: `${why}, and the stand-in did not build: ${said(built)}` };
  return { image: STANDIN, note: `${why}; a stand-in was made from Debian bookworm's packages and this machine's Node ${process.version}` };
}
