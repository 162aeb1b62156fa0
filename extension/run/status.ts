// The status bar item: what Socket Lab is doing, and the one-click action for it (run, or stop).
import * as vscode from 'vscode';
import { COMMANDS } from '../command-ids';

export type StatusState =
  | { kind: 'idle' }
  | { kind: 'compiling'; name: string }
  | { kind: 'compileFailed' }
  | { kind: 'running'; name: string; events: number }
  | { kind: 'ended'; name: string; text: string; events: number }
  | { kind: 'grading'; lab: string };

export class StatusBar {
  private lastShown = 0;
  /** the last running count of a burst, shown once the burst's quarter second is over */
  private trailing: NodeJS.Timeout | undefined;

  constructor(private readonly item: vscode.StatusBarItem) {
    this.show({ kind: 'idle' });
    item.show();
  }

  show(s: StatusState): void {
    const item = this.item;
    // running updates come with every batch; a few a second is plenty, but the last one must be shown
    const wait = 250 - (Date.now() - this.lastShown);
    if (s.kind === 'running' && s.events > 0 && wait > 0) {
      clearTimeout(this.trailing);
      this.trailing = setTimeout(() => { this.trailing = undefined; this.show(s); }, wait);
      return;
    }
    clearTimeout(this.trailing);
    this.trailing = undefined;
    this.lastShown = Date.now();
    item.backgroundColor = undefined;
    switch (s.kind) {
      case 'idle':
        item.text = '$(play) Socket Lab';
        item.tooltip = 'Socket Lab: Run and Trace the active C file';
        item.command = COMMANDS.runAndTrace;
        break;
      case 'compiling':
        item.text = `$(loading~spin) Compiling ${s.name}`;
        item.tooltip = undefined;
        item.command = undefined;
        break;
      case 'compileFailed':
        item.text = '$(error) Socket Lab: compile errors';
        item.tooltip = 'The program did not compile: see the Problems view. Click to run again.';
        item.command = COMMANDS.runAndTrace;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'running':
        item.text = `$(debug-stop) ${s.name}: ${s.events} events`;
        item.tooltip = `Socket Lab is tracing ${s.name}. Click to stop it.`;
        item.command = COMMANDS.stop;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'ended':
        item.text = `$(play) ${s.name} ${s.text} · ${s.events} events`;
        item.tooltip = 'Socket Lab: click to run and trace again';
        item.command = COMMANDS.runAndTrace;
        break;
      case 'grading':
        item.text = `$(loading~spin) Grading ${s.lab}`;
        item.tooltip = undefined;
        item.command = undefined;
        break;
    }
  }
}
