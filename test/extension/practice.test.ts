// Run and Trace's practice server for a client lab, with real sockets: the lab's reference client talks to it
// and is told the conversation went as the check expects; a client that never connects, and one that sends the
// wrong line, are told what the server waited for or got instead.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findLab } from '../../grader/labs';
import { fillArgs } from '../../extension/labs/lab-context';
import { practiceCheck, startPractice } from '../../extension/run/practice';
import { compileC, ROOT, tmpDir } from '../helpers/native';

const LAB = findLab('03-tcp-client', path.join(ROOT, 'labs'))!;
const SOLUTION = fs.readFileSync(path.join(LAB.dir, 'solution', 'client.c'), 'utf8');

function run(exe: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

async function practise(exe: string): Promise<{ args: string[]; code: number | null; stdout: string; said: string }> {
  const p = await startPractice(LAB, LAB.spec.program.argv, (a) => fillArgs(a, LAB.spec.id, 9));
  assert.ok(p, 'lab 03 names a practice check');
  const r = await run(exe, p.args);
  return { args: p.args, ...r, said: await p.settle() };
}

describe('the practice server of a client lab', function () {
  this.timeout(30_000);
  let dir = '';
  before(() => (dir = tmpDir('socklab-practice-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lab 03 practises on its request-and-reply check, a behaviour check of the lab', () => {
    assert.equal(practiceCheck(LAB)?.id, 'request-reply');
  });

  it('the reference client gets its reply and is told the conversation went as the check expects', async () => {
    const exe = compileC(SOLUTION, dir, 'good');
    const r = await practise(exe);
    assert.match(r.args[0], /^\d+$/);
    assert.notEqual(r.args[0], '9', 'the practice server\'s own port, not the setting');
    assert.equal(r.args[1], 'hello from the client');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^welcome$/m);
    assert.match(r.said, /^practice server: the conversation went as the check "The client connects, sends its line and exits once the server is done" expects/);
  });

  it('a client that never connects is told the server was waiting for it to connect', async () => {
    const exe = compileC(fs.readFileSync(path.join(LAB.dir, 'starter', 'client.c'), 'utf8'), dir, 'starter');
    const r = await practise(exe);
    assert.equal(r.code, 1);
    assert.match(r.said, /waiting for the program to connect/);
  });

  it('a client that sends another line is told what the server expected and what came', async () => {
    const wrong = SOLUTION.replace('"%s\\n", argv[2]', '"%s\\r\\n", argv[2]');
    assert.notEqual(wrong, SOLUTION, 'the reference builds its line with "%s\\n"');
    const exe = compileC(wrong, dir, 'crlf');
    const r = await practise(exe);
    assert.doesNotMatch(r.said, /went as the check/);
    assert.match(r.said, /hello from the client/);
  });
});
