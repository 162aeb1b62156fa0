// Writing a zip file: Python's zipfile module does the format (python3 is on every machine that builds the
// tracer, since node-gyp needs it), this side says which files go where and with which Unix mode.
import { spawnSync } from 'node:child_process';

export interface ZipEntry {
  /** the path inside the zip, with forward slashes */
  name: string;
  /** the file on disk to store, or the text itself */
  file?: string;
  text?: string;
  /** Unix permission bits: 0o755 for scripts that must run as they are unpacked */
  mode?: number;
}

// Fixed timestamps make the same inputs give the same zip. The mode goes in the upper 16 bits of
// external_attr with the regular-file type (S_IFREG), which is where unzip and Python read it back.
const WRITER = `
import json, sys, zipfile
out, entries = sys.argv[1], json.load(sys.stdin)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for e in entries:
        info = zipfile.ZipInfo(e['name'], date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | e['mode']) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        if 'file' in e:
            with open(e['file'], 'rb') as f:
                z.writestr(info, f.read())
        else:
            z.writestr(info, e['text'].encode('utf-8'))
`;

/** Writes `entries` to the zip file `out`; throws with Python's message when it cannot. */
export function writeZip(out: string, entries: ZipEntry[]): void {
  const list = entries.map((e) => ({ name: e.name, mode: e.mode ?? 0o644, ...(e.file !== undefined ? { file: e.file } : { text: e.text ?? '' }) }));
  const r = spawnSync('python3', ['-c', WRITER, out], { input: JSON.stringify(list), encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) throw new Error(`cannot run python3 to write ${out}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`writing ${out} failed: ${r.stderr.trim()}`);
}

/** The names in a zip file, in order (python3 -m zipfile -l reads the same directory). */
export function zipNames(file: string): string[] {
  const r = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot read ${file}: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter(Boolean);
}

/** Unpacks a zip into a folder, keeping the Unix modes stored in it (zipfile's extractall drops them). */
export function unzip(file: string, dir: string): void {
  const script = `
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        path = z.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode and not info.is_dir():
            os.chmod(path, mode)
`;
  const r = spawnSync('python3', ['-c', script, file, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot unpack ${file}: ${r.stderr.trim()}`);
}
