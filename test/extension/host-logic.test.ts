// Host-side logic without VS Code: the trace feed's snapshot and deltas, advice on failed calls, messages, settings,
// lab plans and grade reports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { failureAdvice, portAdvice } from '../../extension/editor/advice';
import { checkOutput, failureDiff, failureFrames, failureSite, parseGradeReport, relatedLines, reportText } from '../../extension/testing/grade-report';
import { fillArgs, MARKER, planRun } from '../../extension/labs/lab-context';
import { crashText, endText, limitNote, toTerminal, traceErrorMessage } from '../../extension/run/messages';
import { explain } from '../../cli/messages';
import { TraceError, type TraceErrorReason } from '../../common/errors';
import { RunResults } from '../../extension/run/run-results';
import { compileFlags, readSettings, traceLimits } from '../../extension/settings';
import { TraceFeed } from '../../extension/panel/trace-feed';

function call(name: string, more: Partial<SyscallEvent> = {}): SyscallEvent {
  return { type: 'syscall', pid: 1, tid: 1, ts: 0, seq: 0, dur: 1, name, args: {}, ret: 0, ...more };
}

describe('trace feed', () => {
  it('numbers deltas and folds pending events into a snapshot', () => {
    const s = new TraceFeed(10);
    s.reset('a', 'prog', 10);
    s.append([call('socket'), call('bind')]);
    const d1 = s.takeDelta();
    assert.ok(d1 && d1.type === 'delta' && d1.n === 1 && d1.events.length === 2);
    s.append([call('listen')]);
    const snap = s.snapshot();
    assert.equal(snap[0].type, 'snapshot');
    assert.ok(snap[0].type === 'snapshot' && snap[0].n === 1 && snap[0].total === 3 && snap[0].live);
    assert.equal(s.takeDelta(), undefined);
    s.end({ code: 0 });
    const last = s.takeDelta();
    assert.ok(last && last.type === 'delta' && last.n === 2 && last.end?.code === 0);
    assert.equal(s.takeDelta(), undefined);
  });

  it('keeps no more than the cap and counts the rest', () => {
    const s = new TraceFeed(3);
    s.reset('b', 'prog', 3);
    const kept = s.append(Array.from({ length: 5 }, () => call('write') as TraceEvent));
    assert.equal(kept.length, 3);
    assert.equal(s.count, 3);
    assert.equal(s.droppedCount, 2);
  });
});

describe('advice', () => {
  it('explains EADDRINUSE with SO_REUSEADDR', () => {
    const a = failureAdvice(call('bind', { ret: -1, errno: 'EADDRINUSE' }));
    assert.equal(a?.level, 'warning');
    assert.match(a!.message, /^bind\(\) failed with EADDRINUSE \(Address already in use\): .*SO_REUSEADDR/);
  });

  it('treats EAGAIN as normal work, and injected faults as information', () => {
    assert.equal(failureAdvice(call('recvfrom', { ret: -1, errno: 'EAGAIN' }), 'recv')?.level, 'info');
    assert.equal(failureAdvice(call('connect', { ret: -1, errno: 'ECONNREFUSED', injected: 'error=ECONNREFUSED' }))?.level, 'info');
    assert.equal(failureAdvice(call('close')), undefined);
    assert.equal(failureAdvice(call('accept', { ret: -1, errno: 'ERESTARTSYS' })), undefined);
  });

  it('spots a port without htons', () => {
    const bind = (port: number) => call('bind', { args: { sockfd: 3, addr: { family: 'AF_INET', addr: '0.0.0.0', port } } });
    assert.match(portAdvice(bind(36895), 8080)!.message, /htons\(8080\)/);
    assert.equal(portAdvice(bind(36895), 8080)!.meantPort, 8080, 'the Quick Fix takes the port from the advice, not from its text');
    assert.equal(portAdvice(bind(8080), 8080), undefined);
    assert.equal(portAdvice(bind(36895), undefined), undefined);
  });
});

describe('messages', () => {
  it('every reason has a sentence with a way forward', () => {
    const say = (reason: TraceErrorReason, message: string, detail?: string) => traceErrorMessage(new TraceError(reason, message, detail));
    assert.match(say('notLinux', 'tracing runs on Linux; this is win32').text, /^Tracing runs on Linux; this is win32\..*WSL/);
    assert.equal(say('notLinux', 'tracing runs on Linux; this is win32').action, 'setupGuide');
    assert.match(say('ptraceDenied', 'ptraceDenied (EPERM)').text, /^The kernel did not allow ptrace here \(EPERM\)\. .*ptrace_scope/);
    assert.match(say('noCompiler', 'no C compiler found (looked for cc)').text, /apt-get install gcc.*socketLab\.compiler/);
    assert.equal(say('noCompiler', 'no C compiler found (looked for cc)').action, 'openSettings');
    assert.match(say('tracerDied', 'the tracer process (pid 7) ended with exit code 1 before the program did').text, /so the trace is incomplete/);
    assert.match(say('notExecutable', 'notExecutable (EACCES)', '/w/prog').text, /^\/w\/prog: cannot be executed \(EACCES\): .*noexec/);
  });

  it('says why tracing could not start in the CLI\'s words, but for its own knobs', () => {
    const cases: [TraceErrorReason, string, string?][] = [['notLinux', 'tracing runs on Linux; this is darwin'], ['addonMissing', 'the native tracer is not built (x)'],
      ['ptraceDenied', 'ptraceDenied (EPERM)'], ['seccompUnavailable', 'seccompUnavailable (EINVAL)'], ['notFound', 'notFound (ENOENT)', 'prog'],
      ['chdirFailed', 'chdirFailed (ENOENT)'], ['tracerKilled', 'the tracer process (pid 7) was killed by SIGKILL', 'SIGKILL'], ['badInject', 'bad syscall name in --inject x']];
    for (const [reason, message, detail] of cases) {
      const e = new TraceError(reason, message, detail);
      const cli = explain(e).replace(/^socklab: /, '').replace(/\n {2}/g, ' ');
      const editor = traceErrorMessage(e).text;
      assert.equal(editor, cli.charAt(0).toUpperCase() + cli.slice(1), reason);
    }
    const cc = new TraceError('noCompiler', 'no C compiler found (looked for cc)');
    assert.match(explain(cc), /, or set CC\.$/);
    assert.match(traceErrorMessage(cc).text, /, or set the socketLab\.compiler setting\.$/);
  });

  it('says how a run ended', () => {
    assert.equal(endText({ code: 0, signal: null }, false), 'exited with 0');
    assert.equal(endText({ code: 139, signal: 'SIGSEGV' }, false), 'killed by SIGSEGV');
    assert.equal(endText({ code: 143, signal: 'SIGTERM' }, true), 'stopped');
  });

  it('says which limit ended a run, its value and its setting', () => {
    const s = { wallTimeSeconds: 600, cpuTimeSeconds: 120 };
    assert.match(limitNote({ signal: 'SIGKILL', reason: 'wall', limit: { value: 600000 } }, s)!, /wall-time limit of 600 s.*socketLab\.wallTimeSeconds/);
    assert.match(limitNote({ signal: 'SIGXCPU' }, s)!, /CPU-time limit of 120 s.*socketLab\.cpuTimeSeconds/);
    assert.match(limitNote({ signal: 'SIGKILL', reason: 'procs', limit: { value: 64 } }, s)!, /process limit \(64/);
    // the tracer names the memory limit 'mem' (native/src/tracer.cc)
    assert.match(limitNote({ signal: 'SIGKILL', reason: 'mem', limit: { value: 512e6 } }, s)!, /memory limit of 512 MB/);
    assert.equal(limitNote({ signal: 'SIGSEGV' }, s), undefined);
  });
});

describe('settings', () => {
  it('uses defaults for missing or wrong values and clamps numbers', () => {
    const s = readSettings((k) => ({ payloadBytes: -5, eventCap: 'lots', port: 70000, flags: ['-g', 3] } as Record<string, unknown>)[k]);
    assert.equal(s.payloadBytes, 0);
    assert.equal(s.eventCap, 200_000);
    assert.equal(s.port, 65535);
    assert.deepEqual(s.flags, []);
    assert.ok(compileFlags(s).includes('-g'));
    assert.deepEqual(traceLimits({ ...s, wallTimeSeconds: 0, cpuTimeSeconds: 5 }), { cpuSeconds: 5 });
  });
});

describe('lab plans', () => {
  const labsDir = path.join(__dirname, '..', '..', 'labs');

  it('runs a lab file with its argv and port', () => {
    const file = path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c');
    const plan = planRun(file, { port: 9000, programArgs: [], labsDir });
    assert.equal(plan.lab?.spec.id, '02-tcp-echo');
    assert.deepEqual(plan.args, ['9000']);
    assert.equal(plan.port, 9000);
    assert.deepEqual(plan.sources, [file]);
  });

  it('finds the lab of a folder made by Open Lab, and runs other files alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-plan-'));
    try {
      fs.writeFileSync(path.join(dir, 'echo_server.c'), 'int main(void){return 0;}\n');
      fs.writeFileSync(path.join(dir, 'other.c'), 'int main(void){return 0;}\n');
      assert.equal(planRun(path.join(dir, 'other.c'), { port: 1, programArgs: ['x'], labsDir }).args[0], 'x');
      fs.writeFileSync(path.join(dir, MARKER), '{"lab":"02-tcp-echo"}');
      const plan = planRun(path.join(dir, 'echo_server.c'), { port: 8080, programArgs: [], labsDir });
      assert.equal(plan.lab?.spec.id, '02-tcp-echo');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills placeholders', () => {
    assert.deepEqual(fillArgs(['{srv.port}', '{abstract}', 'x'], '06-unix', 7), ['7', 'socklab-06-unix', 'x']);
  });
});

describe('grade reports', () => {
  it('reads the JSON report and the line it points at', () => {
    const r = parseGradeReport(JSON.stringify({ lab: { id: '02', title: 'Echo' }, passed: false, score: 1, maxScore: 2, notes: [], compile: { ok: true, output: '' },
      checks: [{ id: 'a', title: 'A', status: 'fail', message: 'Expected listen() at echo_server.c:42.', location: { file: 'echo_server.c', line: 42 },
        points: 0, maxPoints: 1, durationMs: 3 }] }));
    assert.ok(r);
    assert.deepEqual(failureSite(r.checks[0]), { file: 'echo_server.c', line: 42 });
    assert.match(reportText(r), /FAIL A \[0\/1\]/);
    assert.equal(parseGradeReport('not json'), undefined);
  });

  it('takes a failure\'s line and its expected and actual texts from the report, never from its message', () => {
    const base = { id: 'a', title: 'A', status: 'fail' as const, points: 0, maxPoints: 1, durationMs: 3, message: 'Expected x at f.c:3.' };
    assert.deepEqual(failureSite({ ...base, location: { file: 'sub/f.c', line: 7 } }), { file: 'sub/f.c', line: 7 });
    assert.equal(failureSite(base), undefined);
    assert.equal(failureSite({ ...base, location: { file: 'f.c', line: 0 } }), undefined);
    assert.deepEqual(failureDiff({ ...base, expected: 'a\\n\n', actual: '' }), { expected: 'a\\n\n', actual: '' });
    assert.equal(failureDiff({ ...base, expected: 'a' }), undefined);
  });

  it('lists every line a failure names for the peek: its own first, then each related line with its note', () => {
    const base = { id: 'a', title: 'A', status: 'fail' as const, points: 0, maxPoints: 1, durationMs: 3,
      message: 'An HTTP client sent "GET /" and got no valid response. The trace shows the response sent by sendto() at http_server.c:17.' };
    const related = [
      { file: 'http_server.c', line: 50, note: 'int len = snprintf(head, ...) builds the bytes sendto() sent' },
      { file: 'http_server.c', line: 17, note: 'the failure\'s own line again' },
      { file: 'http_server.c', line: 53, note: '"Content-Length: %zu\\r\\n" writes "Content-Length"' },
    ];
    const c = { ...base, location: { file: 'http_server.c', line: 17 }, related };
    assert.deepEqual(failureFrames(c), [
      { file: 'http_server.c', line: 17, label: 'An HTTP client sent "GET /" and got no valid response.' },
      { file: 'http_server.c', line: 50, label: related[0].note },
      { file: 'http_server.c', line: 53, label: related[2].note },
    ]);
    // a failure with no line of its own (a zombie child) still lists the lines it names
    const zombie = { ...base, message: 'a child was still a zombie', related: [related[0]] };
    assert.deepEqual(failureFrames(zombie), [{ file: 'http_server.c', line: 50, label: related[0].note }]);
    assert.deepEqual(failureFrames({ ...base, message: 'no line here' }), []);
    // the report is read from a process's output: entries that name no real line are left out
    const odd = { ...base, related: [{ file: 'f.c', line: 0, note: 'x' }, { file: 3, line: 4 }, { file: 'f.c', line: 9, note: ' ' }] as never };
    assert.deepEqual(relatedLines(odd), [{ file: 'f.c', line: 9, label: 'related line' }]);
    const out = checkOutput(c);
    assert.match(out, /at http_server\.c:17\r\n {2}see http_server\.c:50: int len = snprintf\(head, \.\.\.\) builds the bytes sendto\(\) sent\r\n/);
    assert.doesNotMatch(checkOutput({ ...c, status: 'pass' }), /see /);
  });
});

describe('terminal text', () => {
  it('turns newlines into CRLF once', () => {
    assert.equal(toTerminal('a\nb\r\nc'), 'a\r\nb\r\nc');
  });
});

describe('crashes and short addresses', () => {
  it('a connect() with sizeof(&addr) says the length was a pointer\'s', () => {
    const e = call('connect', {
      args: { sockfd: 3, addr: { family: 'AF_INET', addr: '127.0.0.1', port: 8080 }, addrlen: 8 }, ret: -1, errno: 'EINVAL',
      sock: { inode: 1, family: 'AF_INET', type: 'SOCK_STREAM' },
    });
    const a = failureAdvice(e);
    assert.equal(a?.code, 'addrlen');
    assert.match(a!.message, /address length was 8 bytes, and a struct sockaddr_in for AF_INET needs 16\. 8 is the size of a pointer: .*sizeof\(&addr\)/);
    // the right length and another errno keep the usual advice
    assert.notEqual(failureAdvice({ ...e, args: { ...e.args, addrlen: 16 } })?.code, 'addrlen');
    assert.notEqual(failureAdvice({ ...e, errno: 'ECONNREFUSED' })?.code, 'addrlen');
  });

  it('the end of a crashed run names its line; the problem says what the fault means', () => {
    const crash = { signal: 'SIGSEGV', addr: '0x0', site: { file: '/w/echo_server.c', line: 42 } };
    assert.equal(endText({ code: null, signal: 'SIGSEGV' }, false, crash), 'killed by SIGSEGV at echo_server.c:42');
    assert.equal(endText({ code: null, signal: 'SIGSEGV' }, false), 'killed by SIGSEGV');
    assert.match(crashText(crash), /at 0x0 .*\(a NULL pointer, or a field of one\)/);
    assert.match(crashText({ signal: 'SIGABRT' }), /assert\(\) failed/);
  });
});

describe('run results', () => {
  it('count the socket calls of a run and keep the fault that ended it', () => {
    const r = new RunResults();
    r.start(new Map([['/w/a.c', 'int main(void){ return 0; }\n']]), undefined);
    assert.equal(r.calls, 0);
    r.add([{ type: 'signal', pid: 1, tid: 1, ts: 0, signal: 'SIGSEGV', addr: '0x0', site: { file: '/w/a.c', line: 1, function: 'main' } }]);
    assert.equal(r.calls, 0);
    assert.equal(r.crash?.addr, '0x0');
    r.add([call('socket', { ret: 3 })]);
    assert.equal(r.calls, 1);
    r.start(new Map(), undefined);
    assert.equal(r.crash, undefined);
  });
});
