// The trace panel on the host side: a WebviewPanel beside the code, loading dist/webview/panel.html with a
// strict CSP and a fresh nonce; sends the feed's snapshot when the panel (re)loads and deltas as events
// arrive, and a line to show once its page is ready; validates every message from the panel before acting on it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TraceEvent } from '../../common/events';
import { assertNever, parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../common/protocol';
import { fillPanelHtml, makeNonce } from '../../webview/html';
import type { Ctx } from '../ctx';
import { isSourceDoc } from '../run/languages';
import { TraceFeed } from './trace-feed';

export const PANEL_VIEW_TYPE = 'socketLab.trace';
/** How often new events go to the panel while a program runs: often enough to look live. */
const FLUSH_MS = 60;

export interface PanelHost {
  reveal(site: { file: string; line: number }): void;
  exportTrace(format: 'jsonl' | 'chrome'): void;
  pickCompare(): Promise<{ title: string; events: TraceEvent[] } | undefined>;
}

export class TracePanel {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private timer: NodeJS.Timeout | undefined;
  /** a source line whose events the panel should select, sent once its page says it is ready */
  private wanted: { file: string; line: number } | undefined;

  constructor(private readonly ctx: Ctx, readonly feed: TraceFeed, private readonly host: PanelHost) {
    ctx.pushExtCleanup({ dispose: () => this.dispose() });
  }

  /** Shows the panel beside the editor (creating it when needed) without taking the focus. */
  show(preserveFocus = true): void {
    if (this.panel) {
      // where it is, unless that would cover the code being run: a file opened in the panel's group
      const code = codeColumn();
      this.panel.reveal(code !== undefined && code === this.panel.viewColumn ? besideCode() : undefined, preserveFocus);
      return;
    }
    const root = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Socket Lab Trace', { viewColumn: besideCode(), preserveFocus }, {
      enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false,
    });
    this.adopt(panel);
  }

  /** Takes over a panel, a new one or one VS Code restores after a reload. */
  adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extensionUri, 'extension', 'icon.svg');
    const root = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = this.html(panel.webview, root);
    const subs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // a hidden panel loses its page (retainContextWhenHidden is off); it says 'ready' again when shown
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
        this.wanted = undefined;
      }
    });
  }

  get visible(): boolean {
    return !!this.panel;
  }

  /** Called when events arrive: they are sent in one delta at the next flush. */
  scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_MS);
  }

  flush(): void {
    for (;;) {
      const d = this.feed.takeDelta();
      if (!d) break;
      if (this.ready) this.post(d);
    }
  }

  /** A new session: the panel gets a fresh snapshot. */
  sendSnapshot(): void {
    if (!this.ready) return;
    for (const m of this.feed.snapshot()) this.post(m);
  }

  cursor(file: string, line: number): void {
    if (this.ready) this.post({ type: 'cursor', file, line });
  }

  /** Selects a source line's events and scrolls to them: now, or when a (re)loading panel is ready. */
  showLine(file: string, line: number): void {
    this.wanted = { file, line };
    if (this.ready) this.sendWanted();
  }

  private sendWanted(): void {
    if (!this.wanted) return;
    this.post({ type: 'showLine', ...this.wanted });
    this.wanted = undefined;
  }

  private post(m: HostToWebview): void {
    void this.panel?.webview.postMessage(m);
  }

  private html(webview: vscode.Webview, root: vscode.Uri): string {
    const template = fs.readFileSync(vscode.Uri.joinPath(root, 'panel.html').fsPath, 'utf8');
    return fillPanelHtml(template, {
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css')).toString(),
    });
  }

  private receive(raw: unknown): void {
    const m: WebviewToHost | undefined = parseWebviewMessage(raw);
    if (!m) {
      this.ctx.output.warn(`ignored a malformed message from the trace panel`);
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.flush();
        this.sendSnapshot();
        // after the snapshot: the page has every event of the line by then
        this.sendWanted();
        return;
      case 'resync':
        this.sendSnapshot();
        return;
      case 'reveal':
        this.host.reveal(m.site);
        return;
      case 'export':
        this.host.exportTrace(m.format);
        return;
      case 'pickCompare':
        void this.host.pickCompare().then((c) => {
          if (c) this.post({ type: 'compare', title: c.title, events: c.events });
        });
        return;
      default:
        assertNever(m);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
  }
}

/** The editor group of the C or C++ file being worked on: the active editor's, or a visible source file's. */
function codeColumn(): vscode.ViewColumn | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && isSourceDoc(active.document)) return active.viewColumn;
  return vscode.window.visibleTextEditors.find((e) => isSourceDoc(e.document))?.viewColumn ?? active?.viewColumn;
}

/**
 * Where the panel goes so that it sits beside the code at a usable width: the group right of the code's, else
 * the one left of it; a new group beside the code only when the code's group is the only one (ViewColumn.Beside
 * of a rightmost group would add a third, narrow one).
 */
function besideCode(): vscode.ViewColumn {
  const code = codeColumn();
  const columns = vscode.window.tabGroups.all.map((g) => g.viewColumn).sort((a, b) => a - b);
  if (code === undefined || columns.length < 2) return vscode.ViewColumn.Beside;
  return columns.find((c) => c > code) ?? columns.filter((c) => c < code).pop() ?? vscode.ViewColumn.Beside;
}
