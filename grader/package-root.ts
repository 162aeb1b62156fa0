// The Socket Lab checkout or package this code runs from, and the parts of it that course files are made of:
// the CLI bundle, the tracer addon, its sources, the templates under templates/.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder with templates/ and labs/: walks up from this file (sources and the bundle in dist/). */
export function packageRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'templates', 'course')) && fs.existsSync(path.join(dir, 'labs', 'schema.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find Socket Lab\'s templates folder (templates/course): run this from a Socket Lab checkout');
    dir = up;
  }
}

/** A template's text with each @NAME@ replaced; a placeholder left without a value is an error. */
export function fillTemplate(file: string, values: Record<string, string>): string {
  const text = fs.readFileSync(file, 'utf8').replace(/@([A-Z_]+)@/g, (all, name: string) => {
    if (!(name in values)) throw new Error(`${file}: no value for ${all}`);
    return values[name];
  });
  return text;
}

/**
 * Rebuilds dist/ from the sources where this is a checkout with esbuild (so what is packed is what the
 * checkout says); a package without the sources keeps the bundle it has. Returns the bundle's path.
 */
export function freshBundle(root: string): string {
  const cli = path.join(root, 'dist', 'cli.js');
  if (fs.existsSync(path.join(root, 'esbuild.mjs')) && fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bundling failed: ${(r.stderr || r.stdout).trim()}`);
  }
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm install (or npm run bundle) first`);
  return cli;
}

/** The built tracer addon; its absence is an error that says how to build it. */
export function builtAddon(root: string): string {
  const addon = path.join(root, 'native', 'build', 'Release', 'socklab.node');
  if (!fs.existsSync(addon)) throw new Error(`the tracer addon is not built (${addon}): run npm install first`);
  return addon;
}

/** Every file under dir, relative to it, sorted; build outputs and hidden files left out. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'build') continue;
      const r = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}
