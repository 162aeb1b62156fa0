// Which lab a C file belongs to, and how to build and start it: the lab's files in the file's folder and its
// argv with placeholders filled. A lab folder is one with lab.json above it (the course's own tree) or a
// `.socklab-lab.json` marker that Open Lab writes. No vscode; reads the file system.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLab, loadLab, type LoadedLab } from '../grader/labs';

export const MARKER = '.socklab-lab.json';

export interface RunPlan {
  /** absolute paths of the C files to compile */
  sources: string[];
  /** the folder the program runs in */
  cwd: string;
  /** arguments after the program's path */
  args: string[];
  lab?: LoadedLab;
  /** the port the program is meant to use, for the htons check */
  port?: number;
}

/** The lab of `file`, looking in its folder and up to two folders above. */
export function labOf(file: string, labsDir?: string): LoadedLab | undefined {
  let dir = path.dirname(path.resolve(file));
  for (let depth = 0; depth < 3; depth++) {
    const marker = path.join(dir, MARKER);
    if (fs.existsSync(marker)) {
      try {
        const id = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { lab?: unknown }).lab;
        if (typeof id === 'string') return findLab(id, labsDir);
      } catch { /* a broken marker: not a lab folder */ }
    }
    if (fs.existsSync(path.join(dir, 'lab.json'))) {
      try {
        return loadLab(dir);
      } catch { return undefined; }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `{port}`, `{srv.port}` -> the port; `{path}` -> a socket path in the temp folder; `{abstract}` -> a name. */
export function fillArgs(argv: readonly string[], labId: string, port: number): string[] {
  return argv.map((a) =>
    a.replace(/\{([\w.]+)\}/g, (_all, name: string) => {
      if (name === 'port' || name.endsWith('.port')) return String(port);
      if (name === 'path' || name.endsWith('.path')) return path.join(os.tmpdir(), `socklab-${labId}.sock`);
      if (name === 'abstract') return `socklab-${labId}`;
      return name;
    }),
  );
}

/** How to build and run `file`: the lab's sources and argv when it is part of a lab, else the file alone. */
export function planRun(file: string, opts: { port: number; programArgs: string[]; labsDir?: string }): RunPlan {
  const abs = path.resolve(file);
  const cwd = path.dirname(abs);
  const lab = labOf(abs, opts.labsDir);
  if (!lab) return { sources: [abs], cwd, args: [...opts.programArgs] };
  const names = lab.spec.build?.sources ?? lab.spec.files.filter((f) => f.endsWith('.c'));
  const sources = names.map((n) => path.join(cwd, n)).filter((p) => fs.existsSync(p));
  if (!sources.includes(abs)) sources.unshift(abs);
  const usesPort = lab.spec.program.argv.some((a) => /\{([\w.]*port)\}/.test(a));
  return {
    sources, cwd, lab,
    args: fillArgs(lab.spec.program.argv, lab.spec.id, opts.port),
    port: usesPort ? opts.port : undefined,
  };
}
