// tree-sitter's C grammar, run as WebAssembly (web-tree-sitter), loaded once for whoever reads C source: the
// editor's socket-call finder and the grader's line-of-the-mistake search. The .wasm files sit beside the
// bundle (esbuild.mjs copies them to dist/) or come from their npm packages.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser as TSParser } from 'web-tree-sitter';

// required, not imported: so esbuild bundles the package's CommonJS build; its ES module build locates
// itself through import.meta.url, which a CommonJS bundle does not have
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');

const RUNTIME_WASM = 'tree-sitter.wasm';
const C_WASM = 'tree-sitter-c.wasm';

/** Where a .wasm file is: in `dir` when given and present, else in its npm package. */
function wasmPath(name: string, pkg: string, dir: string | undefined): string {
  if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return require.resolve(`${pkg}/${name}`);
}

/**
 * A parser for C. `wasmDir` is the folder holding tree-sitter.wasm and tree-sitter-c.wasm (the bundle's
 * dist/); without it, or when they are not there, the npm packages' copies are used.
 */
export async function loadCParser(wasmDir?: string): Promise<TSParser> {
  const runtime = wasmPath(RUNTIME_WASM, 'web-tree-sitter', wasmDir);
  // emscripten asks for tree-sitter.wasm by name; in a bundle, its own guess (beside the script) is wrong
  await Parser.init({ locateFile: (name: string) => (name === RUNTIME_WASM ? runtime : name) });
  const c = await Language.load(fs.readFileSync(wasmPath(C_WASM, 'tree-sitter-c', wasmDir)));
  const parser = new Parser();
  parser.setLanguage(c);
  return parser;
}
