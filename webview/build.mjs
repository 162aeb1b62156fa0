// Builds the panel with esbuild: the VS Code bundle (dist/webview: panel.js, panel.css, panel.html template) and
// the standalone page run in a browser against a fake host (dist/webview-standalone). Callable from esbuild.mjs.
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const common = { bundle: true, format: 'iife', target: 'es2022', platform: 'browser', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

/** @param {{ minify?: boolean, standalone?: boolean }} opts */
export async function buildWebview(opts = {}) {
  const out = join(root, 'dist', 'webview');
  await mkdir(out, { recursive: true });
  await esbuild.build({ ...common, minify: !!opts.minify, entryPoints: [join(here, 'main.ts')], outfile: join(out, 'panel.js') });
  await copyFile(join(here, 'panel.css'), join(out, 'panel.css'));
  await copyFile(join(here, 'panel.html'), join(out, 'panel.html'));
  if (opts.standalone !== false) await buildStandalone(!!opts.minify);
}

async function buildStandalone(minify) {
  const out = join(root, 'dist', 'webview-standalone');
  await mkdir(out, { recursive: true });
  await esbuild.build({ ...common, minify, entryPoints: [join(here, 'standalone', 'main.ts')], outfile: join(out, 'panel.js') });
  await copyFile(join(here, 'panel.css'), join(out, 'panel.css'));
  const nonce = randomBytes(16).toString('base64url');
  const values = { cspSource: "'self'", nonce, scriptUri: 'panel.js', styleUri: 'panel.css' };
  const template = await readFile(join(here, 'panel.html'), 'utf8');
  // The page fetches fixture traces from its own origin; the panel in VS Code needs no connect-src.
  const html = template
    .replace(/\{\{(\w+)\}\}/g, (_, k) => values[k])
    .replace("script-src 'nonce-", "connect-src 'self'; script-src 'nonce-");
  await writeFile(join(out, 'index.html'), html);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWebview({ minify: process.argv.includes('--minify'), standalone: !process.argv.includes('--no-standalone') });
}
