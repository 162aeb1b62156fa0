// Which files belong to a lab, where Open Lab puts a lab, and where a step starts in its README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readmeSteps } from '../../grader/labs';
import { labDestination, MARKER, planRun, stepLine } from '../../extension/labs/lab-context';

const labsDir = path.join(__dirname, '..', '..', 'labs');

describe('lab folders', () => {
  let ws: string;
  beforeEach(() => (ws = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-ws-'))));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('a file in a subfolder of a lab folder runs on its own, without the lab arguments', () => {
    fs.writeFileSync(path.join(ws, MARKER), '{"lab":"02-tcp-echo"}');
    fs.mkdirSync(path.join(ws, 'scratch'));
    const ping = path.join(ws, 'scratch', 'ping.c');
    fs.writeFileSync(ping, 'int main(void){return 0;}\n');
    const plan = planRun(ping, { port: 8080, programArgs: [], labsDir });
    assert.equal(plan.lab, undefined);
    assert.deepEqual(plan.args, []);
    assert.deepEqual(plan.sources, [ping]);
    // the lab's own file in the same workspace still gets the lab's arguments
    fs.writeFileSync(path.join(ws, 'echo_server.c'), 'int main(void){return 0;}\n');
    assert.deepEqual(planRun(path.join(ws, 'echo_server.c'), { port: 8080, programArgs: [], labsDir }).args, ['8080']);
  });

  it('Open Lab inside the lab folder itself uses that folder, never a nested copy', () => {
    fs.writeFileSync(path.join(ws, MARKER), '{"lab":"02-tcp-echo"}');
    assert.deepEqual(labDestination(ws, '02-tcp-echo'), { dest: ws, inWorkspace: true });
  });

  it('Open Lab of another lab inside a lab folder goes beside it', () => {
    fs.writeFileSync(path.join(ws, MARKER), '{"lab":"02-tcp-echo"}');
    assert.deepEqual(labDestination(ws, '03-tcp-client'), { dest: path.join(path.dirname(ws), '03-tcp-client'), inWorkspace: false });
  });

  it('Open Lab in a course folder puts the lab in its own subfolder', () => {
    assert.deepEqual(labDestination(ws, '03-tcp-client'), { dest: path.join(ws, '03-tcp-client'), inWorkspace: true });
  });

  it('finds the heading of every step of every lab README', () => {
    for (const lab of fs.readdirSync(labsDir).filter((d) => fs.existsSync(path.join(labsDir, d, 'lab.json')))) {
      const md = fs.readFileSync(path.join(labsDir, lab, 'README.md'), 'utf8');
      const lines = md.split('\n');
      const steps = readmeSteps(md);
      assert.ok(steps.length > 0, lab);
      for (const title of steps) assert.equal(lines[stepLine(md, title)], `## ${title}`, `${lab}: ${title}`);
    }
    assert.equal(stepLine('# T\n```\n## Not a step\n```\n## Step\n', 'Not a step'), 0);
    assert.equal(stepLine('# T\n```\n## Not a step\n```\n## Step\n', 'Step'), 4);
  });
});
