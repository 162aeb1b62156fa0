// A stand-in for the extension host, for the standalone page: it serves traces to the panel the way the host
// does (snapshot, numbered deltas, a snapshot again on resync) and records what the panel sends back.
import type { TraceEvent } from '../../common/events';
import { snapshotMessages, type HostToWebview, type WebviewToHost } from '../../common/protocol';
import type { ShownEnd } from '../../common/run-end';
import { toChromeTrace, toJsonl } from '../export';
import type { HostChannel } from '../vscode-api';

const STATE_KEY = 'socklab-panel-state';

export class FakeHost implements HostChannel {
  readonly sent: WebviewToHost[] = [];
  events: TraceEvent[] = [];
  session = 'standalone';
  title = '';
  n = 0;
  live = false;
  end: ShownEnd | undefined;
  lastExport: string | null = null;
  /** what to answer when the panel asks for a trace to compare */
  compareSource: (() => Promise<{ title: string; events: TraceEvent[] } | null>) | null = null;
  private handler: ((m: HostToWebview) => void) | null = null;

  post(msg: WebviewToHost): void {
    this.sent.push(msg);
    switch (msg.type) {
      case 'resync':
      case 'ready':
        if (this.title) this.sendSnapshot();
        break;
      case 'export':
        this.lastExport = msg.format === 'jsonl' ? toJsonl(this.events) : JSON.stringify(toChromeTrace(this.events, this.title));
        break;
      case 'pickCompare':
        void this.compareSource?.().then((o) => o && this.deliver({ type: 'compare', ...o }));
        break;
      case 'reveal':
        break;
    }
  }

  onMessage(handler: (m: HostToWebview) => void): void {
    this.handler = handler;
    // Like VS Code, messages arrive as window message events (structured-cloned).
    window.addEventListener('message', (ev: MessageEvent) => {
      const d = ev.data as { type?: unknown } | null;
      if (ev.source === window && d && typeof d.type === 'string') this.handler?.(d as HostToWebview);
    });
  }

  getState(): unknown {
    const s = sessionStorage.getItem(STATE_KEY);
    return s ? JSON.parse(s) : undefined;
  }

  setState(state: unknown): void {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
  }

  deliver(m: HostToWebview): void {
    window.postMessage(m, '*');
  }

  load(title: string, events: TraceEvent[], live = false, end?: ShownEnd): void {
    this.title = title;
    this.events = events.slice();
    this.n = 0;
    this.live = live;
    this.end = end ?? (live ? undefined : { code: 0 });
    this.session = `s${Date.now()}`;
    this.sendSnapshot();
  }

  /**
   * Posts the snapshot in parts, one per task, as a host in another process would: there the cloning happens
   * in the host, here it would otherwise all happen before the panel could draw anything.
   */
  sendSnapshot(events: readonly TraceEvent[] = this.events): void {
    const msgs = snapshotMessages(this, events);
    const next = () => {
      const m = msgs.shift();
      if (!m) return;
      this.deliver(m);
      if (msgs.length) setTimeout(next, 0);
    };
    next();
  }

  /** the next delta; `skip` numbers it one too high, as if one was lost */
  append(events: TraceEvent[], opts: { end?: ShownEnd; skip?: boolean } = {}): void {
    for (const e of events) this.events.push(e);
    this.n += opts.skip ? 2 : 1;
    if (opts.end) {
      this.live = false;
      this.end = opts.end;
    }
    this.deliver({ type: 'delta', session: this.session, n: this.n, events, end: opts.end });
  }
}

export function parseJsonl(text: string): TraceEvent[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TraceEvent);
}
