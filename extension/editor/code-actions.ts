// Quick Fixes for failed calls (see advice.ts): SO_REUSEADDR before a bind() that met EADDRINUSE, htons()
// for a port seen byte-swapped. Offered from the diagnostics of a finished run and, while a program still
// runs (a server whose bind() went to the wrong port keeps running), from the run's results at those lines.
// The edits come from quick-fix.ts.
import * as vscode from 'vscode';
import { meantPortOf } from './diagnostics';
import { htonsFix, reuseAddrFix, type Fix } from './quick-fix';
import type { RunResults } from '../run/run-results';

/** The advice codes that have a fix. */
const FIXABLE = new Set(['EADDRINUSE', 'htons']);

export class FailedCallFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly results: RunResults) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const text = doc.getText();
    const out = new Map<string, vscode.CodeAction>();
    // the port a byte-order problem meant travels with it; the run's port covers a diagnostic VS Code copied
    const offer = (code: string, line: number, column: number, meantPort: number | undefined, d?: vscode.Diagnostic) => {
      const fix = code === 'EADDRINUSE' ? reuseAddrFix(text, line, column)
        : code === 'htons' ? htonsFix(text, line, meantPort ?? this.results.port) : undefined;
      if (fix && !out.has(fix.title)) out.set(fix.title, this.action(doc, fix, d));
    };
    for (const d of context.diagnostics) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      if (d.source === 'Socket Lab' && typeof code === 'string') offer(code, d.range.start.line, d.range.start.character, meantPortOf(d), d);
    }
    if (doc.uri.scheme === 'file' && this.results.hasRun(doc.uri.fsPath)) {
      for (const r of this.results.forDocument(doc.uri.fsPath, text)) {
        if (r.call.line < range.start.line || r.call.line > range.end.line) continue;
        for (const a of r.advice) if (FIXABLE.has(a.code)) offer(a.code, r.call.line, r.call.column, a.meantPort);
      }
    }
    return [...out.values()];
  }

  private action(doc: vscode.TextDocument, fix: Fix, d: vscode.Diagnostic | undefined): vscode.CodeAction {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    if (d) a.diagnostics = [d];
    a.isPreferred = true;
    a.edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) a.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    return a;
  }
}
