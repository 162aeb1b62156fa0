// Quick Fixes for the diagnostics of failed calls (see advice.ts): the edits come from quick-fix.ts.
import * as vscode from 'vscode';
import { htonsFix, meantPortOf, reuseAddrFix, type Fix } from './quick-fix';
import type { RunResults } from './run-results';

export class FailedCallFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly results: RunResults) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'Socket Lab') continue;
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      const fix = code === 'EADDRINUSE'
        ? reuseAddrFix(doc.getText(), d.range.start.line, d.range.start.character)
        : code === 'htons' ? htonsFix(doc.getText(), d.range.start.line, this.results.port ?? meantPortOf(d.message)) : undefined;
      if (fix) out.push(this.action(doc, d, fix));
    }
    return out;
  }

  private action(doc: vscode.TextDocument, d: vscode.Diagnostic, fix: Fix): vscode.CodeAction {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.diagnostics = [d];
    a.isPreferred = true;
    a.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) a.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    return a;
  }
}
