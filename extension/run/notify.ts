// Shows a UserMessage with its button (settings, or the page on running under WSL/Remote).
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { UserMessage } from './messages';

const REMOTE_DOCS = 'https://code.visualstudio.com/docs/remote/remote-overview';

export function showUserMessage(ctx: Ctx, m: UserMessage, level: 'error' | 'warning'): void {
  ctx.output.appendLine(m.text);
  const button = m.action === 'openSettings' ? 'Open Settings' : m.action === 'remoteDocs' ? 'About WSL and Remote' : undefined;
  const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(`Socket Lab: ${m.text}`, ...(button ? [button] : [])).then((b) => {
    if (b === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'socketLab');
    else if (b === 'About WSL and Remote') void vscode.env.openExternal(vscode.Uri.parse(REMOTE_DOCS));
  });
}
