// CodeLens above each socket call: before a run, what the call does; after a run, what happened at that
// line. Clicking a result shows the trace panel with that line's events highlighted.
import * as vscode from 'vscode';
import { COMMANDS } from '../command-ids';
import { CALL_DOCS } from '../../common/teaching';
import type { RunResults } from '../run/run-results';

export class SocketCallLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly results: RunResults) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const file = doc.uri.fsPath;
    const ran = this.results.hasRun(file);
    const lenses: vscode.CodeLens[] = [];
    for (const r of this.results.forDocument(file, doc.getText())) {
      const range = new vscode.Range(r.call.line, r.call.column, r.call.line, r.call.column + r.call.name.length);
      if (r.text) {
        lenses.push(new vscode.CodeLens(range, {
          title: r.text,
          tooltip: `${r.events.length} call${r.events.length === 1 ? '' : 's'} at this line in the last run${r.waiting ? ', and the program is waiting in one now' : ''}: show them in the trace panel`,
          command: COMMANDS.showTracePanel,
          arguments: [file, r.call.line + 1],
        }));
      } else if (ran) {
        const when = this.results.live ? 'yet' : this.results.calls === 0 ? 'in the last run, which made no socket call at all' : 'in the last run';
        lenses.push(new vscode.CodeLens(range, { title: `${r.call.name}(): not reached ${when}`, command: '' }));
      } else {
        const help = CALL_DOCS[r.call.name]?.lens;
        if (help) lenses.push(new vscode.CodeLens(range, { title: `${r.call.name}(): ${help}`, command: '' }));
      }
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
