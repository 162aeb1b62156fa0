// `socklab autograder gradescope LAB... -o FILE` writes the zip Gradescope's autograder takes: setup.sh and
// run_autograder at its root (templates/gradescope), the CLI bundle, the tracer addon (prebuilt, with its
// sources for a rebuild), and the labs' specs. `socklab autograder run gradescope LAB...` is what
// run_autograder runs: it grades each lab in submission/ and writes one results.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, parse } from './commands';
import { resolveLabs, UsageError } from './course';
import { selfCommand } from './isolation';
import type { LoadedLab } from './labs';
import { mdText } from './markdown';
import { builtAddon, filesUnder, fillTemplate, freshBundle, packageRoot } from './package-root';
import { writeZip, type ZipEntry } from './zip';

const USAGE = `usage: socklab autograder gradescope LAB... -o FILE
       socklab autograder run gradescope LAB...

gradescope: writes Gradescope's autograder zip for the labs (upload it to a programming assignment).
  setup.sh installs the C toolchain and Node 20 on Gradescope's Ubuntu image; run_autograder grades each LAB
  in /autograder/submission (files at its top or in one subfolder) into /autograder/results/results.json.
run gradescope: what run_autograder runs; paths under $AUTOGRADER_ROOT (default /autograder).

  -o, --out FILE   the zip to write
  -h, --help       this text`;

/** The zip's entries: the two scripts at the root, everything Socket Lab needs under socklab/. */
export function gradescopeEntries(labs: LoadedLab[]): ZipEntry[] {
  const root = packageRoot();
  const ids = labs.map((l) => l.spec.id).join(' ');
  const tpl = path.join(root, 'templates', 'gradescope');
  const entries: ZipEntry[] = [
    { name: 'setup.sh', text: fillTemplate(path.join(tpl, 'setup.sh'), {}), mode: 0o755 },
    { name: 'run_autograder', text: fillTemplate(path.join(tpl, 'run_autograder'), { LABS: ids }), mode: 0o755 },
    { name: 'socklab/dist/cli.js', file: freshBundle(root) },
    // Prebuilt: Node-API is ABI-stable, and the addon needs nothing newer than the glibc of the machine
    // that built it; setup.sh rebuilds it from the sources below only if it does not load there.
    { name: 'socklab/native/build/Release/socklab.node', file: builtAddon(root), mode: 0o755 },
    { name: 'socklab/native/binding.gyp', file: path.join(root, 'native', 'binding.gyp') },
    ...filesUnder(path.join(root, 'native', 'src')).map((f) => ({ name: `socklab/native/src/${f}`, file: path.join(root, 'native', 'src', f) })),
    { name: 'socklab/labs/schema.json', file: path.join(root, 'labs', 'schema.json') },
  ];
  const addonApi = path.join(root, 'node_modules', 'node-addon-api');
  if (fs.existsSync(addonApi)) {
    for (const f of filesUnder(addonApi)) entries.push({ name: `socklab/node_modules/node-addon-api/${f.split(path.sep).join('/')}`, file: path.join(addonApi, f) });
  }
  // the specs only: grading reads lab.json; the starter and solution files stay out
  for (const lab of labs) {
    for (const f of ['lab.json', 'README.md']) entries.push({ name: `socklab/labs/${lab.spec.id}/${f}`, file: path.join(lab.dir, f) });
  }
  return entries;
}

interface GsTest {
  name: string; number?: string; score: number; max_score: number; status: string; output: string;
  output_format?: string; execution_time?: number; visibility?: string;
}
interface GsResult { score: number; max_score?: number; execution_time?: number; output?: string; tests: GsTest[] }

function labMax(lab: LoadedLab): number {
  return lab.spec.grading.checks.reduce((s, c) => s + (c.points ?? 1), 0);
}

/** Grades one lab in a child process (its own namespaces when possible); a crash becomes a failed test. */
function gradeOne(lab: LoadedLab, submission: string, timeoutMs: number): GsResult {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-gs-')), 'result.json');
  const [cmd, ...args] = selfCommand();
  const r = spawnSync(cmd, [...args, 'grade', lab.spec.id, submission, '--format', 'gradescope', '--out', out],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  process.stderr.write(r.stderr ?? '');
  try {
    if (fs.existsSync(out)) return JSON.parse(fs.readFileSync(out, 'utf8')) as GsResult;
  } catch { /* an unreadable report: said below */ } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
  const why = r.error ? `${r.error.message}` : `exit status ${r.status ?? r.signal}`;
  const said = (r.stderr ?? '').trim().split('\n').slice(-10).join('\n');
  return {
    score: 0,
    tests: [{
      name: `${lab.spec.id}: not graded`, score: 0, max_score: labMax(lab), status: 'failed', output_format: 'md', visibility: 'visible',
      output: mdText(`The grader could not grade this lab (${why}).${said ? `\n${said}` : ''}`),
    }],
  };
}

/** One results.json for several labs: scores added, each lab's tests numbered and named by lab. */
export function mergeResults(labs: LoadedLab[], results: GsResult[]): object {
  const several = labs.length > 1;
  const tests = results.flatMap((r, k) => r.tests.map((t, i) => ({
    ...t,
    name: several && !t.name.startsWith(labs[k].spec.id) ? `${labs[k].spec.id} ${t.name}` : t.name,
    number: several ? `${k + 1}.${i + 1}` : String(i + 1),
  })));
  return {
    score: results.reduce((s, r) => s + r.score, 0),
    execution_time: Math.round(results.reduce((s, r) => s + (r.execution_time ?? 0), 0)),
    output: results.map((r) => r.output).filter(Boolean).join('\n\n'),
    output_format: 'md',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}

export function runGradescope(root: string, labs: LoadedLab[], timeoutMs = 300_000): object {
  const submission = path.join(root, 'submission');
  const setupFailed = path.join(root, 'source', 'setup-failed.txt');
  if (fs.existsSync(setupFailed)) {
    return { score: 0, output: `The autograder's setup failed, so this submission was not graded: ${fs.readFileSync(setupFailed, 'utf8').trim()}`, tests: [] };
  }
  return mergeResults(labs, labs.map((lab) => gradeOne(lab, submission, timeoutMs)));
}

export async function autograderCommand(argv: string[]): Promise<number> {
  const p = parse(argv, { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
  if (typeof p === 'string') return fail(USAGE, p);
  if (p.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [what, ...rest] = p.positional;
  try {
    if (what === 'gradescope') {
      if (typeof p.values.out !== 'string') return fail(USAGE, 'where to? -o autograder.zip');
      const labs = resolveLabs(rest);
      writeZip(path.resolve(p.values.out), gradescopeEntries(labs));
      process.stdout.write(`${p.values.out}: Gradescope autograder for ${labs.map((l) => l.spec.id).join(', ')}\n`);
      return 0;
    }
    if (what === 'run' && rest[0] === 'gradescope') {
      const root = path.resolve(process.env.AUTOGRADER_ROOT ?? '/autograder');
      const labs = resolveLabs(rest.slice(1));
      const timeout = Number(process.env.SOCKLAB_LAB_TIMEOUT ?? 300) * 1000;
      const results = runGradescope(root, labs, timeout);
      fs.mkdirSync(path.join(root, 'results'), { recursive: true });
      fs.writeFileSync(path.join(root, 'results', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    return fail(USAGE, what ? `unknown autograder command ${[what, ...rest.slice(0, 1)].join(' ')}` : 'which autograder? (gradescope)');
  } catch (e) {
    const err = e as Error;
    if (err instanceof UsageError) return fail(USAGE, err.message);
    process.stderr.write(`socklab: autograder failed: ${err.message}\n`);
    return 2;
  }
}
