// `socklab course init DIR --labs ...`: writes a course repository a teacher can push as it is: the chosen
// labs' starter files (never their solutions), a dev container with Socket Lab baked in, a grading workflow
// and the students' and teachers' guides (the texts are in templates/course).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, parse } from './commands';
import { findLab, type LoadedLab } from './labs';
import { filesUnder, fillTemplate, freshBundle, packageRoot } from './package-root';
import { zipNames } from './zip';

const USAGE = `usage: socklab course init DIR --labs LAB[,LAB...] [options]

Writes a course repository into DIR: one folder per lab with its README, lab.json and starter files (never
the reference solution), .devcontainer/ (Debian with Node 20, the C toolchain and Socket Lab), a GitHub
Actions workflow that grades each lab folder, and STUDENTS.md / TEACHERS.md. Push DIR as it is.

  --labs LIST     the labs, by id, number or name, comma-separated (socklab labs lists them)
  --vsix FILE     the packaged extension to put in the container (default: packed now from this checkout,
                  as npm run package does)
  --name NAME     the course's name in its README (default: DIR's folder name)
  --force         write into DIR even when it is not empty (files of the same names are replaced)
  -h, --help      this text`;

/** Where a lab folder's files come from and go: README, lab.json, then the starter files at its top. */
export function labFiles(lab: LoadedLab): { from: string; to: string }[] {
  const starter = path.join(lab.dir, lab.spec.starter);
  return [
    { from: path.join(lab.dir, 'README.md'), to: 'README.md' },
    ...filesUnder(starter).map((f) => ({ from: path.join(starter, f), to: f })),
  ];
}

/** lab.json as the course folder has it: the starter files are the folder itself, the schema is not there. */
function courseLabJson(lab: LoadedLab): string {
  const spec: Record<string, unknown> = { ...lab.spec, starter: '.' };
  delete spec.$schema;
  return `${JSON.stringify(spec, null, 2)}\n`;
}

export function devcontainerJson(): object {
  return {
    name: 'Socket Lab',
    build: { dockerfile: 'Dockerfile', context: '.' },
    // ptrace and seccomp filters for the tracer, user and network namespaces for grading, and a /proc of its own
    // for each grading's PID namespace, which the kernel refuses while parts of /proc are masked (STUDENTS.md says why)
    capAdd: ['SYS_PTRACE'],
    securityOpt: ['seccomp=unconfined', 'systempaths=unconfined'],
    init: true,
    remoteUser: 'node',
    customizations: { vscode: { extensions: ['/opt/socket-lab/socket-lab.vsix'] } },
  };
}

const GITATTRIBUTES = `# The C files, scripts and workflow keep LF line ends on every system (gcc and bash read them in Linux)
* text=auto eol=lf
*.c text eol=lf
*.h text eol=lf
*.sh text eol=lf
*.vsix binary
`;

const GITIGNORE = `# what building and running the labs leaves behind
*.o
a.out
/*/build/
`;

/** The .vsix to bake in: the one given, checked to hold the CLI, or one packed from this checkout. */
function vsixFor(given: string | undefined, root: string, tmp: string): string {
  if (given) {
    if (!fs.existsSync(given)) throw new UsageError(`${given} does not exist`);
    let names: string[];
    try {
      names = zipNames(given);
    } catch {
      throw new UsageError(`${given} is not a .vsix (not a zip file)`);
    }
    if (!names.includes('extension/dist/cli.js')) throw new UsageError(`${given} is not Socket Lab's .vsix (no extension/dist/cli.js in it)`);
    return given;
  }
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) throw new UsageError('no --vsix FILE given, and this is not a checkout that can pack one (npm run package makes one)');
  freshBundle(root);
  const out = path.join(tmp, 'socket-lab.vsix');
  const r = spawnSync(process.execPath, [vsce, 'package', ...packageFlags(root), '-o', out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packing the .vsix failed: ${(r.stderr || r.stdout).trim()}`);
  return out;
}

/** The vsce flags of `npm run package`, without its -o: the one packing recipe stays in package.json. */
function packageFlags(root: string): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.package;
  const flags = script.slice(script.indexOf('vsce package') + 'vsce package'.length).trim().split(/\s+/);
  const o = flags.indexOf('-o');
  return o >= 0 ? [...flags.slice(0, o), ...flags.slice(o + 2)] : flags;
}

export class UsageError extends Error {}

/** Resolves a comma-separated list of labs; an unknown one is a usage error. */
export function resolveLabs(list: string[]): LoadedLab[] {
  const labs: LoadedLab[] = [];
  for (const name of list.map((s) => s.trim()).filter(Boolean)) {
    const lab = findLab(name);
    if (!lab) throw new UsageError(`no lab called ${name} (socklab labs lists them)`);
    if (!labs.some((l) => l.spec.id === lab.spec.id)) labs.push(lab);
  }
  if (labs.length === 0) throw new UsageError('which labs? --labs 01-sockets-are-fds,02-tcp-echo');
  return labs;
}

/** Writes the course into dir; returns the paths written, relative to it. */
export function writeCourse(dir: string, labs: LoadedLab[], vsix: string, name: string): string[] {
  const root = packageRoot();
  const templates = path.join(root, 'templates');
  const written: string[] = [];
  const put = (rel: string, content: string | Buffer, mode = 0o644): void => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    written.push(rel);
  };
  for (const lab of labs) {
    for (const f of labFiles(lab)) put(path.join(lab.spec.id, f.to), fs.readFileSync(f.from));
    put(path.join(lab.spec.id, 'lab.json'), courseLabJson(lab));
  }
  const ids = labs.map((l) => l.spec.id);
  const values = {
    COURSE: name,
    LABS_LIST: labs.map((l) => `- [${l.spec.id}](${l.spec.id}/README.md): ${l.spec.title}`).join('\n'),
    LABS_YAML: `[${ids.join(', ')}]`,
    LABS_ARGS: ids.join(' '),
  };
  put('.devcontainer/devcontainer.json', `${JSON.stringify(devcontainerJson(), null, 2)}\n`);
  put('.devcontainer/Dockerfile', fillTemplate(path.join(templates, 'course', 'Dockerfile'), values));
  put('.devcontainer/socket-lab.vsix', fs.readFileSync(vsix));
  put('.vscode/extensions.json', `${JSON.stringify({ recommendations: ['ms-vscode-remote.remote-containers', 'github.codespaces'] }, null, 2)}\n`);
  put('.gitattributes', GITATTRIBUTES);
  put('.gitignore', GITIGNORE);
  for (const doc of ['README.md', 'STUDENTS.md', 'TEACHERS.md']) put(doc, fillTemplate(path.join(templates, 'course', doc), values));
  put('.github/workflows/grade.yml', fillTemplate(path.join(templates, 'course', 'grade.yml'), values));
  put('prairielearn/run.sh', fs.readFileSync(path.join(templates, 'prairielearn', 'run.sh')), 0o755);
  return written;
}

export async function courseCommand(argv: string[]): Promise<number> {
  const p = parse(argv, {
    labs: { type: 'string' }, vsix: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (typeof p === 'string') return fail(USAGE, p);
  if (p.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [sub, dirArg, ...extra] = p.positional;
  if (sub !== 'init') return fail(USAGE, sub ? `unknown course command ${sub}` : 'which course command? (init)');
  if (!dirArg) return fail(USAGE, 'which folder? socklab course init DIR --labs ...');
  if (extra.length > 0) return fail(USAGE, `unexpected argument ${extra[0]}`);
  if (typeof p.values.labs !== 'string') return fail(USAGE, 'which labs? --labs 01-sockets-are-fds,02-tcp-echo');
  const dir = path.resolve(dirArg);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) return fail(USAGE, `${dir} is a file, not a folder`);
    if (fs.readdirSync(dir).length > 0 && p.values.force !== true) return fail(USAGE, `${dir} is not empty (--force writes into it anyway)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklab-course-'));
  try {
    const labs = resolveLabs(p.values.labs.split(','));
    const vsix = vsixFor(typeof p.values.vsix === 'string' ? path.resolve(p.values.vsix) : undefined, packageRoot(), tmp);
    const name = typeof p.values.name === 'string' ? p.values.name : path.basename(dir);
    const written = writeCourse(dir, labs, vsix, name);
    process.stdout.write(`${written.length} files written to ${dir}: ${labs.map((l) => l.spec.id).join(', ')}.\n` +
      'Push it as it is; STUDENTS.md tells students how to open it, TEACHERS.md how to grade.\n');
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail(USAGE, e.message);
    process.stderr.write(`socklab: course init failed: ${(e as Error).message}\n`);
    return 2;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
