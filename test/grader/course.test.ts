// `socklab course init`: the course repository it writes from this checkout (the .vsix packed as npm run
// package does), parsed where it is data (JSON, YAML), read line by line where it needs a container engine (the
// Dockerfile: course-image.test.ts builds and runs it where Podman is installed), with no reference solution
// anywhere in it, and graded with the CLI from its own .vsix as its workflow does.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { courseCommand } from '../../grader/course';
import { loadLabs, loadSchema } from '../../grader/labs';
import { filesUnder } from '../../grader/package-root';
import { validate } from '../../grader/schema-validate';
import { unzip, zipNames } from '../../grader/zip';
import { labsDir } from './helpers';
import { quietly } from './quietly';

const LABS = ['01-sockets-are-fds', '02-tcp-echo'];

describe('socklab course init', function () {
  this.timeout(240_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-course-test-'));
  const course = path.join(tmp, 'my-course');
  const read = (rel: string): string => fs.readFileSync(path.join(course, rel), 'utf8');
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  before(async () => {
    const r = await quietly(() => courseCommand(['init', course, '--labs', LABS.join(',')]));
    assert.equal(r.code, 0, r.err);
  });

  it('writes each lab folder, the container, the workflow and the guides', () => {
    const files = filesUnder(course);
    const dot = ['.devcontainer/devcontainer.json', '.devcontainer/Dockerfile', '.devcontainer/socket-lab.vsix',
      '.vscode/extensions.json', '.gitattributes', '.github/workflows/grade.yml'];
    for (const f of dot) assert.ok(fs.existsSync(path.join(course, f)), `${f} is missing`);
    for (const f of ['README.md', 'STUDENTS.md', 'TEACHERS.md', 'prairielearn/run.sh',
      '01-sockets-are-fds/README.md', '01-sockets-are-fds/lab.json', '01-sockets-are-fds/sockets.c',
      '02-tcp-echo/README.md', '02-tcp-echo/lab.json', '02-tcp-echo/echo_server.c']) {
      assert.ok(files.includes(f), `${f} is missing`);
    }
    assert.equal(read('02-tcp-echo/echo_server.c'), fs.readFileSync(path.join(labsDir, '02-tcp-echo', 'starter', 'echo_server.c'), 'utf8'));
    assert.ok(!files.some((f) => f.startsWith('03-')), 'a lab that was not asked for is there');
  });

  it('holds no reference solution: no solution folder, no file with a solution\'s content', () => {
    const solutions = new Set<string>();
    for (const lab of loadLabs()) {
      const dir = path.join(lab.dir, lab.spec.solution);
      for (const f of filesUnder(dir)) solutions.add(fs.readFileSync(path.join(dir, f), 'utf8'));
    }
    const all = filesUnder(course).concat(fs.readdirSync(course).filter((n) => n.startsWith('.')).flatMap((d) =>
      fs.statSync(path.join(course, d)).isDirectory() ? filesUnder(path.join(course, d)).map((f) => path.join(d, f)) : [d]));
    assert.deepEqual(all.filter((f) => /solution/i.test(f)), []);
    assert.deepEqual(all.filter((f) => !f.endsWith('.vsix') && solutions.has(fs.readFileSync(path.join(course, f), 'utf8'))), []);
    const inVsix = zipNames(path.join(course, '.devcontainer', 'socket-lab.vsix'));
    assert.ok(inVsix.includes('extension/dist/cli.js') && inVsix.includes('extension/native/build/Release/socklab.node'));
    assert.deepEqual(inVsix.filter((n) => /(^|\/)solution(\/|$)/.test(n)), []);
  });

  it('gives each lab a lab.json that follows the schema, with the starter files at the folder\'s top', () => {
    for (const id of LABS) {
      const spec = JSON.parse(read(`${id}/lab.json`)) as { id: string; starter: string; $schema?: string };
      assert.deepEqual(validate(loadSchema(), spec), []);
      assert.equal(spec.id, id);
      assert.equal(spec.starter, '.');
      assert.equal(spec.$schema, undefined);
    }
  });

  it('devcontainer.json is JSON with ptrace, no seccomp profile, unmasked system paths, an init, and the baked .vsix', () => {
    const dc = JSON.parse(read('.devcontainer/devcontainer.json'));
    assert.deepEqual(dc.capAdd, ['SYS_PTRACE']);
    assert.deepEqual(dc.securityOpt, ['seccomp=unconfined', 'systempaths=unconfined']);
    assert.equal(dc.init, true);
    assert.equal(dc.build.dockerfile, 'Dockerfile');
    const vsix: string = dc.customizations.vscode.extensions[0];
    // the path the extension is installed from is where the Dockerfile puts the .vsix
    assert.match(read('.devcontainer/Dockerfile'), new RegExp(`^COPY socket-lab\\.vsix ${vsix.replace(/\./g, '\\.')}$`, 'm'));
    const ext = JSON.parse(read('.vscode/extensions.json'));
    assert.ok(ext.recommendations.includes('ms-vscode-remote.remote-containers'));
  });

  it('the Dockerfile starts FROM Debian bookworm with Node 20 and installs packages Debian has', () => {
    const lines = read('.devcontainer/Dockerfile').replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    assert.match(lines[0], /^FROM node:20-bookworm$/);
    const install = lines.find((l) => /apt-get install/.test(l));
    assert.ok(install, 'no RUN apt-get install');
    const pkgs = install.slice(install.indexOf('apt-get install') + 'apt-get install'.length).split('&&')[0].trim().split(/\s+/).filter((w) => !w.startsWith('-'));
    for (const need of ['gcc', 'g++', 'binutils', 'make', 'python3']) assert.ok(pkgs.includes(need), `${need} is not installed`);
    const apt = spawnSync('apt-cache', ['show', '--no-all-versions', ...pkgs], { encoding: 'utf8' });
    assert.equal(apt.error, undefined, 'apt-cache is needed to check the package names');
    const known = new Set([...apt.stdout.matchAll(/^Package: (\S+)$/gm)].map((m) => m[1]));
    assert.deepEqual(pkgs.filter((p) => !known.has(p)), [], `packages unknown to apt-cache (run apt-get update?): ${apt.stderr}`);
  });

  it('the workflow grades each lab on push, with the namespace sysctl or --no-isolation, and keeps result.json', () => {
    const wf = yaml.load(read('.github/workflows/grade.yml')) as {
      on: Record<string, unknown>; jobs: { grade: { strategy: { matrix: { lab: string[] } }; steps: { run?: string; uses?: string; with?: Record<string, string> }[] } };
    };
    assert.ok('push' in wf.on);
    const job = wf.jobs.grade;
    assert.deepEqual(job.strategy.matrix.lab, LABS);
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    assert.match(runs, /sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0/);
    assert.match(runs, /::notice::[^\n]*--no-isolation/);
    assert.match(runs, /grade "\$\{\{ matrix\.lab \}\}" "\$\{\{ matrix\.lab \}\}" --format github/);
    assert.match(runs, /--format classroom50 --out result\.json/);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    assert.equal(upload?.with?.path, 'result.json');
  });

  it('forces LF line ends and explains each laptop and each grading service', () => {
    const attrs = read('.gitattributes').split('\n');
    for (const line of ['* text=auto eol=lf', '*.c text eol=lf', '*.h text eol=lf']) assert.ok(attrs.includes(line), line);
    const students = read('STUDENTS.md');
    for (const said of [/Apple Silicon/, /Codespaces/, /WSL 1 cannot work/, /WSL 2/, /macOS on Intel/, /Linux/, /SYS_PTRACE/]) assert.match(students, said);
    const teachers = read('TEACHERS.md');
    for (const said of [/socklab doctor/, /Gradescope/, /socklab autograder gradescope 01-sockets-are-fds 02-tcp-echo/, /\/grade\/results\/results\.json/, /GitHub Actions/]) {
      assert.match(teachers, said);
    }
    assert.match(read('README.md'), /\[02-tcp-echo\]\(02-tcp-echo\/README\.md\): A TCP echo server/);
  });

  let unpacked: string | undefined;
  /** The CLI of the course's .vsix, unpacked as the Dockerfile and the workflow do. */
  function vsixCli(): string {
    if (!unpacked) {
      unpacked = path.join(tmp, 'vsix');
      unzip(path.join(course, '.devcontainer', 'socket-lab.vsix'), unpacked);
    }
    return path.join(unpacked, 'extension', 'dist', 'cli.js');
  }

  it('is graded by the CLI inside its own .vsix: the starter fails, the reference solution passes', () => {
    const cli = vsixCli();
    const grade = (): number | null => spawnSync(process.execPath, [cli, 'grade', '02-tcp-echo', '02-tcp-echo', '--format', 'classroom50', '--out', 'result.json'],
      { cwd: course, encoding: 'utf8', timeout: 120_000 }).status;
    assert.equal(grade(), 1);
    fs.copyFileSync(path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c'), path.join(course, '02-tcp-echo', 'echo_server.c'));
    assert.equal(grade(), 0);
    const result = JSON.parse(read('result.json'));
    assert.equal(result.score, result['max-score']);
    fs.rmSync(path.join(course, 'result.json'));
    fs.copyFileSync(path.join(labsDir, '02-tcp-echo', 'starter', 'echo_server.c'), path.join(course, '02-tcp-echo', 'echo_server.c'));
  });

  it('prairielearn/run.sh writes PrairieLearn\'s results.json, and says when the grader could not run', () => {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    // the image's socklab command, as the Dockerfile makes it
    fs.writeFileSync(path.join(bin, 'socklab'), `#!/bin/sh\nexec "${process.execPath}" "${vsixCli()}" "$@"\n`, { mode: 0o755 });
    const grade = path.join(tmp, 'pl');
    fs.mkdirSync(path.join(grade, 'student'), { recursive: true });
    fs.copyFileSync(path.join(labsDir, '02-tcp-echo', 'solution', 'echo_server.c'), path.join(grade, 'student', 'echo_server.c'));
    const run = (lab: string): { gradable: boolean; score: number; tests?: unknown[] } => {
      const r = spawnSync(path.join(course, 'prairielearn', 'run.sh'), [], {
        encoding: 'utf8', timeout: 120_000,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GRADE_ROOT: grade, SOCKLAB_LAB: lab },
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(fs.readFileSync(path.join(grade, 'results', 'results.json'), 'utf8'));
    };
    const passed = run('02-tcp-echo');
    assert.equal(passed.gradable, true);
    assert.equal(passed.score, 1);
    assert.ok((passed.tests ?? []).length > 0);
    const broken = run('no-such-lab');
    assert.deepEqual([broken.gradable, broken.score], [false, 0]);
  });

  it('refuses a folder that is not empty unless --force, and exits 2 on usage errors', async () => {
    const vsix = path.join(course, '.devcontainer', 'socket-lab.vsix');
    const again = await quietly(() => courseCommand(['init', course, '--labs', '02', '--vsix', vsix]));
    assert.equal(again.code, 2);
    assert.match(again.err, /is not empty \(--force/);
    const other = path.join(tmp, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine\n');
    const forced = await quietly(() => courseCommand(['init', other, '--labs', '02', '--vsix', vsix, '--force']));
    assert.equal(forced.code, 0, forced.err);
    assert.ok(fs.existsSync(path.join(other, '02-tcp-echo', 'echo_server.c')) && fs.existsSync(path.join(other, 'notes.txt')));
    const usage = async (args: string[]): Promise<string> => {
      const r = await quietly(() => courseCommand(args));
      assert.equal(r.code, 2, args.join(' '));
      return r.err;
    };
    assert.match(await usage(['init', path.join(tmp, 'a')]), /which labs\?/);
    assert.match(await usage(['init', path.join(tmp, 'b'), '--labs', 'no-such-lab', '--vsix', vsix]), /no lab called no-such-lab/);
    assert.match(await usage(['init', path.join(tmp, 'c'), '--labs', '02', '--vsix', path.join(tmp, 'missing.vsix')]), /does not exist/);
    assert.match(await usage(['init', path.join(tmp, 'd'), '--labs', '02', '--vsix', path.join(other, 'notes.txt')]), /not a \.vsix/);
    assert.match(await usage(['init', '--labs', '02']), /which folder\?/);
    assert.match(await usage(['create', course]), /unknown course command create/);
    assert.match(await usage(['init', course, '--lab', '02']), /unknown option --lab/);
    const help = await quietly(() => courseCommand(['--help']));
    assert.equal(help.code, 0);
    assert.match(help.out, /--labs LIST/);
  });
});
