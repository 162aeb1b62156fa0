// Bundles the TypeScript: the CLI and the extension for Node, the trace panel for the browser.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'fs';
import { createRequire } from 'module';

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
  // the C parser's WebAssembly (runtime and grammar) goes beside the bundle, where extension/c-parser.ts looks
  const require = createRequire(import.meta.url);
  mkdirSync('dist', { recursive: true });
  for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-c/tree-sitter-c.wasm']) {
    copyFileSync(require.resolve(wasm), `dist/${wasm.split('/')[1]}`);
  }
  builds.push(esbuild.build({ ...node, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js' }));
}
if (existsSync('webview/build.mjs')) {
  const { buildWebview } = await import('./webview/build.mjs');
  builds.push(buildWebview());
}
await Promise.all(builds);
