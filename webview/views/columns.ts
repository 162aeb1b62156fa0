// The event list's column widths: a separator at each resizable column's edge, dragged with the pointer or moved
// with the arrow keys. The call column takes what is left and never less than CALL_MIN, so return values show.
import { h } from '../dom';
import type { ColumnWidths, SizedColumn } from '../state';

/** the call column's least width: a short call and ") = -1 ECONNREFUSED" beside it */
export const CALL_MIN = 200;
const COL_MIN = 24;
const STEP = 8, BIG_STEP = 40;
const NAMES: Record<SizedColumn, string> = { seq: 'seq', ts: 'time', pid: 'pid', dur: 'took' };

export class ColumnSizer {
  private readonly seps = new Map<SizedColumn, HTMLElement>();

  /** `widths` is the UI state's own object: changes are made in it, then `save` is called */
  constructor(private readonly list: HTMLElement, private readonly header: HTMLElement,
    private readonly widths: ColumnWidths, private readonly save: () => void) {
    for (const col of Object.keys(NAMES) as SizedColumn[]) {
      const cell = header.querySelector<HTMLElement>(`.c-${col}`);
      if (!cell) continue;
      const sep = h('div', {
        class: `col-sep${col === 'dur' ? ' at-left' : ''}`,
        attrs: { role: 'separator', tabindex: 0, 'aria-orientation': 'vertical', 'aria-label': `Width of the ${NAMES[col]} column`, 'data-col': col, title: 'Drag or use the arrow keys to resize; double-click for the default width' },
        on: {
          pointerdown: (ev) => this.drag(col, sep, ev),
          keydown: (ev) => this.key(col, ev),
          dblclick: () => this.set(col, null),
        },
      });
      cell.append(sep);
      this.seps.set(col, sep);
    }
    this.apply();
  }

  /** a column's width now, in px */
  private current(col: SizedColumn): number {
    return this.header.querySelector<HTMLElement>(`.c-${col}`)?.getBoundingClientRect().width ?? 0;
  }

  private shown(col: SizedColumn): boolean {
    const cell = this.header.querySelector<HTMLElement>(`.c-${col}`);
    return !!cell && getComputedStyle(cell).display !== 'none';
  }

  /** the widest `col` may be with the other columns as they are and the call column at CALL_MIN */
  private max(col: SizedColumn): number {
    const cs = getComputedStyle(this.header);
    const cells = [...this.header.children].filter((c) => getComputedStyle(c).display !== 'none');
    const fixed = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + (cells.length - 1) * (parseFloat(cs.columnGap) || 0);
    let others = 0;
    for (const c of this.seps.keys()) if (c !== col && this.shown(c)) others += this.current(c);
    return Math.max(COL_MIN, this.header.clientWidth - fixed - others - CALL_MIN);
  }

  private set(col: SizedColumn, px: number | null): void {
    if (px === null) delete this.widths[col];
    else this.widths[col] = Math.round(Math.max(COL_MIN, Math.min(this.max(col), px)));
    this.apply();
    this.save();
  }

  /** the saved widths as the grid's column sizes; when the list is too narrow for them they give way (not
   * below COL_MIN) until the call column has CALL_MIN again. The saved widths stay as they were. */
  apply(): void {
    for (const col of this.seps.keys()) {
      const want = this.widths[col];
      if (want === undefined) this.list.style.removeProperty(`--col-${col}`);
      else this.list.style.setProperty(`--col-${col}`, `${want}px`);
    }
    const call = this.header.querySelector<HTMLElement>('.c-text');
    let short = call ? CALL_MIN - call.getBoundingClientRect().width : 0;
    for (const col of ['dur', 'pid', 'ts', 'seq'] as SizedColumn[]) {
      const want = this.widths[col];
      if (short <= 0.5 || want === undefined || !this.shown(col)) continue;
      const w = Math.max(COL_MIN, want - short);
      short -= want - w;
      this.list.style.setProperty(`--col-${col}`, `${w}px`);
    }
    for (const [col, sep] of this.seps) {
      const w = Math.round(this.current(col));
      sep.setAttribute('aria-valuenow', String(w));
      sep.setAttribute('aria-valuemin', String(COL_MIN));
      sep.setAttribute('aria-valuemax', String(Math.round(Math.max(w, this.max(col)))));
      sep.setAttribute('aria-valuetext', `${w} pixels`);
    }
  }

  private drag(col: SizedColumn, sep: HTMLElement, down: PointerEvent): void {
    if (down.button !== 0) return;
    down.preventDefault();
    sep.setPointerCapture(down.pointerId);
    sep.classList.add('dragging');
    const x0 = down.clientX, w0 = this.current(col), sign = col === 'dur' ? -1 : 1;
    const move = (ev: PointerEvent) => {
      const px = w0 + sign * (ev.clientX - x0);
      this.widths[col] = Math.round(Math.max(COL_MIN, Math.min(this.max(col), px)));
      this.apply();
    };
    const up = () => {
      sep.removeEventListener('pointermove', move);
      sep.removeEventListener('pointerup', up);
      sep.removeEventListener('pointercancel', up);
      sep.classList.remove('dragging');
      this.save();
    };
    sep.addEventListener('pointermove', move);
    sep.addEventListener('pointerup', up);
    sep.addEventListener('pointercancel', up);
  }

  private key(col: SizedColumn, ev: KeyboardEvent): void {
    const step = ev.shiftKey ? BIG_STEP : STEP;
    // the took column's separator is at its left edge: moving it left widens the column
    const sign = col === 'dur' ? -1 : 1;
    const w = this.current(col);
    let to: number | null;
    switch (ev.key) {
      case 'ArrowRight': to = w + sign * step; break;
      case 'ArrowLeft': to = w - sign * step; break;
      case 'Home': to = COL_MIN; break;
      case 'End': to = this.max(col); break;
      case 'Enter': case 'Delete': to = null; break;
      default: return;
    }
    ev.preventDefault();
    this.set(col, to);
  }
}
