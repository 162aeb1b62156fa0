// Limits measure what they claim: memory is resident memory (so threads, whose stacks and malloc arenas
// reserve far more address space than they use, do not count against it), and a run stopped at any limit
// is failed with a message naming the limit, its value and where the program was.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gradeLab, type GradeResult } from '../../grader/engine';
import { loadLab, type LoadedLab } from '../../grader/labs';
import { loadRunner } from '../../grader/run-adapter';
import type { Action, BehaviourCheck, Check, LabSpec } from '../../grader/spec';
import type { SyscallEvent } from '../../common/events';
import { causeBlame, describeEnd } from '../../grader/run-end';
import { limitWhere } from '../../grader/limits';
import { labsDir, repoRoot } from './helpers';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'limits');
const many = loadLab(path.join(labsDir, '07-many-clients'));
const threadServer = path.join(repoRoot, 'test', 'lab-alternatives', '07-many-clients', 'thread-per-client');

function failures(r: GradeResult): string {
  return r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.message}`).join('\n') || '(none)';
}

/** A one-check lab around one C file: a tool that must exit 0, or a server for `peer`. */
function labOf(file: string, check: Partial<BehaviourCheck>, extra: Check[] = [], role: 'tool' | 'server' = 'tool'): LoadedLab {
  const spec: LabSpec = {
    id: 'limits', title: 'limits', summary: '', concepts: [], steps: [], files: [file], starter: '.', solution: '.',
    program: { role, argv: role === 'server' ? ['{port}'] : [] },
    grading: { checks: [{ id: 'run', kind: 'behaviour', title: 'runs', peer: [], ...check }, ...extra] },
  };
  return { spec, dir: fixtures };
}

/** 100 clients connected at once, each echoed and then holding its connection until all have been served. */
function hundredClients(file: string): LoadedLab {
  const script: Action[] = [
    { do: 'connect', as: 'c' },
    { do: 'send', on: 'c', data: 'hello\n' },
    { do: 'expect', on: 'c', data: 'hello\n', withinMs: 8000 },
    { do: 'wait', ms: 1000 },
    { do: 'close', on: 'c' },
    { do: 'expectEof', on: 'c', withinMs: 8000 },
  ];
  const lab = labOf(file, { peer: [{ do: 'clients', count: 100, script }] }, [
    { id: 'spawned', kind: 'trace', on: 'run', title: 'a thread or process per client', rule: 'count', min: 100,
      call: { call: '@spawn', describe: 'new processes or threads' } },
  ], 'server');
  return lab;
}

describe('a limit\'s facts', () => {
  const call = (seq: number, name: string, site?: number, unfinished?: true): SyscallEvent => ({
    type: 'syscall', seq, pid: 5, tid: 5, ts: seq, dur: 1, name, args: { fd: 3 }, ret: unfinished ? null : 0,
    ...(unfinished ? { unfinished } : {}), ...(site ? { site: { file: 'w.c', line: site, function: 'main' } } : {}),
  });

  it('keep the calls it names, and blame the first of them with a line', () => {
    const events = [call(1, 'listen', 9), call(2, 'accept', undefined, true), call(3, 'recv', 20, true)];
    const limit = { what: 'wall', value: 1000 };
    const end = { code: null, signal: 'SIGKILL', cause: { kind: 'limit' as const, limit, where: limitWhere(limit, events) } };
    assert.match(describeEnd(end), /still waiting in accept\(3\) \(never returned\); recv\(3\) \(never returned\) at w\.c:20/);
    assert.strictEqual(causeBlame(end)?.seq, 3);
    assert.strictEqual(causeBlame({ ...end, cause: { kind: 'limit', limit } }), undefined, 'no trace, no call to blame');
    assert.strictEqual(causeBlame({ code: 1, signal: null }), undefined);
  });
});

describe('grading limits', function () {
  this.timeout(300_000);
  const runner = loadRunner();
  before(function () {
    if (!runner.traced) assert.fail(`the limits are the tracer's: it cannot run here (${runner.why})`);
  });

  it('passes a thread-per-client server (a malloc\'d fd per thread) of lab 07 ten grades in a row', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await gradeLab(many, threadServer);
      assert.ok(r.passed, `grade ${i + 1}: failed checks:\n${failures(r)}`);
    }
  });

  it('passes a server with 100 threads at once', async () => {
    const lab = hundredClients('multi_server.c');
    const r = await gradeLab({ ...lab, dir: threadServer }, threadServer);
    assert.ok(r.passed, failures(r));
  });

  it('passes a server with 100 processes at once', async () => {
    const solution = path.join(many.dir, many.spec.solution);
    const r = await gradeLab(hundredClients('multi_server.c'), solution);
    assert.ok(r.passed, failures(r));
  });

  it('passes 100 processes that share 64 MiB their parent filled before forking (counted once, not 100 times)', async () => {
    const r = await gradeLab(hundredClients('shared_buffer_server.c'), fixtures);
    assert.ok(r.passed, failures(r));
  });

  it('fails a program that touches 1 GiB, naming the memory limit and its value', async () => {
    const r = await gradeLab(labOf('touch_1g.c', { exit: { code: 0, withinMs: 10_000 } }), fixtures);
    const c = r.checks[0];
    assert.strictEqual(c.status, 'fail', failures(r));
    assert.match(c.message ?? '', /memory limit of 512 MiB \(resident memory of all its processes together\) was reached: its processes had \d+(\.\d)? MiB resident/);
    assert.match(c.actual ?? '', /stopped at the memory limit of 512 MiB/);
  });

  it('names the process limit and the process that met it', async () => {
    const r = await gradeLab(labOf('many_children.c', { exit: { code: 0, withinMs: 10_000 } }), fixtures);
    assert.match(r.checks[0].message ?? '', /the process limit of 256 processes alive at once was reached when process \d+ started process \d+/);
  });

  it('names the CPU time limit', async () => {
    const r = await gradeLab(labOf('spin.c', { exit: { code: 0, withinMs: 5000 } }), fixtures, { limits: { cpuSeconds: 1 } });
    assert.match(r.checks[0].message ?? '', /the CPU time limit of 1 s per process was reached \(SIGXCPU\)/);
  });

  it('names the wall-clock limit and the call still waiting', async () => {
    const r = await gradeLab(labOf('waits.c', { exit: { code: 0, withinMs: 5000 }, timeoutMs: 1000 }), fixtures);
    assert.match(r.checks[0].message ?? '', /the wall-clock limit of 1000 ms was reached\. It was still waiting in accept\(3, null, null\)/);
  });

  it('names the output limit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-limits-'));
    try {
      fs.writeFileSync(path.join(dir, 'chatty.c'), '#include <stdio.h>\nint main(void) { for (;;) puts("more output"); }\n');
      const r = await gradeLab({ ...labOf('chatty.c', { exit: { code: 0, withinMs: 5000 } }), dir }, dir);
      assert.match(r.checks[0].message ?? '', /the output limit of 1 MiB \(standard output and error together\) was reached/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
