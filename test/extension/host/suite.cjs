// Runs inside the extension host: the extension activates on a lab folder and registers every command
// package.json contributes.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async function run() {
  const pkg = require(path.join(__dirname, '..', '..', '..', 'package.json'));
  const ext = vscode.extensions.getExtension(`${pkg.publisher}.${pkg.name}`);
  assert.ok(ext, 'the extension is installed');
  await ext.activate();
  const all = await vscode.commands.getCommands(true);
  for (const c of pkg.contributes.commands) assert.ok(all.includes(c.command), `${c.command} is registered`);
  const folder = vscode.workspace.workspaceFolders[0].uri;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'echo_server.c'));
  await vscode.window.showTextDocument(doc);
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
  assert.ok(lenses.some((l) => l.command && /^socket\(\)/.test(l.command.title)), 'a lens above socket()');
};
