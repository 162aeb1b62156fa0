// The sockets view: each socket's life (created, bound, listening or connected, shut down, closed), its
// addresses and the fds (in which processes) that referred to it.
import type { SocketLife } from '../../common/trace-model';
import type { PanelContext, View } from '../context';
import { clear, h } from '../dom';
import { addrText, eventRef } from './details';

export class SocketsView implements View {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private key = '';

  constructor(private readonly p: PanelContext) {
    this.body = h('tbody');
    const head = h('thead', {}, h('tr', {}, ...['Socket', 'Kind', 'Local', 'Peer', 'Life', 'File descriptors', 'Calls', ''].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
    const table = h('table', { class: 'sockets', attrs: { 'aria-label': 'Sockets and their lives' } }, head, this.body);
    this.el = h('div', { class: 'view sockets-view', on: { keydown: (ev) => this.keydown(ev) } }, table);
  }

  focus(): void {
    (this.body.querySelector('button') as HTMLElement | null)?.focus();
  }

  reveal(): void {
    this.render();
    this.body.querySelector('tr.current')?.scrollIntoView({ block: 'nearest' });
  }

  render(): void {
    if (!this.el.isConnected) return;
    const m = this.p.model();
    const sel = this.p.selected();
    const cur = sel >= 0 ? m.eventSock[sel] : -1;
    const key = `${this.p.trace.generation}:${this.p.trace.events.length}:${cur}`;
    if (key === this.key) return;
    this.key = key;
    clear(this.body);
    if (!m.sockets.length) {
      this.body.append(h('tr', {}, h('td', { text: 'No sockets in this trace yet.', attrs: { colspan: 8 } })));
      return;
    }
    for (const s of m.sockets) this.body.append(this.row(s, s.id === cur));
  }

  private step(label: string, at: number | undefined): HTMLElement | string {
    if (at === undefined) return label;
    return h('button', { class: 'link step', text: `${label} ${eventRef(this.p.trace.events, at)}`, attrs: { title: `Select the ${label} call` }, on: { click: () => this.p.select(at) } });
  }

  private row(s: SocketLife, current: boolean): HTMLTableRowElement {
    const life = h('td', { class: 'life' });
    const steps: (HTMLElement | string)[] = [];
    steps.push(s.origin === 'inherited' ? 'inherited' : this.step(s.origin === 'accept' ? 'accepted' : s.origin === 'socketpair' ? 'socketpair' : 'created', s.created));
    if (s.bound) steps.push(this.step('bound', s.bound.at));
    if (s.listening !== undefined) steps.push(this.step('listening', s.listening));
    if (s.connected) steps.push(this.step('connected', s.connected.at));
    if (s.shutdown) steps.push(this.step(`shut down (${s.shutdown.how})`, s.shutdown.at));
    steps.push(s.closed !== undefined ? this.step('closed', s.closed) : 'open');
    steps.forEach((st, k) => {
      if (k) life.append(' → ');
      life.append(st);
    });
    const ev = this.p.trace.events;
    const fds = s.fds.map((r) => `pid ${r.pid}: fd ${r.fd} (${eventRef(ev, r.from)}–${eventRef(ev, r.to)})`).join('\n');
    return h('tr', { class: current ? 'current' : '', attrs: { 'data-sock': s.id, 'aria-current': current ? 'true' : undefined } },
      h('td', { text: s.inode !== undefined ? `socket:[${s.inode}]` : `#${s.id}` }),
      h('td', { text: `${s.family ?? '?'} ${(s.type ?? '?').replace(/\|/g, ' | ')}` }),
      h('td', { text: addrText(s.local ?? s.bound?.addr) }),
      h('td', { text: addrText(s.peer ?? s.connected?.addr) }),
      life,
      h('td', { class: 'fds', text: fds }),
      h('td', { text: String(s.events.length) }),
      h('td', {}, h('button', { text: 'Filter', attrs: { 'aria-label': `Show only the events of socket ${s.inode ?? s.id}` }, on: { click: () => this.p.setSocketFilter(s.id) } })),
    );
  }

  /** up and down move between rows, keeping the same column of buttons */
  private keydown(ev: KeyboardEvent): void {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const btn = document.activeElement as HTMLElement | null;
    const tr = btn?.closest('tr');
    if (!btn || !tr) return;
    const next = (ev.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
    const target = next?.querySelector('button');
    if (target) {
      ev.preventDefault();
      target.focus();
    }
  }
}
