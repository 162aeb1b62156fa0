// Compare mode: a second trace beside this one, aligned process by process, with the first divergence marked.
import type { TraceEvent } from '../../common/events';
import type { PanelContext, View } from '../context';
import { compareTraces, type Comparison } from '../compare-model';
import { clear, h } from '../dom';

const WINDOW = 400;

export class CompareView implements View {
  readonly el: HTMLElement;
  private other: { title: string; events: TraceEvent[] } | null = null;
  private key = '';
  private proc: string | null = null;
  private cmp: { key: string; r: Comparison } | null = null;

  constructor(private readonly p: PanelContext, private readonly pick: () => void) {
    this.el = h('div', { class: 'view compare', attrs: { tabindex: 0 } });
  }

  setOther(o: { title: string; events: TraceEvent[] } | null): void {
    this.other = o;
    this.key = '';
    this.proc = null;
    this.cmp = null;
  }

  focus(): void {
    (this.el.querySelector('button') as HTMLElement | null ?? this.el).focus();
  }

  reveal(): void {
    this.render();
  }

  render(): void {
    if (!this.el.isConnected) return;
    const key = `${this.p.trace.generation}:${this.p.trace.events.length}:${this.proc}:${this.p.selected()}`;
    if (key === this.key) return;
    this.key = key;
    clear(this.el);
    const open = h('button', { text: this.other ? 'Compare with another trace…' : 'Open a trace to compare…', on: { click: this.pick } });
    if (!this.other) {
      this.el.append(h('p', { text: 'Open a second trace (for example the lab’s reference run) to see where the two runs first make different calls. Pids, fds and ephemeral ports are normalised.' }), open);
      return;
    }
    const ck = `${this.p.trace.generation}:${this.p.trace.events.length}`;
    if (this.cmp?.key !== ck) this.cmp = { key: ck, r: compareTraces(this.p.trace.events, this.other.events) };
    const r = this.cmp.r;
    const d = r.divergence;
    const banner = h('div', { class: `cmp-banner ${d ? 'diverged' : 'same'}`, attrs: { role: 'status' } });
    if (!d) banner.textContent = `Same calls as “${this.other.title}” (pids, fds and ephemeral ports normalised).`;
    else {
      const pa = r.a.get(d.label)?.pid, pb = r.b.get(d.label)?.pid;
      banner.append(h('strong', { text: `First divergence: process ${d.label} (pid ${pa ?? '–'} here, ${pb ?? '–'} in “${this.other.title}”), call ${d.at + 1}` }),
        h('div', { class: 'cmp-line', text: `this trace:  ${d.a?.text ?? '(no more calls)'}` }),
        h('div', { class: 'cmp-line', text: `other trace: ${d.b?.text ?? '(no more calls)'}` }));
    }
    const labels = [...new Set([...r.a.keys(), ...r.b.keys()])];
    const current = this.proc ?? d?.label ?? labels[0];
    const tabs = h('div', { class: 'cmp-procs', attrs: { role: 'group', 'aria-label': 'Process to compare' } },
      ...labels.map((l) => h('button', {
        text: `${l}${d?.label === l ? ' ≠' : ''}`, class: l === current ? 'on' : '',
        attrs: { 'aria-pressed': l === current ? 'true' : 'false' },
        on: { click: () => { this.proc = l; this.render(); } },
      })));
    this.el.append(banner, h('div', { class: 'cmp-tools' }, tabs, open), this.table(r, current, d?.label === current ? d.at : -1));
  }

  private table(r: Comparison, label: string, at: number): HTMLElement {
    const la = r.a.get(label)?.lines ?? [], lb = r.b.get(label)?.lines ?? [];
    const n = Math.max(la.length, lb.length);
    const from = at < 0 ? 0 : Math.max(0, at - 20);
    const body = h('tbody');
    const sel = this.p.selected();
    for (let k = from; k < Math.min(n, from + WINDOW); k++) {
      const a = la[k], b = lb[k];
      const differs = a?.text !== b?.text;
      const cellA = h('td', { class: 'cmp-a' });
      if (a) cellA.append(h('button', { class: 'link', text: a.text, on: { click: () => this.p.select(a.idx) } }));
      body.append(h('tr', { class: `${k === at ? 'first-diff' : ''}${differs ? ' differs' : ''}${a && a.idx === sel ? ' selected' : ''}`, attrs: { 'aria-current': k === at ? 'true' : undefined } },
        h('td', { class: 'cmp-n', text: String(k + 1) }), cellA, h('td', { class: 'cmp-b', text: b?.text ?? '' })));
    }
    const head = h('thead', {}, h('tr', {}, h('th', { text: '#' }), h('th', { text: 'this trace' }), h('th', { text: this.other?.title ?? 'other' })));
    return h('table', { class: 'cmp-table', attrs: { 'aria-label': `Calls of process ${label} in both traces` } }, head, body);
  }
}
