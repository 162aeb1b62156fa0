// Open Lab: the student picks a lab; its starter files are copied into a folder of the workspace (files the
// student already has are kept: that is their progress) and opened with the lab's README beside them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadLabs, type LoadedLab } from '../grader/labs';
import { MARKER } from './lab-context';

async function pickLab(): Promise<LoadedLab | undefined> {
  const labs = loadLabs();
  const item = await vscode.window.showQuickPick(
    labs.map((lab) => ({ label: lab.spec.title, description: lab.spec.id, detail: lab.spec.summary, lab })),
    { placeHolder: 'Which lab?', matchOnDescription: true, matchOnDetail: true },
  );
  return item?.lab;
}

async function pickParent(): Promise<string | undefined> {
  const ws = vscode.workspace.workspaceFolders?.[0];
  if (ws && ws.uri.scheme === 'file') return ws.uri.fsPath;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Put the lab here' });
  return picked?.[0]?.fsPath;
}

/** Copies what the student starts from into `dest`, never over a file that exists. Returns the copied names. */
export function copyStarter(lab: LoadedLab, dest: string): string[] {
  fs.mkdirSync(dest, { recursive: true });
  const from = path.join(lab.dir, lab.spec.starter);
  const copied: string[] = [];
  for (const name of fs.readdirSync(from)) {
    const target = path.join(dest, name);
    if (fs.existsSync(target)) continue;
    fs.cpSync(path.join(from, name), target, { recursive: true });
    copied.push(name);
  }
  const readme = path.join(dest, 'README.md');
  if (!fs.existsSync(readme)) fs.copyFileSync(path.join(lab.dir, 'README.md'), readme);
  fs.writeFileSync(path.join(dest, MARKER), `${JSON.stringify({ lab: lab.spec.id }, null, 2)}\n`);
  return copied;
}

export async function openLab(labId?: string): Promise<void> {
  const lab = labId ? loadLabs().find((l) => l.spec.id === labId) : await pickLab();
  if (!lab) return;
  const parent = await pickParent();
  if (!parent) return;
  const dest = path.join(parent, lab.spec.id);
  const copied = copyStarter(lab, dest);
  const first = lab.spec.files.find((f) => f.endsWith('.c')) ?? lab.spec.files[0];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dest, first)));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', vscode.Uri.file(path.join(dest, 'README.md')));
  if (!vscode.workspace.getWorkspaceFolder(doc.uri)) {
    vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(dest) });
  }
  void vscode.window.showInformationMessage(copied.length > 0
    ? `${lab.spec.title}: the starter files are in ${dest}. Run and Trace runs your program; Grade Lab checks it.`
    : `${lab.spec.title}: your files in ${dest} were kept.`);
}
