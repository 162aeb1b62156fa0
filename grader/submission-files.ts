// Finding a submission's files where students and course systems put them: at the top of the folder, or in
// the one subfolder an archive added (ada.zip -> ada/lab2/echo_server.c). A file that is not there is
// explained with what was found instead, so a teacher knows at once whether a file was misnamed.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Located = { ok: true; dir: string; note?: string } | { ok: false; problem: string };

/** Source-like files under dir (two levels down at most), relative to it, sorted; hidden folders skipped. */
function sourcesIn(dir: string, depth = 2): string[] {
  const found: string[] = [];
  const walk = (at: string, level: number): void => {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === '__MACOSX') continue;
      const full = path.join(at, e.name);
      if (e.isDirectory() && level < depth) walk(full, level + 1);
      else if (e.isFile() && /\.(c|h|cc|cpp|cxx|txt)$/i.test(e.name)) found.push(path.relative(dir, full));
    }
  };
  walk(dir, 0);
  return found.sort();
}

function hasAll(dir: string, files: string[]): boolean {
  return files.every((f) => fs.existsSync(path.join(dir, f)));
}

/** Where the files the lab names are: dir itself, or its only subfolder that holds all of them. */
export function locateFiles(dir: string, files: string[]): Located {
  if (hasAll(dir, files)) return { ok: true, dir };
  const subs = fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== '__MACOSX')
    .map((d) => path.join(dir, d.name))
    .filter((d) => hasAll(d, files));
  if (subs.length === 1) {
    return { ok: true, dir: subs[0], note: `The files were in the subfolder ${path.basename(subs[0])}/, graded from there.` };
  }
  const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
  const found = sourcesIn(dir);
  const wanted = `${missing.length > 1 ? 'files' : 'file'} ${missing.join(', ')}`;
  const saw = found.length === 0 ? 'the folder has no source files' : `it has ${found.slice(0, 8).join(', ')}${found.length > 8 ? ` and ${found.length - 8} more` : ''}`;
  const hint = subs.length > 1 ? ` (${subs.length} subfolders hold them: keep one)` : found.length > 0 ? ': rename or move the file to the name the lab gives' : '';
  return { ok: false, problem: `expected the ${wanted} at the top of the submission; ${saw}${hint}` };
}
