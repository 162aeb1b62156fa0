// The extension's state in one object, with its two cleanup scopes: what lives as long as the extension
// (commands, providers, the output channel) and what lives as long as one traced run (the process, its
// terminal, its listeners). Ending a session disposes only the second.
import * as vscode from 'vscode';
import { readSettings, type Settings } from './settings';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly status: vscode.StatusBarItem;
  private readonly extCleanup: vscode.Disposable[] = [];
  private sessionCleanup: vscode.Disposable[] = [];
  private readonly sessionChanged = new vscode.EventEmitter<void>();
  /** fires when a session starts or ends */
  readonly onSessionChanged = this.sessionChanged.event;

  constructor(readonly ext: vscode.ExtensionContext) {
    this.output = this.pushExtCleanup(vscode.window.createOutputChannel('Socket Lab', { log: true }));
    this.status = this.pushExtCleanup(vscode.window.createStatusBarItem('socketLab.status', vscode.StatusBarAlignment.Left, 50));
    this.status.name = 'Socket Lab';
    this.pushExtCleanup(this.sessionChanged);
    ext.subscriptions.push(this);
  }

  /** Keeps `d` until the extension deactivates; returns it, so registration and cleanup are one statement. */
  pushExtCleanup<T extends vscode.Disposable>(d: T): T {
    this.extCleanup.push(d);
    return d;
  }

  /** Keeps `d` until the current trace session ends. */
  pushSessionCleanup<T extends vscode.Disposable>(d: T): T {
    this.sessionCleanup.push(d);
    return d;
  }

  /** Ends the current session's scope: every process, listener and timer it registered. */
  endSessionScope(): void {
    const list = this.sessionCleanup;
    this.sessionCleanup = [];
    for (const d of list.reverse()) {
      try {
        d.dispose();
      } catch (e) {
        this.output.error(`cleanup failed: ${String(e)}`);
      }
    }
    this.sessionChanged.fire();
  }

  notifySessionChanged(): void {
    this.sessionChanged.fire();
  }

  settings(scope?: vscode.Uri): Settings {
    const cfg = vscode.workspace.getConfiguration('socketLab', scope);
    return readSettings((k) => cfg.get(k));
  }

  get extensionUri(): vscode.Uri {
    return this.ext.extensionUri;
  }

  dispose(): void {
    this.endSessionScope();
    for (const d of this.extCleanup.reverse()) {
      try {
        d.dispose();
      } catch { /* shutting down */ }
    }
    this.extCleanup.length = 0;
  }
}
