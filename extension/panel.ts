// The trace panel on the host side: a WebviewPanel beside the code, loading dist/webview/panel.html with a
// strict CSP and a fresh nonce; sends the store's snapshot when the panel (re)loads and deltas as events
// arrive; validates every message from the panel before acting on it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TraceEvent } from '../common/events';
import { assertNever, parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../common/protocol';
import { fillPanelHtml, makeNonce } from '../webview/html';
import type { Ctx } from './ctx';
import { TraceStore } from './trace-store';

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

  constructor(private readonly ctx: Ctx, readonly store: TraceStore, private readonly host: PanelHost) {
    ctx.pushExtCleanup({ dispose: () => this.dispose() });
  }

  /** Shows the panel beside the editor (creating it when needed) without taking the focus. */
  show(preserveFocus = true): void {
    if (this.panel) {
      // where it is, unless that would cover the code being run: a file opened in the panel's group
      const code = vscode.window.activeTextEditor?.viewColumn;
      this.panel.reveal(code !== undefined && code === this.panel.viewColumn ? vscode.ViewColumn.Beside : undefined, preserveFocus);
      return;
    }
    const root = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Socket Lab Trace', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
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
      const d = this.store.takeDelta();
      if (!d) break;
      if (this.ready) this.post(d);
    }
  }

  /** A new session: the panel gets a fresh snapshot. */
  sendSnapshot(): void {
    if (!this.ready) return;
    for (const m of this.store.snapshot()) this.post(m);
  }

  cursor(file: string, line: number): void {
    if (this.ready) this.post({ type: 'cursor', file, line });
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
