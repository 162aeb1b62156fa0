// Agreement with strace on programs we did not write: curl, python3 (socket and asyncio), node, socat,
// busybox, openssl and a Rust std::net binary, talking on loopback only. Each case runs its sides (a server
// that serves one client and exits, then its client) twice: every traced side under strace, then under
// socklab; per traced side, the per-thread lines of strace-compare.ts (name, fd, outcome, addresses, the
// constants among the arguments; ports, pids and fds renamed by order of appearance) must be equal, and so
// must the exit statuses.
// The two runs are separate runs of the programs: only what is fixed for a program is compared, and the
// few calls whose count depends on timing are left out by each case's `vary`, which says why.
//
// SOCKLAB_REAL_DENY=1 runs socklab under test/helpers/deny-real.c (pidfd_getfd denied, as in containers).
import * as assert from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { skipUnlessTracing, tmpDir } from '../helpers/native';
import { run } from './normalize';
import { DENY_PIDFD, STRACE, runSides, type Side, type SideRun } from './real-run';
import { ourCalls, perThreadLines, straceCalls } from './strace-compare';
import { WAIT_CALLS } from '../../common/syscalls';

const HERE = path.join(__dirname, 'real');
const RUSTC = process.env.RUSTC ?? 'rustc';
process.env.PATH = `${process.env.PATH}:/root/.cargo/bin:${process.env.HOME ?? ''}/.cargo/bin`;

interface Case {
  name: string;
  /** what must be installed: a command name each (checked with `command -v`) */
  needs: string[];
  sides: (dir: string) => Side[];
  /** lines (as `name fd = outcome ...`) whose number depends on timing, left out on both sides */
  vary?: RegExp;
  /** outcomes that depend on timing, written the same way on both sides: [pattern, replacement] */
  alike?: [RegExp, string];
  /** a known disagreement that someone is fixing: the case is skipped, saying what is missing */
  missing?: string;
}

let python = 'python3';
/**
 * python3's http.server answering one request for the files of a fixed folder (argv: port, folder). Its
 * replies are buffered (wbufsize -1) so that headers and body leave in one send: sent in two, they reach
 * the client in one read or in two depending on timing.
 */
const oneRequest = (host: '127.0.0.1' | '::1') => 'import functools, http.server as h, socket, sys; '
  + 'H = type("H", (h.SimpleHTTPRequestHandler,), {"wbufsize": -1}); '
  + `S = type("S", (h.HTTPServer,), {"address_family": socket.${host === '::1' ? 'AF_INET6' : 'AF_INET'}}); `
  + `S(("${host}", int(sys.argv[1])), functools.partial(H, directory=sys.argv[2])).handle_request()`;
const ONE_REQUEST = oneRequest('127.0.0.1');

/**
 * socat ends a TCP connection with shutdown(SHUT_WR) then shutdown(SHUT_RDWR); the second fails with ENOTCONN
 * when the peer's close has come by then.
 */
const SOCAT_END: [RegExp, string] = [/^(shutdown fd\d+) = (?:0|ENOTCONN)\b/, '$1 = 0 or ENOTCONN'];

/**
 * How often an event loop waits, and how many fds are ready when it does, depends on when the peer's bytes
 * arrive; so do the EAGAIN results of non-blocking calls made before they did, and socat's check of its
 * diagnostics socketpair (a recvfrom with MSG_DONTWAIT) at each turn of its loop.
 * The waiting calls are those of the tracer's table (WAIT_CALLS).
 */
const WAITS = new RegExp(`^(${[...WAIT_CALLS].join('|')})\\b| = EAGAIN\\b`);

const CASES: Case[] = [
  {
    name: 'curl fetches from python3 http.server',
    needs: ['curl', 'python3'],
    // curl's event loop polls as often as the server's reply takes
    vary: WAITS,
    sides: (dir) => [
      { traced: true, ready: { tcp: 'port' }, argv: [python, '-c', ONE_REQUEST, '{port}', `${dir}/www`] },
      { traced: true, argv: ['curl', '-sS', '-o', '/dev/null', 'http://127.0.0.1:{port}/'] },
    ],
  },
  {
    name: 'curl fetches over IPv6 from python3 http.server on ::1',
    needs: ['curl', 'python3'],
    // curl's event loop polls as often as the server's reply takes
    vary: WAITS,
    sides: (dir) => [
      { traced: true, ready: { tcp: 'port' }, argv: [python, '-c', oneRequest('::1'), '{port}', `${dir}/www`] },
      { traced: true, argv: ['curl', '-sS', '-o', '/dev/null', 'http://[::1]:{port}/'] },
    ],
  },
  {
    name: 'python3 socket echo',
    needs: ['python3'],
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, argv: [python, path.join(HERE, 'echo.py'), 'server', '{port}'] },
      { traced: true, argv: [python, path.join(HERE, 'echo.py'), 'client', '{port}'] },
    ],
  },
  {
    name: 'python3 asyncio echo',
    needs: ['python3'],
    vary: WAITS,
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, argv: [python, path.join(HERE, 'aio.py'), 'server', '{port}'] },
      { traced: true, argv: [python, path.join(HERE, 'aio.py'), 'client', '{port}'] },
    ],
  },
  {
    name: 'node net echo',
    needs: ['node'],
    vary: WAITS,
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, argv: ['node', path.join(HERE, 'net.js'), 'server', '{port}'] },
      { traced: true, argv: ['node', path.join(HERE, 'net.js'), 'client', '{port}'] },
    ],
  },
  {
    name: 'node dgram echo',
    needs: ['node'],
    vary: WAITS,
    sides: () => [
      { traced: true, ready: { udp: 'port' }, argv: ['node', path.join(HERE, 'udp.js'), 'server', '{port}'] },
      { traced: true, argv: ['node', path.join(HERE, 'udp.js'), 'client', '{port}'] },
    ],
  },
  {
    name: 'socat TCP-LISTEN and TCP',
    needs: ['socat'],
    vary: WAITS,
    alike: SOCAT_END,
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, input: 'from server\n', argv: ['socat', '-u', 'TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr', 'STDOUT'] },
      { traced: true, input: 'hello over tcp\n', argv: ['socat', '-u', 'STDIN', 'TCP:127.0.0.1:{port}'] },
    ],
  },
  {
    name: 'socat UNIX-LISTEN and UNIX-CONNECT',
    needs: ['socat'],
    vary: WAITS,
    alike: SOCAT_END,
    sides: () => [
      { traced: true, ready: { unix: '{dir}/socat.sock' }, argv: ['socat', '-u', 'UNIX-LISTEN:{dir}/socat.sock', 'STDOUT'] },
      { traced: true, input: 'hello over unix\n', argv: ['socat', '-u', 'STDIN', 'UNIX-CONNECT:{dir}/socat.sock'] },
    ],
  },
  {
    name: 'socat UDP-RECV and UDP-SENDTO',
    needs: ['socat'],
    vary: WAITS,
    sides: () => [
      { traced: true, ready: { udp: 'port' }, argv: ['socat', '-u', '-T', '1', 'UDP-RECV:{port},bind=127.0.0.1', 'STDOUT'] },
      { traced: true, input: 'hello over udp\n', argv: ['socat', '-u', 'STDIN', 'UDP-SENDTO:127.0.0.1:{port}'] },
    ],
  },
  {
    name: 'socat TCP6-LISTEN and TCP6',
    needs: ['socat'],
    vary: WAITS,
    alike: SOCAT_END,
    // socat's accept() on the IPv6 socket passes addrlen 16: the kernel writes 16 of the 28 bytes
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, argv: ['socat', '-u', 'TCP6-LISTEN:{port},bind=[::1],reuseaddr', 'STDOUT'] },
      { traced: true, input: 'hello over tcp6\n', argv: ['socat', '-u', 'STDIN', 'TCP6:[::1]:{port}'] },
    ],
  },
  {
    name: 'busybox nc reads from socat',
    needs: ['busybox', 'socat'],
    vary: WAITS,
    alike: SOCAT_END,
    sides: () => [
      { traced: true, ready: { tcp: 'port' }, input: 'from socat\n', argv: ['socat', '-u', 'STDIN', 'TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr'] },
      { traced: true, argv: ['busybox', 'nc', '127.0.0.1', '{port}'] },
    ],
  },
  {
    name: 'busybox httpd -i under socat, for busybox wget',
    needs: ['busybox', 'socat'],
    vary: WAITS,
    sides: (dir) => [
      // socat (p1) relays httpd's (p2) headers and body, written apart, in one read or two, and sees its two
      // peers end in either order; wget reads them in one read or two: only httpd is compared
      { traced: true, compare: ['p2'], ready: { tcp: 'port' }, argv: ['socat', 'TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr', `EXEC:busybox httpd -i -h ${dir}/www`] },
      { traced: false, argv: ['busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:{port}/'] },
    ],
  },
  {
    name: 'busybox wget from python3 http.server',
    needs: ['busybox', 'python3'],
    sides: (dir) => [
      { traced: false, ready: { tcp: 'port' }, argv: [python, '-c', ONE_REQUEST, '{port}', `${dir}/www`] },
      { traced: true, argv: ['busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:{port}/'] },
    ],
  },
  {
    name: 'openssl s_server and s_client',
    needs: ['openssl'],
    vary: WAITS,
    sides: (dir) => [
      // The server ends at its stdin's EOF, and then reads what the client sent since in one read or two: its
      // stdin stays open until the client has ended, which it does at its own stdin's EOF (-no_ign_eof).
      // No session tickets: the server sends them after the handshake, and the client may end before or
      // after they come.
      { traced: true, holdStdin: true, ready: { tcp: 'port' }, argv: ['openssl', 's_server', '-naccept', '1', '-quiet', '-num_tickets', '0',
        '-accept', '127.0.0.1:{port}', '-cert', path.join(dir, 'cert.pem'), '-key', path.join(dir, 'key.pem')] },
      { traced: true, input: 'hello over tls\n', argv: ['openssl', 's_client', '-no_ign_eof', '-connect', '127.0.0.1:{port}'] },
    ],
  },
  {
    name: 'Rust std::net echo',
    needs: [RUSTC],
    sides: (dir) => [
      { traced: true, ready: { tcp: 'port' }, argv: [path.join(dir, 'echo-rs'), 'server', '{port}'] },
      { traced: true, argv: [path.join(dir, 'echo-rs'), 'client', '{port}'] },
    ],
  },
];

/** Per traced side: its per-thread lines, less the timing-dependent ones. */
function sideLines(r: SideRun, vary?: RegExp, alike?: [RegExp, string]): Map<string, string[]> {
  const calls = r.strace !== undefined ? straceCalls(r.strace) : ourCalls(r.events ?? []);
  const lines = perThreadLines(calls, { fds: true, consts: true });
  const out = new Map<string, string[]>();
  // threads that make no socket call (language runtimes' helpers) need not be the same in number
  for (const [who, l] of lines) {
    if (r.side.compare && !r.side.compare.includes(who.replace(/\.t\d+$/, ''))) continue;
    const kept = (vary ? l.filter((x) => !vary.test(x)) : l).map((x) => (alike ? x.replace(alike[0], alike[1]) : x));
    if (kept.length) out.set(who, kept);
  }
  return out;
}

const has = (cmd: string) => run('sh', ['-c', `command -v ${cmd}`]).then((r) => r.code === 0);

describe('agreement with strace on real programs', function () {
  this.timeout(180000);
  let dir = '';
  before(async function () {
    skipUnlessTracing(this);
    if ((await run(STRACE, ['-V'])).code !== 0) throw new Error(`${STRACE} is not installed (apt-get install strace)`);
    dir = tmpDir('socklab-real-');
    const py = await run('python3', ['-c', 'import sys; print(sys.executable)']);
    // the real interpreter, not a version manager's shell shim
    if (py.code === 0) python = py.stdout.trim();
    if (DENY_PIDFD) console.log('    socklab runs with pidfd_getfd denied (SOCKLAB_REAL_DENY=1)');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async function () {
      for (const cmd of c.needs) if (!(await has(cmd))) throw new Error(`${cmd} is not installed`);
      const missing = c.missing;
      if (missing) {
        console.log(`    skipped until the tracer has it: ${missing}`);
        this.skip();
      }
      await prepare(c, dir);
      const theirs = await runSides(c.sides(dir), 'strace', dir);
      const ours = await runSides(c.sides(dir), 'socklab', dir);
      ours.forEach((o, i) => {
        const t = theirs[i];
        const what = o.side.argv.join(' ');
        assert.strictEqual(o.ended.code, t.ended.code, `${what}: exit status socklab ${o.ended.code}, strace ${t.ended.code}\n${o.ended.stderr}`);
        if (!o.side.traced) return;
        const a = sideLines(o, c.vary, c.alike);
        const b = sideLines(t, c.vary, c.alike);
        if (process.env.SOCKLAB_REAL_SHOW) console.log(what, JSON.stringify([...b], null, 1));
        assert.deepStrictEqual([...a.keys()], [...b.keys()], `${what}: the same processes and threads`);
        for (const [who, lines] of b) assert.deepStrictEqual(a.get(who), lines, `${what}: thread ${who}`);
      });
    });
  }
});

/** Builds what a case needs in dir: the Rust binary, the throwaway certificate, the served folder. */
async function prepare(c: Case, dir: string): Promise<void> {
  fs.mkdirSync(path.join(dir, 'www'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'www', 'index.html'), '<p>served on loopback</p>\n');
  if (c.needs.includes(RUSTC) && !fs.existsSync(path.join(dir, 'echo-rs'))) {
    const r = await run(RUSTC, ['-g', '-o', path.join(dir, 'echo-rs'), path.join(HERE, 'echo.rs')], { cwd: dir, timeoutMs: 120000 });
    if (r.code !== 0) throw new Error(`rustc echo.rs failed:\n${r.stderr}`);
  }
  if (c.needs.includes('openssl') && !fs.existsSync(path.join(dir, 'cert.pem'))) {
    // RSA: its signatures have a fixed length, an ECDSA one (DER) differs by a byte or two from run to run
    const r = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
      '-days', '1', '-subj', '/CN=localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { cwd: dir });
    if (r.code !== 0) throw new Error(`openssl req failed:\n${r.stderr}`);
  }
}
