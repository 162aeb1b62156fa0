// Golden traces: each C program in programs/ is compiled, traced with `socklab trace --format jsonl`, normalised
// and compared with golden/<name>.jsonl. UPDATE_GOLDEN=1 rewrites the files (review them before committing).
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { callText } from '../../common/format';
import { compile, normalize, toJsonl, traceJsonl, PROGRAMS } from './normalize';
import { markedLines, skipUnlessTracing, tmpDir } from '../helpers/native';

const GOLDEN = path.join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// a fixed-length unique tag for abstract socket names: the address length is in the trace
const TAG = `sl${randomBytes(4).toString('hex')}`;

interface Case {
  name: string;
  args?: string[];
  /** the program's exit status, which socklab trace passes on */
  code: number;
}

const CASES: Case[] = [
  { name: 'sockets', args: [TAG], code: 0 },
  { name: 'tcp', code: 0 },
  { name: 'sockopts', code: 0 },
  { name: 'udp', code: 0 },
  { name: 'msg', code: 0 },
  { name: 'multiplex', code: 0 },
  { name: 'fds', code: 0 },
  { name: 'procs', code: 0 },
  { name: 'badptr', code: 0 },
  { name: 'addrlen', code: 0 },
];

describe('golden traces of the test programs', function () {
  let dir = '';
  before(async function () {
    skipUnlessTracing(this);
    dir = tmpDir('socklab-golden-');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function traced(name: string, args: string[] = []): Promise<{ events: TraceEvent[]; code: number | null }> {
    const exe = await compile(`${name}.c`, dir);
    const { events, ran } = await traceJsonl([exe, ...args], dir);
    return { events, code: ran.code };
  }

  function check(name: string, events: TraceEvent[]): void {
    const text = toJsonl(normalize(events, { replace: { [dir]: '$TMP', [TAG]: 'TAG' } }));
    const file = path.join(GOLDEN, `${name}.jsonl`);
    if (UPDATE) fs.writeFileSync(file, text);
    assert.ok(fs.existsSync(file), `no golden file ${file}: run with UPDATE_GOLDEN=1 and review it`);
    assert.deepStrictEqual(text.split('\n'), fs.readFileSync(file, 'utf8').split('\n'));
  }

  for (const c of CASES) {
    it(`${c.name}.c`, async function () {
      const { events, code } = await traced(c.name, c.args);
      assert.strictEqual(code, c.code, `${c.name} exited with ${code}`);
      check(c.name, events);
      // every marked line is the site of at least one call in the trace
      const lines = new Set(events.filter((e): e is SyscallEvent => e.type === 'syscall' && !!e.site
        && path.basename(e.site.file) === `${c.name}.c`).map((e) => e.site!.line));
      for (const [site, line] of markedLines(path.join(PROGRAMS, `${c.name}.c`))) {
        assert.ok(lines.has(line), `${c.name}.c:${line} (@site ${site}) is the site of no reported call`);
      }
    });
  }

  it('trunc.c: recv with MSG_TRUNC keeps only the bytes that fit the buffer, with the datagram\'s full length', async function () {
    const { events, code } = await traced('trunc');
    assert.strictEqual(code, 0);
    check('trunc', events);
  });

  it('addrlen.c in text: cut addresses show the bytes written and both lengths, as strace does', async function () {
    const { events, code } = await traced('addrlen');
    assert.strictEqual(code, 0);
    const text = (line: string) => {
      const e = events.find((x): x is SyscallEvent => x.type === 'syscall' && x.site?.line === markedLines(path.join(PROGRAMS, 'addrlen.c')).get(line));
      assert.ok(e, `no call at @site ${line}`);
      return callText(e);
    };
    // the 0x5a filler the program put in the buffer must never show: only the 14 bytes after the family
    assert.match(text('accept6'), /^accept\(3, \{AF_INET6, sa_data="(\\x[0-9a-f]{2}|[^"\\]){2}(\\x00){12}" \(truncated\)\}, \[16 => 28\]\) = 5$/);
    assert.match(text('peer6'), /\[16 => 28\]\) = 0$/);
    assert.match(text('recvfrom4'), /^recvfrom\(6, "x", 8, 0, \{AF_INET, sa_data=".*\\x7f\\x00\\x00\\x01" \(truncated\)\}, \[8 => 16\]\) = 1$/);
    assert.strictEqual(text('unnamed'), 'recvfrom(8, "y", 8, 0, {AF_UNIX, (unnamed)}, [110 => 0]) = 1');
  });

  it('header_site.c: a call made in a header is attributed to the header (programs built as socklab run builds them)', async function () {
    const { events, code } = await traced('header_site');
    assert.strictEqual(code, 0);
    const sock = events.find((e): e is SyscallEvent => e.type === 'syscall' && e.name === 'socket');
    const line = markedLines(path.join(PROGRAMS, 'header_site.h')).get('header-socket');
    assert.deepStrictEqual(sock?.site && { file: path.basename(sock.site.file), line: sock.site.line },
      { file: 'header_site.h', line });
  });
});
