// Where nothing can be traced, says so once per machine state (global state keeps which were answered) with
// the buttons setup-advice.ts chose: Reopen in Container, Install Dev Containers, Rebuild Container and the
// setup guide shipped in the extension (extension/setup.md), opened as a Markdown preview.
import * as vscode from 'vscode';
import type { DoctorFacts } from '../../runner/doctor-report';
import type { Ctx } from '../ctx';
import { DEV_CONTAINERS_ID, markSaid, setupAdvice, shouldSay, type SetupAction, type SetupAdvice, type WindowFacts } from './setup-advice';

const SAID_KEY = 'socketLab.setupAdviceSaid';

const LABELS: Record<SetupAction, string> = {
  reopenInContainer: 'Reopen in Container',
  installDevContainers: 'Install Dev Containers',
  rebuildContainer: 'Rebuild Container',
  openSetupGuide: 'Setup Guide',
};

/** The facts of this window: a Dev Container configuration in a workspace folder, the extension, the remote. */
export async function windowFacts(): Promise<WindowFacts> {
  const configs = (vscode.workspace.workspaceFolders ?? []).flatMap((f) =>
    [vscode.Uri.joinPath(f.uri, '.devcontainer', 'devcontainer.json'), vscode.Uri.joinPath(f.uri, '.devcontainer.json')]);
  const found = await Promise.all(configs.map((u) => vscode.workspace.fs.stat(u).then(() => true, () => false)));
  return { devcontainer: found.some(Boolean), devContainers: !!vscode.extensions.getExtension(DEV_CONTAINERS_ID), remote: vscode.env.remoteName };
}

/**
 * Offers the setup advice for these facts, unless this machine state's was answered before. True when the
 * machine cannot trace (whether it was said now or before): then no other machine advice is shown.
 */
export async function offerSetup(ctx: Ctx, facts: DoctorFacts): Promise<boolean> {
  const advice = setupAdvice(facts, await windowFacts());
  if (!advice) return false;
  ctx.output.warn(`${advice.text} (${advice.state})`);
  const state = ctx.ext.globalState;
  if (!shouldSay(advice, state.get(SAID_KEY))) return true;
  const show = advice.reason === 'noPtrace' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  // not awaited: the notification stays until it is answered, and nothing waits for it
  void show(`Socket Lab: ${advice.text}`, ...advice.actions.map((a) => LABELS[a])).then(async (label) => {
    await state.update(SAID_KEY, markSaid(advice, state.get(SAID_KEY)));
    const action = advice.actions.find((a) => LABELS[a] === label);
    if (action) await act(ctx, action, advice);
  }).then(undefined, (e) => ctx.output.error(`the setup advice failed: ${String(e)}`));
  return true;
}

async function act(ctx: Ctx, action: SetupAction, advice: SetupAdvice): Promise<void> {
  switch (action) {
    case 'reopenInContainer':
      await vscode.commands.executeCommand('remote-containers.reopenInContainer');
      return;
    case 'rebuildContainer':
      await vscode.commands.executeCommand('remote-containers.rebuildContainer');
      return;
    case 'installDevContainers':
      return installDevContainers(ctx);
    case 'openSetupGuide':
      return openSetupGuide(ctx);
    default: {
      const never: never = action;
      ctx.output.error(`unknown setup action ${String(never)} for ${advice.state}`);
    }
  }
}

async function installDevContainers(ctx: Ctx): Promise<void> {
  try {
    await vscode.commands.executeCommand('workbench.extensions.installExtension', DEV_CONTAINERS_ID);
  } catch (e) {
    // e.g. an editor whose marketplace does not carry it (code-server, VSCodium use Open VSX)
    ctx.output.error(`installing ${DEV_CONTAINERS_ID} failed: ${String(e)}`);
    const b = await vscode.window.showErrorMessage(`Socket Lab: the Dev Containers extension could not be installed (${String(e)}).`, LABELS.openSetupGuide);
    if (b) await openSetupGuide(ctx);
    return;
  }
  const b = await vscode.window.showInformationMessage('Socket Lab: Dev Containers is installed. Reopen the folder in its container?', LABELS.reopenInContainer);
  if (b) await vscode.commands.executeCommand('remote-containers.reopenInContainer');
}

/** The guide in the extension (it works offline), as a Markdown preview; as a plain document if that fails. */
export async function openSetupGuide(ctx: Ctx): Promise<void> {
  const guide = vscode.Uri.joinPath(ctx.extensionUri, 'extension', 'setup.md');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', guide);
  } catch {
    await vscode.window.showTextDocument(guide, { preview: false });
  }
}
