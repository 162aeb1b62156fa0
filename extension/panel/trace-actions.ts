// What the panel and the commands ask of the host: reveal a call's source line, export the trace (JSONL, or
// Chrome trace-event JSON for Perfetto), and load a saved JSONL trace to compare with.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TraceEvent } from '../../common/events';
import { toChromeTrace, toJsonl } from '../../webview/export';
import type { PanelHost } from './panel';
import type { TraceFeed } from './trace-feed';

export class TraceActions implements PanelHost {
  constructor(private readonly feed: TraceFeed, private readonly cwd: () => string | undefined) {}

  reveal(site: { file: string; line: number }): void {
    const file = path.isAbsolute(site.file) ? site.file : path.resolve(this.cwd() ?? '.', site.file);
    if (!fs.existsSync(file)) return;
    const pos = new vscode.Position(Math.max(0, site.line - 1), 0);
    void vscode.window.showTextDocument(vscode.Uri.file(file), {
      viewColumn: columnFor(file), preserveFocus: false, selection: new vscode.Range(pos, pos),
    });
  }

  async exportTrace(format?: 'jsonl' | 'chrome'): Promise<void> {
    if (this.feed.count === 0) {
      void vscode.window.showInformationMessage('There is no trace to export yet: Run and Trace a program first.');
      return;
    }
    const chosen = format ?? (await vscode.window.showQuickPick([
      { label: 'JSONL', description: 'one event per line, as socklab trace --format jsonl writes', format: 'jsonl' as const },
      { label: 'Chrome trace (Perfetto)', description: 'opens in ui.perfetto.dev and chrome://tracing', format: 'chrome' as const },
    ], { placeHolder: 'Export the trace as' }))?.format;
    if (!chosen) return;
    const base = this.cwd() ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.';
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(base, chosen === 'jsonl' ? 'trace.jsonl' : 'trace.json')),
      filters: chosen === 'jsonl' ? { 'JSON lines': ['jsonl'] } : { 'Chrome trace': ['json'] },
    });
    if (!uri) return;
    const events = this.feed.all();
    const text = chosen === 'jsonl' ? toJsonl(events) : JSON.stringify(toChromeTrace(events, this.feed.title));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Saved ${events.length} events to ${uri.fsPath}.`);
  }

  async pickCompare(): Promise<{ title: string; events: TraceEvent[] } | undefined> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'JSON lines': ['jsonl'] }, openLabel: 'Compare with this trace' });
    if (!picked?.[0]) return undefined;
    const text = Buffer.from(await vscode.workspace.fs.readFile(picked[0])).toString('utf8');
    const events: TraceEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as TraceEvent;
        if (e && typeof e === 'object' && typeof e.type === 'string') events.push(e);
      } catch { /* a line that is not JSON: skipped */ }
    }
    return { title: path.basename(picked[0].fsPath), events };
  }
}

/** Where to show a source file so that it does not cover the panel: a group that shows it already, else one
 * that has it open and does not show a webview (the panel), else the first that does not. */
function columnFor(file: string): vscode.ViewColumn {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file)?.viewColumn;
  if (shown !== undefined) return shown;
  const free = vscode.window.tabGroups.all.filter((g) => !(g.activeTab?.input instanceof vscode.TabInputWebview));
  const open = free.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === file));
  return (open ?? free[0])?.viewColumn ?? vscode.ViewColumn.One;
}
