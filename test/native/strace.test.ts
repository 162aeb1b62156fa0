// Agreement with strace: for each of our C programs, strace and socklab trace it in turn; for every thread
// (matched by the creation tree, as in normalize.ts) the sequence of (syscall, fd, return value or errno,
// socket addresses, symbolic constants among the arguments) must be the same. The comparison itself is in
// strace-compare.ts.
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'fs';
import * as path from 'path';
import { compile, run, traceJsonl } from './normalize';
import { ourCalls, perThreadLines, straceArgv, straceCalls } from './strace-compare';
import { skipUnlessTracing, tmpDir } from '../helpers/native';

const STRACE = process.env.STRACE ?? 'strace';
// a fixed-length unique tag for abstract socket names: the address length is in the trace
const TAG = `st${randomBytes(4).toString('hex')}`;

interface Program {
  file: string;
  args?: string[];
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
  // written apart from the tracer's tests, in other styles
  { file: 'unseen/dns_udp.c' },
  { file: 'unseen/echo_fork.c' },
  { file: 'unseen/threaded_client.c', racyFds: true },
  // a recv interrupted by a handled signal: `= ? ERESTARTSYS`, then the restarted call, or (without
  // SA_RESTART) nothing more: the EINTR the program sees shows only in rt_sigreturn, which neither traces
  { file: 'interrupt.c', args: ['restart'], name: 'interrupt.c restart (SA_RESTART)' },
  { file: 'interrupt.c', args: ['eintr'], name: 'interrupt.c eintr (no SA_RESTART)' },
];

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
      const st = await run(STRACE, straceArgv(out, argv), { cwd: dir });
      const { events, ran } = await traceJsonl(argv, dir);
      assert.strictEqual(ran.code, st.code, `exit status: socklab ${ran.code}, strace ${st.code}`);
      const theirs = perThreadLines(straceCalls(fs.readFileSync(out, 'utf8')), { racyFds: p.racyFds, fds: true, consts: true });
      const ours = perThreadLines(ourCalls(events), { racyFds: p.racyFds, fds: true, consts: true });
      assert.deepStrictEqual([...ours.keys()], [...theirs.keys()], 'the same processes and threads');
      for (const [who, lines] of theirs) assert.deepStrictEqual(ours.get(who), lines, `thread ${who}`);
    });
  }
});
