// Running installed programs (curl, socat, openssl...) in pairs on loopback, each side either traced (by
// socklab or by strace) or not, for real-programs.test.ts. A server side is waited for by reading the
// kernel's socket tables under /proc/net, never by connecting to it, so the traced calls are only the
// programs' own.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as net from 'net';
import * as path from 'path';
import type { TraceEvent } from '../../common/events';
import { ROOT } from './normalize';
import { straceArgv } from './strace-compare';

const CLI = path.join(ROOT, 'bin', 'socklab.js');
export const STRACE = process.env.STRACE ?? 'strace';

/**
 * The container-like profile: SOCKLAB_REAL_DENY=1 runs socklab under test/helpers/deny-real.c, which makes
 * pidfd_getfd fail with EPERM as in containers whose seccomp profile does not allow it.
 */
export const DENY_PIDFD = process.env.SOCKLAB_REAL_DENY === '1';

export type Tracer = 'socklab' | 'strace';

/** How a server side shows that it is ready for its client. */
export type Ready =
  | { tcp: 'port' } // a TCP socket listening on {port} (v4 or v6)
  | { udp: 'port' } // a UDP socket bound to {port}
  | { unix: string }; // a listening unix socket bound to this path ({dir} replaced)

export interface Side {
  /** the command line; {port}, {port2} and {dir} are replaced */
  argv: string[];
  /** traced by the tracer under test (and by strace for the reference), or run as is */
  traced: boolean;
  /** given on stdin; without it stdin is /dev/null */
  input?: string;
  /** stdin is a pipe kept open until every later side has ended (a server that would end at its EOF) */
  holdStdin?: boolean;
  env?: Record<string, string>;
  ready?: Ready;
  /** only these processes' threads (labels p1, p2...) are compared, when the others race (see the case) */
  compare?: string[];
}

export interface Ended {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface SideRun {
  side: Side;
  ended: Ended;
  /** socklab's events, or strace's output, for a traced side */
  events?: TraceEvent[];
  strace?: string;
}

/** A port no one is listening on now, for programs that must be told theirs. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  done: Promise<Ended>;
  kill(): void;
  endInput(): void;
}

/**
 * Starts a traced side. Its stdout and stderr are files and its stdin, when it has input, a real pipe (from
 * a `cat` that reads ours): Node gives a child's piped stdio as socketpairs, which the traced program would
 * inherit as sockets of its own, and the traces compared here are of the sockets the programs make.
 */
function start(argv: string[], cwd: string, side: Side, timeoutMs: number): Started {
  const { input, env } = side;
  const piped = input !== undefined || side.holdStdin;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-real-io-'));
  const outFile = path.join(dir, 'out'), errFile = path.join(dir, 'err');
  const out = fs.openSync(outFile, 'w'), err = fs.openSync(errFile, 'w');
  const [cmd, args] = piped ? ['sh', ['-c', 'cat | "$@"', 'sh', ...argv]] : [argv[0], argv.slice(1)];
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: [piped ? 'pipe' : 'ignore', out, err], detached: true });
  let spawnError = '';
  child.stdin?.on('error', () => undefined);
  if (input !== undefined && !side.holdStdin) child.stdin!.end(input);
  else if (input !== undefined) child.stdin!.write(input);
  // the whole group: the shell, cat and the traced side
  const kill = () => { try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ } };
  // every run stops by itself; this only ends a run that hangs, and the test then fails on its status
  const timer = setTimeout(kill, timeoutMs);
  const done = new Promise<Ended>((resolve) => {
    child.on('error', (e) => { spawnError += String(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(out);
      fs.closeSync(err);
      const ended = { code, signal, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') + spawnError };
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(ended);
    });
  });
  return { done, kill, endInput: () => child.stdin?.end() };
}

/** Is something on loopback ready as `ready` says? Read from /proc/net, without touching the socket. */
function isReady(ready: Ready, port: number, dir: string): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const table = (file: string, state: string) => {
    try {
      return fs.readFileSync(file, 'utf8').split('\n').slice(1).some((l) => {
        const f = l.trim().split(/\s+/);
        return f.length > 3 && f[1].endsWith(`:${hex}`) && f[3] === state;
      });
    } catch {
      return false;
    }
  };
  if ('tcp' in ready) return table('/proc/net/tcp', '0A') || table('/proc/net/tcp6', '0A');
  if ('udp' in ready) return table('/proc/net/udp', '07') || table('/proc/net/udp6', '07');
  const want = ready.unix.replace('{dir}', dir);
  // a listening socket has __SO_ACCEPTCON (0x10000) in its flags
  return fs.readFileSync('/proc/net/unix', 'utf8').split('\n').some((l) => {
    const f = l.trim().split(/\s+/);
    return f.length >= 8 && f[7] === want && (parseInt(f[3], 16) & 0x10000) !== 0;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the sides in order, each started once the one before it is ready (a side without `ready` is not
 * waited for), and waits for all of them to end. Traced sides run under `tracer`.
 */
export async function runSides(sides: Side[], tracer: Tracer, dir: string, timeoutMs = 60000): Promise<SideRun[]> {
  const port = await freePort();
  const port2 = await freePort();
  const fill = (s: string) => s.replace(/\{port\}/g, String(port)).replace(/\{port2\}/g, String(port2)).replace(/\{dir\}/g, dir);
  const started: { side: Side; run: Started; out?: string }[] = [];
  let failed = '';
  for (const [i, side] of sides.entries()) {
    const argv = side.argv.map(fill);
    let full = argv;
    let out: string | undefined;
    if (side.traced) {
      out = path.join(dir, `side${i}.${tracer}`);
      fs.rmSync(out, { force: true });
      full = tracer === 'strace' ? [STRACE, ...straceArgv(out, argv)]
        : [...(DENY_PIDFD ? [denyWrapper(dir)] : []), process.execPath, CLI, 'trace', '--format', 'jsonl', '--out', out, '--', ...argv];
    }
    const run = start(full, dir, side, timeoutMs);
    started.push({ side, run, out });
    if (!side.ready) continue;
    const until = Date.now() + timeoutMs;
    let ended = false;
    void run.done.then(() => (ended = true));
    while (!isReady(side.ready, port, dir) && !ended && Date.now() < until) await sleep(20);
    if (!isReady(side.ready, port, dir)) {
      failed = `${argv.join(' ')} was never ready`;
      break;
    }
  }
  if (failed) for (const s of started) s.run.kill();
  // the sides that do not hold their stdin end by themselves; then the others get their EOF
  for (const s of started) if (!s.side.holdStdin) await s.run.done;
  for (const s of started) s.run.endInput();
  const runs: SideRun[] = [];
  for (const s of started) {
    const ended = await s.run.done;
    const r: SideRun = { side: s.side, ended };
    if (s.out) {
      const text = fs.existsSync(s.out) ? fs.readFileSync(s.out, 'utf8') : '';
      if (tracer === 'strace') r.strace = text;
      else r.events = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TraceEvent);
    }
    runs.push(r);
  }
  if (failed) throw new Error(`${failed}:\n${runs.map((r) => r.ended.stderr).join('\n')}`);
  return runs;
}

let wrapper = '';

/** test/helpers/deny-real.c compiled into dir (once per test run). */
function denyWrapper(dir: string): string {
  if (wrapper && fs.existsSync(wrapper)) return wrapper;
  wrapper = path.join(dir, 'deny-real');
  const r = spawnSync('cc', ['-O2', '-o', wrapper, path.join(ROOT, 'test', 'helpers', 'deny-real.c')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc deny-real.c failed:\n${r.stderr}`);
  return wrapper;
}
