// The folder order of docs/ARCHITECTURE.md, checked: a module imports only from its own folder and from the
// folders above it in the document's table; only extension/ imports vscode; only webview/ is browser code
// (it imports no Node module).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');

/** The code folders in the order the architecture document's table gives them. */
function documentedOrder(): string[] {
  const doc = fs.readFileSync(path.join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const table = doc.split('## Folders')[1].split('\n## ')[0];
  const folders = [...table.matchAll(/^\| `([a-z]+)\/` \|/gm)].map((m) => m[1]);
  return folders.filter((f) => fs.readdirSync(path.join(root, f), { recursive: true }).some((n) => String(n).endsWith('.ts')) && f !== 'test');
}

function tsFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((n) => n.endsWith('.ts') && !n.split(path.sep).includes('node_modules') && !n.split(path.sep).includes('build'))
    .map((n) => path.join(dir, n));
}

/** Every module a file imports: relative paths resolved to folders of the repository, bare names as they are. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const statements = /^\s*(?:import|export)\s[^;'"]*?\bfrom\s+'([^']+)'/gm;  // import/export ... from '...'
  const bare = /^\s*import\s+'([^']+)'/gm;  // import '...'
  const calls = /\b(?:import|require)\(\s*'([^']+)'\s*\)/g;  // import('...'), require('...')
  return [statements, bare, calls].flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

function folderOf(file: string): string {
  return path.relative(root, file).split(path.sep)[0];
}

describe('the folder order of docs/ARCHITECTURE.md', () => {
  const order = documentedOrder();

  it('lists the code folders', () => {
    for (const f of ['common', 'native', 'runner', 'grader', 'cli', 'webview', 'extension']) assert.ok(order.includes(f), `${f} is not in the table: ${order}`);
  });

  it('each folder imports only from itself and the folders above it', () => {
    const wrong: string[] = [];
    for (const folder of order) {
      for (const file of tsFiles(path.join(root, folder))) {
        for (const spec of importsOf(file)) {
          if (!spec.startsWith('.')) continue;
          const target = folderOf(path.resolve(path.dirname(file), spec));
          if (target === folder || !order.includes(target)) continue;
          if (order.indexOf(target) > order.indexOf(folder)) wrong.push(`${path.relative(root, file)} imports ${spec} (${target}/ is below ${folder}/)`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('only extension/ imports vscode, and webview/ imports no Node module', () => {
    const wrong: string[] = [];
    for (const folder of order) {
      for (const file of tsFiles(path.join(root, folder))) {
        for (const spec of importsOf(file)) {
          if (spec === 'vscode' && folder !== 'extension') wrong.push(`${path.relative(root, file)} imports vscode`);
          if (folder === 'webview' && !spec.startsWith('.') && !file.endsWith('.d.ts')) wrong.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
