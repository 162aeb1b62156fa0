// Bundles the TypeScript: the CLI and the extension for Node, the trace panel for the browser.
import * as esbuild from 'esbuild';
import { existsSync } from 'fs';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode'],
  logLevel: 'warning',
};

const builds = [
  esbuild.build({ ...node, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' }),
];
if (existsSync('extension/extension.ts')) {
  builds.push(esbuild.build({ ...node, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js' }));
}
if (existsSync('webview/build.mjs')) {
  const { buildWebview } = await import('./webview/build.mjs');
  builds.push(buildWebview());
}
await Promise.all(builds);
