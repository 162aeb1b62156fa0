// Open Lab: the student picks a lab; its starter files are copied into a folder of the workspace (files the
// student already has are kept: that is their progress) and opened with the lab's README beside them. In a
// window without a folder, the lab goes where the student says and that folder is opened in the window; the
// extension, started again there, shows the files (resumeOpenLab).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadLabs, type LoadedLab } from '../../grader/labs';
import { labDestination, labOf, MARKER, stepLine } from './lab-context';

/** global state: the lab folder an Open Lab without a workspace folder is opening, and what to say there */
const PENDING_KEY = 'socketLab.openingLab';

async function pickLab(): Promise<LoadedLab | undefined> {
  const labs = loadLabs();
  const item = await vscode.window.showQuickPick(
    labs.map((lab) => ({ label: lab.spec.title, description: lab.spec.id, detail: lab.spec.summary, lab })),
    { placeHolder: 'Which lab?', matchOnDescription: true, matchOnDetail: true },
  );
  return item?.lab;
}

/** The workspace's first folder on disk, where labs go. */
function workspaceDir(): string | undefined {
  const ws = vscode.workspace.workspaceFolders?.[0];
  return ws?.uri.scheme === 'file' ? ws.uri.fsPath : undefined;
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

/** The lab id in a command's argument: an id (a step's click), or a row of the Socket Lab view (its button). */
function labIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as { labId?: unknown } | undefined)?.labId;
  return typeof id === 'string' ? id : undefined;
}

/** Shows the README beside the code, leaving the focus in the code: rendered, or as text without the preview. */
async function showReadme(readme: vscode.Uri): Promise<void> {
  const beside = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
  try {
    // the built-in Markdown extension's preview editor (markdown.showPreviewToSide would take the focus)
    await vscode.commands.executeCommand('vscode.openWith', readme, 'vscode.markdown.preview.editor', beside);
  } catch {
    await vscode.window.showTextDocument(readme, { ...beside, preview: false });
  }
}

/** Opens the lab's first C file and its README beside it, and says where the files are. */
async function showLab(lab: LoadedLab, dest: string, copied: boolean): Promise<void> {
  const first = lab.spec.files.find((f) => f.endsWith('.c')) ?? lab.spec.files[0];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dest, first)));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  await showReadme(vscode.Uri.file(path.join(dest, 'README.md')));
  const where = path.relative(workspaceDir() ?? path.dirname(dest), dest) || 'this folder';
  void vscode.window.showInformationMessage(copied
    ? `${lab.spec.title}: the starter files are in ${where}. Run and Trace runs your program; Grade Lab checks it.`
    : `${lab.spec.title}: your files in ${where} were kept.`);
}

/** Shows the README beside the code at a step's heading (a click on a step in the Socket Lab view). */
async function showStep(readme: string, step: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(readme));
  const line = stepLine(doc.getText(), step);
  const at = new vscode.Range(line, 0, line, 0);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false, selection: at });
  editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
}

/** Open Lab: `arg` names the lab (see labIdOf); without it the student picks one. With `step` (a step's title),
 * a lab the student already has is not opened again: its README is shown at that step. */
export async function openLab(arg: unknown, state: vscode.Memento, step?: unknown): Promise<void> {
  const labId = labIdOf(arg);
  const lab = labId ? loadLabs().find((l) => l.spec.id === labId) : await pickLab();
  if (!lab) return;
  const ws = workspaceDir();
  const target = ws ? labDestination(ws, lab.spec.id) : undefined;
  if (target?.inWorkspace) {
    const readme = path.join(target.dest, 'README.md');
    if (typeof step === 'string' && fs.existsSync(readme)) return showStep(readme, step);
    await showLab(lab, target.dest, copyStarter(lab, target.dest).length > 0);
    if (typeof step === 'string') await showStep(readme, step);
    return;
  }
  let dest = target?.dest;
  if (!dest) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Put the lab here' });
    if (!picked?.[0] || picked[0].scheme !== 'file') return;
    dest = path.join(picked[0].fsPath, lab.spec.id);
  }
  const copied = copyStarter(lab, dest).length > 0;
  await state.update(PENDING_KEY, { dir: dest, copied });
  // the window reloads on that folder, and this extension with it
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dest));
}

/** In the window Open Lab opened on a new lab folder: shows the lab's files. */
export async function resumeOpenLab(state: vscode.Memento): Promise<void> {
  const pending = state.get<{ dir?: unknown; copied?: unknown }>(PENDING_KEY);
  const ws = workspaceDir();
  if (!pending || typeof pending.dir !== 'string' || !ws || path.resolve(ws) !== path.resolve(pending.dir)) return;
  await state.update(PENDING_KEY, undefined);
  const lab = labOf(path.join(pending.dir, MARKER));
  if (lab) await showLab(lab, pending.dir, pending.copied === true);
}
