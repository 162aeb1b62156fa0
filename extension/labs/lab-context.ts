// Which lab a C file belongs to, and how to build and start it: the lab's files in the file's folder and its
// argv with placeholders filled. A lab folder is one with lab.json above it (the course's own tree) or a
// `.socklab-lab.json` marker that Open Lab writes. No vscode; reads the file system.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findLab, loadLab, type LoadedLab } from '../../grader/labs';

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

/** The lab a folder holds by its marker (what Open Lab wrote), or undefined. */
export function markedLab(dir: string): string | undefined {
  const marker = path.join(dir, MARKER);
  if (!fs.existsSync(marker)) return undefined;
  try {
    const id = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { lab?: unknown }).lab;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined; // a broken marker: not a lab folder
  }
}

/** The lab of `file`: its own folder is a lab folder (Open Lab's marker, or lab.json there), or the file is in a
 * lab's starter or solution folder (lab.json one folder up). A file in a subfolder of a lab folder (a student's
 * scratch/ping.c) is not part of the lab: it runs on its own, without the lab's arguments. */
export function labOf(file: string, labsDir?: string): LoadedLab | undefined {
  const dir = path.dirname(path.resolve(file));
  const id = markedLab(dir);
  if (id) return findLab(id, labsDir);
  for (const at of [dir, path.dirname(dir)]) {
    if (!fs.existsSync(path.join(at, 'lab.json'))) continue;
    try {
      const lab = loadLab(at);
      if (at === dir || [lab.spec.starter, lab.spec.solution].includes(path.basename(dir))) return lab;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where Open Lab puts `labId` for a workspace folder `ws`: the workspace itself when it is that lab's folder;
 * its subfolder named for the lab; or, when the workspace is another lab's folder, a folder beside it (a lab
 * inside a lab would nest 02-tcp-echo/02-tcp-echo/). `inWorkspace` false: the folder must be opened. */
export function labDestination(ws: string, labId: string): { dest: string; inWorkspace: boolean } {
  const here = markedLab(ws);
  if (here === labId) return { dest: ws, inWorkspace: true };
  if (here) return { dest: path.join(path.dirname(ws), labId), inWorkspace: false };
  return { dest: path.join(ws, labId), inWorkspace: true };
}

/** The 0-based line of a step's heading (`## Title`) in a lab README, outside code fences; 0 if not found. */
export function stepLine(markdown: string, title: string): number {
  let fenced = false;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^```/.test(lines[i])) fenced = !fenced;
    if (!fenced && /^## /.test(lines[i]) && lines[i].slice(3).trim() === title) return i;
  }
  return 0;
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
