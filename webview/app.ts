// The panel: takes the host's messages, keeps the trace and the filtered rows, owns the selection, and
// lays out the toolbar, the tabs (events, timeline, sequence, sockets, compare) and the details pane.
import type { TraceEvent } from '../common/events';
import { assertNever, type HostToWebview } from '../common/protocol';
import { analyseTrace, type TraceModel } from '../common/trace-model';
import { keepMutedReadable } from './contrast';
import type { PanelContext, View } from './context';
import { h } from './dom';
import { filterEvents, IndexList, SearchText } from './filter';
import { restoreState, TABS, type Filters, type Tab, type UiState } from './state';
import { TraceReplica } from './trace-replica';
import { Toolbar } from './toolbar';
import type { HostChannel } from './vscode-api';
import { CompareView } from './views/compare';
import { DetailsPane } from './views/details';
import { EventList } from './views/list';
import { SequenceView } from './views/sequence';
import { SocketsView } from './views/sockets';
import { Timeline } from './views/timeline';

// Search text for this many events is made ahead, while idle; past it (~100 bytes a line) it is made on demand.
const WARM_SEARCH_MAX = 300_000;

const TAB_NAMES: Record<Tab, string> = { events: 'Events', timeline: 'Timeline', sequence: 'Sequence', sockets: 'Sockets', compare: 'Compare' };

export class Panel implements PanelContext {
  readonly trace = new TraceReplica();
  private ui: UiState;
  private rows: IndexList | null = null;
  private version = 0;
  private sel = -1;
  private cur: { file: string; line: number } | null = null;
  private cached: TraceModel | null = null;
  private readonly search = new SearchText();
  private readonly pids = new Set<number>();
  /** a thread other than a process's first made a call: the pid column shows pid/tid */
  private threads = false;
  private readonly names = new Set<string>();
  private readonly views: Record<Tab, View>;
  private readonly compare: CompareView;
  private readonly details: DetailsPane;
  private readonly toolbar: Toolbar;
  private readonly tabButtons = new Map<Tab, HTMLButtonElement>();
  private readonly viewHost: HTMLElement;
  private readonly status: HTMLElement;
  private frame = 0;
  private warming = false;
  private revealTimer = 0;
  private saveTimer = 0;

  constructor(private readonly host: HostChannel, root: HTMLElement) {
    this.ui = restoreState(host.getState());
    this.toolbar = new Toolbar({
      change: (f) => this.setFilters(f),
      wantSockets: () => this.toolbar.setSockets(this.model().sockets),
      exportAs: (format) => host.post({ type: 'export', format }),
    });
    this.compare = new CompareView(this, () => host.post({ type: 'pickCompare' }));
    this.views = {
      events: new EventList(this, this.ui.columns, () => this.save()),
      timeline: new Timeline(this, this.ui.timeline, (v) => { this.ui.timeline = v; this.save(); }),
      sequence: new SequenceView(this),
      sockets: new SocketsView(this),
      compare: this.compare,
    };
    this.details = new DetailsPane(this);
    const tabs = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Views' }, on: { keydown: (ev) => this.tabKey(ev) } });
    for (const t of TABS) {
      const b = h('button', {
        text: TAB_NAMES[t],
        attrs: { role: 'tab', id: `tab-${t}`, 'aria-controls': 'view', 'data-tab': t },
        on: { click: () => this.setTab(t, true) },
      });
      this.tabButtons.set(t, b);
      tabs.append(b);
    }
    this.viewHost = h('section', { class: 'view-host', attrs: { id: 'view', role: 'tabpanel' } });
    this.status = h('footer', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
    root.append(this.toolbar.el, tabs, h('div', { class: 'body' }, this.viewHost, this.details.el), this.status);
    document.addEventListener('keydown', (ev) => this.globalKey(ev));
    keepMutedReadable(() => this.schedule());
    this.toolbar.show(this.ui.filters);
    this.setTab(this.ui.tab, false);
    host.onMessage((m) => this.receive(m));
    host.post({ type: 'ready' });
  }

  // ---- PanelContext ----
  rowCount(): number {
    return this.rows ? this.rows.length : this.trace.events.length;
  }
  rowEvent(k: number): number {
    return this.rows ? this.rows.at(k) : k;
  }
  rowOf(i: number): number {
    if (i < 0) return -1;
    if (!this.rows) return i < this.trace.events.length ? i : -1;
    const k = this.rows.lowerBound(i);
    return k < this.rows.length && this.rows.at(k) === i ? k : -1;
  }
  rowsVersion(): number {
    return this.version;
  }
  selected(): number {
    return this.sel;
  }
  cursor(): { file: string; line: number } | null {
    return this.cur;
  }
  model(): TraceModel {
    return (this.cached ??= analyseTrace(this.trace.events));
  }
  setSocketFilter(id: number | null): void {
    this.toolbar.setSockets(this.model().sockets);
    this.setFilters({ sock: id });
    if (id !== null) this.setTab('events', false);
  }

  /** `quiet`: the host asked for this selection, so its source line is not revealed back to it */
  select(i: number, opts: { reveal?: boolean; quiet?: boolean } = {}): void {
    const e = this.trace.events[i];
    if (!e) return;
    this.sel = i;
    this.ui.selected = e.type === 'syscall' ? e.seq : null;
    this.save();
    this.views[this.ui.tab].reveal();
    this.details.render();
    clearTimeout(this.revealTimer);
    if (e.type === 'syscall' && e.site && !opts.quiet) {
      const msg = { type: 'reveal' as const, seq: e.seq, site: e.site };
      if (opts.reveal) this.host.post(msg);
      else this.revealTimer = window.setTimeout(() => this.host.post(msg), 150);
    }
  }

  // ---- host messages ----
  private receive(m: HostToWebview): void {
    switch (m.type) {
      case 'snapshot':
        this.trace.snapshot(m.session, m.title, m.events, m.n, m.live, m.end, m.total);
        this.reset();
        // draw now rather than at the next frame: the snapshot's other parts may keep the next frame waiting
        this.render();
        break;
      case 'snapshotPart': {
        const from = this.trace.events.length;
        if (this.trace.part(m.session, m.events)) this.ingest(from);
        break;
      }
      case 'delta': {
        const from = this.trace.events.length;
        const r = this.trace.delta(m.session, m.n, m.events, m.end);
        if (r === 'gap') this.host.post({ type: 'resync', session: this.trace.session, have: this.trace.n });
        else if (r === 'appended') this.ingest(from);
        break;
      }
      case 'compare':
        this.compare.setOther({ title: m.title, events: m.events });
        this.setTab('compare', false);
        break;
      case 'clearCompare':
        this.compare.setOther(null);
        break;
      case 'cursor':
        this.cur = { file: m.file, line: m.line };
        break;
      case 'showLine':
        this.showLine(m.file, m.line);
        break;
      default:
        assertNever(m);
    }
    this.schedule();
  }

  /** a line's events: highlighted, the first shown (among the filtered rows if there) selected and in sight */
  private showLine(file: string, line: number): void {
    this.cur = { file, line };
    const ev = this.trace.events;
    const at = (i: number) => {
      const e = ev[i];
      return e.type === 'syscall' && e.site?.line === line && e.site.file === file;
    };
    let first = -1;
    for (let k = 0; k < this.rowCount() && first < 0; k++) if (at(this.rowEvent(k))) first = this.rowEvent(k);
    for (let i = 0; i < ev.length && first < 0; i++) if (at(i)) first = i;
    if (first < 0) return;
    // the views that list calls can show the selection; the sockets and compare tabs cannot
    if (this.ui.tab === 'sockets' || this.ui.tab === 'compare') this.setTab('events', false);
    this.select(first, { quiet: true });
  }

  /** a new trace: recompute everything, and find the selection again by its seq */
  private reset(): void {
    this.pids.clear();
    this.threads = false;
    this.names.clear();
    this.search.reset();
    this.cached = null;
    this.rows = null;
    this.sel = this.ui.selected !== null ? this.trace.indexOfSeq(this.ui.selected) : -1;
    this.ingest(0);
    if (this.sel >= 0) this.views[this.ui.tab].reveal();
  }

  /** events from index `from` on are new */
  private ingest(from: number): void {
    const ev = this.trace.events;
    const np = this.pids.size, nn = this.names.size, nt = this.threads;
    for (let i = from; i < ev.length; i++) {
      const e = ev[i];
      this.pids.add(e.pid);
      if (e.type === 'syscall') {
        this.names.add(e.name);
        if (e.tid !== e.pid) this.threads = true;
      }
    }
    if (this.pids.size !== np || from === 0) this.toolbar.setProcesses([...this.pids].sort((a, b) => a - b));
    if (this.pids.size !== np || this.threads !== nt || from === 0) (this.views.events as EventList).showPids(this.pids.size > 1 || this.threads);
    if (this.names.size !== nn || from === 0) this.toolbar.setNames([...this.names]);
    this.cached = null;
    const f = this.ui.filters;
    if (from === 0 || !this.rows) this.rows = filterEvents(ev, f, this.onSocket(), this.search);
    else filterEvents(ev, f, this.onSocket(), this.search, from, this.rows);
    this.version++;
    // picker options may have arrived after the restored filters were shown
    if (from === 0) this.toolbar.show(f);
    if (!this.trace.loading()) this.warmSearch();
  }

  /** the socket filter's test: the event acted on the socket, or made it (accept, socketpair) */
  private onSocket(): ((i: number) => boolean) | null {
    const id = this.ui.filters.sock;
    if (id === null) return null;
    const m = this.model();
    const created = m.sockets[id]?.created;
    return (i) => m.eventSock[i] === id || i === created;
  }

  setFilters(change: Partial<Filters>): void {
    this.ui.filters = { ...this.ui.filters, ...change };
    const f = this.ui.filters;
    this.rows = filterEvents(this.trace.events, f, this.onSocket(), this.search);
    this.version++;
    this.toolbar.show(f);
    this.save();
    this.views[this.ui.tab].reveal();
    this.schedule();
  }

  private setTab(t: Tab, focus: boolean): void {
    this.ui.tab = t;
    for (const [k, b] of this.tabButtons) {
      const on = k === t;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
    }
    this.viewHost.setAttribute('aria-labelledby', `tab-${t}`);
    const el = this.views[t].el;
    if (this.viewHost.firstChild !== el) this.viewHost.replaceChildren(el);
    this.save();
    this.views[t].reveal();
    if (focus) this.views[t].focus();
  }

  private tabKey(ev: KeyboardEvent): void {
    const k = TABS.indexOf(this.ui.tab);
    const to = ev.key === 'ArrowRight' ? k + 1 : ev.key === 'ArrowLeft' ? k - 1 : ev.key === 'Home' ? 0 : ev.key === 'End' ? TABS.length - 1 : -2;
    if (to === -2) return;
    ev.preventDefault();
    const t = TABS[(to + TABS.length) % TABS.length];
    this.setTab(t, false);
    this.tabButtons.get(t)?.focus();
  }

  private globalKey(ev: KeyboardEvent): void {
    const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
    if ((ev.key === '/' && !typing) || (ev.key === 'f' && (ev.ctrlKey || ev.metaKey))) {
      ev.preventDefault();
      this.toolbar.search.focus();
    } else if (ev.altKey && ev.key >= '1' && ev.key <= String(TABS.length)) {
      ev.preventDefault();
      this.setTab(TABS[Number(ev.key) - 1], true);
    }
  }

  private warmSearch(): void {
    if (this.warming || this.trace.events.length > WARM_SEARCH_MAX) return;
    this.warming = true;
    const idle = (fn: (d: { timeRemaining(): number }) => void) =>
      typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(() => fn({ timeRemaining: () => 10 }), 0);
    const step = (d: { timeRemaining(): number }) => {
      const ev = this.trace.events;
      if (this.search.warm(ev, ev.length, d)) this.warming = false;
      else idle(step);
    };
    idle(step);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** draws now; the first paint after a snapshot needs only this */
  render(): void {
    this.views[this.ui.tab].render();
    this.details.render();
    const s = this.trace, total = s.events.length;
    const state = s.live ? 'live' : s.end ? (s.end.stopped ? 'stopped' : s.end.signal ? `killed by ${s.end.signal}` : `exited with ${s.end.code ?? '?'}`) : 'finished';
    const count = s.loading() ? `loading ${total} of ${s.total} events` : `${total} events`;
    this.status.textContent = `${s.title || 'No trace yet'} · ${count}${this.rows ? ` · ${this.rows.length} shown` : ''} · ${state}`;
    this.status.classList.toggle('live', s.live);
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.host.setState(this.ui), 100);
  }

  /** the events the host sent, for tests and the standalone page */
  get events(): readonly TraceEvent[] {
    return this.trace.events;
  }
}
