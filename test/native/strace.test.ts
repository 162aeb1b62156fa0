// Agreement with strace: for each of our C programs, strace and socklab trace it in turn; for every thread
// (matched by the creation tree, as in normalize.ts) the sequence of (syscall, fd, return value or errno,
// socket addresses, symbolic constants among the arguments) must be the same. The comparison itself is in
// strace-compare.ts.
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { compile, run, runPlainStdio, traceJsonl } from './normalize';
import { ourCalls, perThreadLines, straceArgv, straceCalls } from './strace-compare';
import { skipUnlessTracing, tmpDir } from '../helpers/native';

const STRACE = process.env.STRACE ?? 'strace';
// a fixed-length unique tag for abstract socket names: the address length is in the trace
const TAG = `st${randomBytes(4).toString('hex')}`;

interface Program {
  file: string;
  args?: string[];
  /** started with a connected TCP socket as fd 0, which the peer sends these lines on, one per echo */
  tcpStdin?: string[];
  /** threads make sockets at the same time: which fd number each gets differs from run to run */
  racyFds?: boolean;
  /** the test's name, when it is not the file's */
  name?: string;
}

const PROGRAMS: Program[] = [
  { file: 'sockets.c', args: [TAG] },
  { file: 'tcp.c' },
  { file: 'sockopts.c' },
  { file: 'udp.c' },
  { file: 'msg.c' },
  { file: 'multiplex.c' },
  { file: 'fds.c' },
  { file: 'procs.c' },
  { file: 'badptr.c' },
  { file: 'splice.c' },
  // written apart from the tracer's tests, in other styles
  { file: 'unseen/dns_udp.c' },
  { file: 'unseen/echo_fork.c' },
  { file: 'unseen/threaded_client.c', racyFds: true },
  // a recv interrupted by a handled signal: `= ? ERESTARTSYS`, then the restarted call, or (without
  // SA_RESTART) nothing more: the EINTR the program sees shows only in rt_sigreturn, which neither traces
  { file: 'interrupt.c', args: ['restart'], name: 'interrupt.c restart (SA_RESTART)' },
  { file: 'interrupt.c', args: ['eintr'], name: 'interrupt.c eintr (no SA_RESTART)' },
  { file: 'addrlen.c' },
  { file: 'inherited.c', tcpStdin: ['one\n', 'two\n'] },
];

/**
 * A runner that starts the command with fd 0 a TCP socket connected to a peer here, made by a shell that
 * execs the command (bash's /dev/tcp), so no traced call creates it. The peer sends lines[0], then each
 * next line once everything before it came back; `got` is all it received.
 */
function tcpStdinRunner(lines: string[]): { runner: typeof run; got: () => string } {
  let got = '';
  const runner: typeof run = async (cmd, args, opts) => {
    const srv = net.createServer((c) => {
      let sent = 1;
      c.write(lines[0]);
      c.on('data', (d) => {
        got += d.toString('latin1');
        if (sent < lines.length && got === lines.slice(0, sent).join('')) c.write(lines[sent++]);
      });
      c.on('end', () => c.end());
      c.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as net.AddressInfo).port;
    try {
      return await runPlainStdio('bash', ['-c', `exec 0<>/dev/tcp/127.0.0.1/${port}; exec "$@"`, 'bash', cmd, ...args], opts);
    } finally {
      srv.close();
    }
  };
  return { runner, got: () => got };
}

describe('agreement with strace', function () {
  let dir = '';
  before(async function () {
    skipUnlessTracing(this);
    if ((await run(STRACE, ['-V'])).code !== 0) throw new Error(`${STRACE} is not installed (apt-get install strace)`);
    dir = tmpDir('socklab-strace-');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const p of PROGRAMS) {
    it(p.name ?? p.file, async function () {
      const exe = await compile(p.file, dir);
      const argv = [exe, ...(p.args ?? [])];
      const out = path.join(dir, `${path.basename(exe)}.strace`);
      const viaStrace = p.tcpStdin ? tcpStdinRunner(p.tcpStdin) : undefined;
      const st = await (viaStrace?.runner ?? runPlainStdio)(STRACE, straceArgv(out, argv), { cwd: dir });
      const viaSocklab = p.tcpStdin ? tcpStdinRunner(p.tcpStdin) : undefined;
      const { events, ran } = await traceJsonl(argv, dir, viaSocklab?.runner);
      assert.strictEqual(ran.code, st.code, `exit status: socklab ${ran.code}, strace ${st.code}`);
      if (p.tcpStdin) {
        const all = p.tcpStdin.join('');
        assert.strictEqual(viaStrace!.got(), all, 'the program echoed every line under strace');
        assert.strictEqual(viaSocklab!.got(), all, 'the program echoed every line under socklab');
      }
      const theirs = perThreadLines(straceCalls(fs.readFileSync(out, 'utf8'), p.tcpStdin ? [0] : []), { racyFds: p.racyFds, fds: true, consts: true });
      const ours = perThreadLines(ourCalls(events), { racyFds: p.racyFds, fds: true, consts: true });
      assert.deepStrictEqual([...ours.keys()], [...theirs.keys()], 'the same processes and threads');
      for (const [who, lines] of theirs) assert.deepStrictEqual(ours.get(who), lines, `thread ${who}`);
    });
  }
});
