// Every key the tracer writes on an event is declared in common/events.ts: the lists below name each key of
// their interface (the compiler checks that none is missing or extra), and real traces of the test programs
// (fresh ones, not the normalised goldens) may carry no key outside them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ExecEvent, ExitEvent, SignalEvent, SpawnEvent, SyscallEvent, TraceEvent } from '../../common/events';
import { compile, traceJsonl } from './normalize';
import { skipUnlessTracing, tmpDir } from '../helpers/native';

/** Each key of T, required or optional, exactly once: a missing or extra key does not compile. */
type Keys<T> = { [K in keyof Required<T>]: true };

const SYSCALL: Keys<SyscallEvent> = {
  type: true, pid: true, ts: true, seq: true, tid: true, dur: true, name: true, args: true, ret: true, errno: true,
  restart: true, site: true, sock: true, injected: true, unfinished: true, newsock: true, ready: true,
};
const SPAWN: Keys<SpawnEvent> = { type: true, pid: true, ts: true, tid: true, parent: true, how: true, thread: true };
const EXEC: Keys<ExecEvent> = { type: true, pid: true, ts: true, path: true, argv: true };
const EXIT: Keys<ExitEvent> = { type: true, pid: true, ts: true, tid: true, code: true, signal: true, core: true };
const SIGNAL: Keys<SignalEvent> = { type: true, pid: true, ts: true, tid: true, signal: true, from: true, code: true, addr: true, site: true };
const DECLARED: Record<TraceEvent['type'], object> = { syscall: SYSCALL, spawn: SPAWN, exec: EXEC, exit: EXIT, signal: SIGNAL };

/** Programs that between them make every kind of event and key: ready sets, accepted sockets, signals, forks. */
const RUNS: { file: string; args?: string[] }[] = [
  { file: 'tcp.c' }, { file: 'multiplex.c' }, { file: 'procs.c' }, { file: 'msg.c' },
  { file: 'interrupt.c', args: ['restart'] }, { file: 'fds.c' },
];

describe('the keys of trace events', function () {
  this.timeout(120_000);
  let dir = '';
  before(function () {
    skipUnlessTracing(this);
    dir = tmpDir();
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('are all declared in common/events.ts', async () => {
    const undeclared = new Set<string>();
    const seen = new Set<string>();
    for (const r of RUNS) {
      const exe = await compile(r.file, dir);
      const { events } = await traceJsonl([exe, ...(r.args ?? [])], dir);
      assert.ok(events.length > 0, `no events from ${r.file}`);
      for (const e of events) {
        const declared = DECLARED[e.type] as Record<string, true> | undefined;
        for (const k of Object.keys(e)) {
          seen.add(`${e.type}.${k}`);
          if (!declared?.[k]) undeclared.add(`${e.type}.${k} (${r.file})`);
        }
      }
    }
    assert.deepEqual([...undeclared], [], 'keys the tracer writes that the event types do not declare');
    // the programs reach the keys that need a particular call: a guard that the runs above still make them
    for (const k of ['syscall.ready', 'syscall.newsock', 'syscall.restart', 'syscall.sock', 'spawn.parent', 'signal.from', 'exit.code']) {
      assert.ok(seen.has(k), `no run wrote ${k}`);
    }
  });
});
