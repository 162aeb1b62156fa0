// The event list: one row per event, virtualised (only rows in sight exist) so a million events scroll smoothly.
import type { PanelContext, View } from '../context';
import { h, span, clear, setAttrs, onFrame } from '../dom';
import type { ColumnWidths } from '../state';
import { ColumnSizer } from './columns';
import { noCallsText } from './empty';
import { eventTokens, formatTs, isError, tookText } from '../text';

const ROW_H = 20;
// Browsers cap an element's height; beyond this the scrollbar maps proportionally onto the rows.
const MAX_PX = 8_000_000;

export class EventList implements View {
  readonly el: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private readonly schedule = onFrame(() => this.render());
  private readonly sizer: ColumnSizer;
  private readonly empty = h('div', { class: 'empty-state', attrs: { role: 'status', hidden: true } });

  constructor(private readonly p: PanelContext, widths: ColumnWidths = {}, saveWidths: () => void = () => {}) {
    this.spacer = h('div', { class: 'spacer' });
    this.rowsEl = h('div', { class: 'rows' });
    this.viewport = h('div', {
      class: 'viewport',
      attrs: { role: 'listbox', 'aria-label': 'Trace events', tabindex: 0 },
      on: {
        scroll: () => this.schedule(),
        keydown: (ev) => this.key(ev),
        click: (ev) => this.click(ev),
        dblclick: (ev) => this.click(ev, true),
      },
    }, this.spacer, this.rowsEl);
    const header = h('div', { class: 'list-header' },
      span('c-seq', 'seq'), span('c-ts', 'time (s)'), span('c-pid', 'pid'), span('c-text', 'call'), span('c-dur', 'took'));
    this.el = h('div', { class: 'view event-list one-proc' }, header, this.viewport, this.empty);
    this.sizer = new ColumnSizer(this.el, header, widths, saveWidths);
    new ResizeObserver(() => {
      this.sizer.apply();
      this.schedule();
    }).observe(this.viewport);
  }

  focus(): void {
    this.viewport.focus();
  }

  /** the pid column only where there is more than one process: else it repeats one number and takes the
   * call's room */
  showPids(on: boolean): void {
    if (this.el.classList.contains('one-proc') !== on) return;
    this.el.classList.toggle('one-proc', !on);
    this.sizer.apply();
  }


  private geometry(): { total: number; vh: number; virtTop: number; scaled: boolean } {
    const total = this.p.rowCount() * ROW_H;
    const vh = this.viewport.clientHeight;
    const st = this.viewport.scrollTop;
    const scaled = total > MAX_PX;
    const virtTop = scaled ? (st / Math.max(1, MAX_PX - vh)) * (total - vh) : st;
    return { total, vh, virtTop, scaled };
  }

  render(): void {
    const s = this.p.trace;
    const none = noCallsText(s.events, s.end, !s.live && !s.loading());
    this.empty.hidden = !none;
    this.viewport.hidden = !!none;
    if (none) this.empty.replaceChildren(h('p', { class: 'empty-title', text: none.title }), h('p', { text: none.detail }));
    const n = this.p.rowCount();
    const total = n * ROW_H;
    this.spacer.style.height = `${Math.min(total, MAX_PX)}px`;
    const { vh, virtTop } = this.geometry();
    const first = Math.max(0, Math.floor(virtTop / ROW_H));
    const count = Math.min(n - first, Math.ceil(vh / ROW_H) + 2);
    this.rowsEl.style.transform = `translateY(${this.viewport.scrollTop + first * ROW_H - virtTop}px)`;
    clear(this.rowsEl);
    const sel = this.p.selected();
    const cur = this.p.cursor();
    const events = this.p.trace.events;
    let active: string | undefined;
    for (let k = first; k < first + count; k++) {
      const i = this.p.rowEvent(k);
      const e = events[i];
      const id = `ev-${i}`;
      const isSel = i === sel;
      if (isSel) active = id;
      const atCursor = !!cur && e.type === 'syscall' && !!e.site && e.site.line === cur.line && e.site.file === cur.file;
      const row = h('div', {
        class: `row${isSel ? ' selected' : ''}${isError(e) ? ' error' : ''}${e.type !== 'syscall' ? ' note' : ''}${atCursor ? ' at-cursor' : ''}`,
        attrs: { role: 'option', id, 'aria-selected': isSel ? 'true' : 'false', 'aria-posinset': k + 1, 'aria-setsize': n, 'data-idx': i },
      });
      row.append(
        span('c-seq', e.type === 'syscall' ? String(e.seq) : ''),
        span('c-ts', formatTs(e.ts)),
        span('c-pid', e.type === 'syscall' && e.tid !== e.pid ? `${e.pid}/${e.tid}` : String(e.pid)),
      );
      const text = span('c-text', '');
      // the call and its args may be cut with an ellipsis; ") = ret" after them always shows
      const line = eventTokens(e);
      const args = span('c-args', ''), ret = span('c-ret', '');
      for (const t of line.call) args.append(span(`t-${t.k}`, t.t));
      for (const t of line.result) ret.append(span(`t-${t.k}`, t.t));
      text.append(args, ret);
      row.append(text, span('c-dur', tookText(e, events[events.length - 1].ts)));
      this.rowsEl.append(row);
    }
    setAttrs(this.viewport, { 'aria-activedescendant': active });
  }

  reveal(): void {
    const k = this.p.rowOf(this.p.selected());
    if (k < 0) return this.render();
    const { total, vh, virtTop, scaled } = this.geometry();
    let target = virtTop;
    if (k * ROW_H < virtTop) target = k * ROW_H;
    else if ((k + 1) * ROW_H > virtTop + vh) target = (k + 1) * ROW_H - vh;
    if (target !== virtTop) {
      this.viewport.scrollTop = scaled ? (target / Math.max(1, total - vh)) * (MAX_PX - vh) : target;
    }
    this.render();
  }

  private click(ev: MouseEvent, reveal = false): void {
    const row = (ev.target as HTMLElement).closest('.row');
    if (!row) return;
    this.p.select(Number(row.getAttribute('data-idx')), { reveal });
  }

  private key(ev: KeyboardEvent): void {
    const n = this.p.rowCount();
    if (!n) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_H) - 1);
    const cur = this.p.rowOf(this.p.selected());
    let k: number;
    switch (ev.key) {
      case 'ArrowDown': k = cur < 0 ? 0 : cur + 1; break;
      case 'ArrowUp': k = cur < 0 ? 0 : cur - 1; break;
      case 'PageDown': k = Math.max(0, cur) + page; break;
      case 'PageUp': k = Math.max(0, cur) - page; break;
      case 'Home': k = 0; break;
      case 'End': k = n - 1; break;
      case 'Enter':
        if (cur >= 0) this.p.select(this.p.rowEvent(cur), { reveal: true });
        ev.preventDefault();
        return;
      default:
        return;
    }
    ev.preventDefault();
    this.p.select(this.p.rowEvent(Math.max(0, Math.min(n - 1, k))));
  }
}
