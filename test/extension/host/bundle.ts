// Bundles the extension-host suite (index.ts and what it imports) into one CommonJS file for VS Code to load as
// extensionTestsPath. `vscode` comes from the host, `mocha` from node_modules beside the bundle's folder.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SUITE_BUNDLE = path.join(ROOT, '.test-output', 'host', 'suite.cjs');

export async function bundleHostSuite(): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}
