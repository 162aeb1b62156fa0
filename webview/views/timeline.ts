// The timeline: one lane per process/thread, each call a bar as long as it took (canvas); zoom, pan, select.
import type { SyscallEvent } from '../../common/events';
import type { PanelContext, View } from '../context';
import { cssVar, h } from '../dom';
import { IndexList } from '../filter';
import { formatDur, isError } from '../text';
import { layoutBoxes, ticks, type Span } from '../timescale';

const LANE_H = 22, AXIS_H = 22;
// the lane labels' column: up to 120 px, and no more than a fifth of a narrow panel (labels cut with an ellipsis)
const LABEL_MAX = 120, LABEL_MIN = 56, LABEL_SHARE = 0.2;

interface Lane { pid: number; tid: number; idx: IndexList }

export type Viewport = { start: number; nsPerPx: number };

function category(name: string): string {
  if (/^(socket|socketpair|bind|listen|connect|accept4?|setsockopt|getsockopt|getsockname|getpeername)$/.test(name)) return '--sl-setup';
  if (/^(read|write|readv|writev|send|sendto|sendmsg|sendmmsg|recv|recvfrom|recvmsg|recvmmsg|sendfile)$/.test(name)) return '--sl-data';
  if (/^(poll|ppoll|select|pselect6|epoll_wait|epoll_pwait2?)$/.test(name)) return '--sl-wait';
  return '--sl-other';
}

export class Timeline implements View {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly scroller: HTMLElement;
  private lanes: Lane[] = [];
  private lanesKey = -1;
  private generation = -1;
  private seenTrace = false;
  private vp: Viewport | null;
  /** a drag selects a time range to zoom to; with Shift it pans */
  private drag: { x: number; start: number; moved: boolean; pan: boolean; to: number } | null = null;
  /** lane labels as text over the canvas's left edge: cut with an ellipsis, the whole name in their title */
  private readonly labels = h('div', { class: 'tl-labels' });
  private labelW = LABEL_MAX;

  constructor(private readonly p: PanelContext, initial: Viewport | null, private readonly saveViewport: (v: Viewport) => void) {
    this.vp = initial;
    this.canvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'Timeline of calls per process and thread' } });
    this.scroller = h('div', {
      class: 'tl-scroll',
      attrs: { tabindex: 0, role: 'group', 'aria-label': 'Timeline. Left and right arrows step through calls, up and down change lane, plus and minus zoom, shift with arrows pans, 0 fits.' },
      on: {
        keydown: (ev) => this.key(ev),
        wheel: (ev) => this.wheel(ev),
        mousedown: (ev) => (this.drag = { x: ev.clientX, start: this.view().start, moved: false, pan: ev.shiftKey, to: ev.clientX }),
        mousemove: (ev) => this.dragMove(ev),
        mouseup: (ev) => this.dragEnd(ev),
        mouseleave: () => (this.drag = null),
      },
    }, this.canvas, this.labels);
    const btn = (text: string, label: string, fn: () => void) => h('button', { text, attrs: { 'aria-label': label, title: label }, on: { click: fn } });
    const tools = h('div', { class: 'tl-tools' },
      btn('+', 'Zoom in', () => this.zoom(0.5)), btn('−', 'Zoom out', () => this.zoom(2)), btn('Reset zoom', 'Fit the whole run (drag across the timeline to zoom to a range)', () => this.fit()),
      h('span', { class: 'hint', text: 'Drag to zoom to a range, Shift+drag to pan' }));
    this.el = h('div', { class: 'view timeline' }, tools, this.scroller);
    new ResizeObserver(() => this.render()).observe(this.scroller);
  }

  focus(): void {
    this.scroller.focus();
  }

  private buildLanes(): void {
    const key = this.p.rowsVersion();
    if (key === this.lanesKey) return;
    this.lanesKey = key;
    const fresh = this.p.trace.generation !== this.generation;
    this.generation = this.p.trace.generation;
    // a new trace (not a restored panel) starts fitted
    if (fresh && this.seenTrace) this.vp = null;
    this.seenTrace = true;
    const byTid = new Map<number, Lane>();
    const ev = this.p.trace.events;
    for (let k = 0, n = this.p.rowCount(); k < n; k++) {
      const i = this.p.rowEvent(k);
      const e = ev[i];
      if (e.type !== 'syscall') continue;
      let lane = byTid.get(e.tid);
      if (!lane) byTid.set(e.tid, (lane = { pid: e.pid, tid: e.tid, idx: new IndexList() }));
      lane.idx.push(i);
    }
    this.lanes = [...byTid.values()].sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  }

  private extent(): [number, number] {
    let lo = Infinity, hi = -Infinity;
    const ev = this.p.trace.events;
    for (const l of this.lanes) {
      if (!l.idx.length) continue;
      const a = ev[l.idx.at(0)] as SyscallEvent, b = ev[l.idx.at(l.idx.length - 1)] as SyscallEvent;
      lo = Math.min(lo, a.ts);
      hi = Math.max(hi, b.ts + b.dur);
    }
    return lo === Infinity ? [0, 1] : [lo, Math.max(hi, lo + 1)];
  }

  private width(): number {
    return Math.max(50, this.scroller.clientWidth - this.labelW - 8);
  }

  private view(): Viewport {
    this.buildLanes();
    if (!this.vp) {
      // the run's actual span, with a little room either side so the first and last calls are not on the edge
      const [lo, hi] = this.extent(), pad = (hi - lo) * 0.02;
      this.vp = { start: lo - pad, nsPerPx: (hi - lo + 2 * pad) / this.width() };
    }
    return this.vp;
  }

  private setView(v: Viewport): void {
    this.vp = { start: v.start, nsPerPx: Math.max(0.05, v.nsPerPx) };
    this.saveViewport(this.vp);
    this.render();
  }

  fit(): void {
    this.vp = null;
    this.setView(this.view());
  }

  private zoom(f: number, atPx = this.width() / 2): void {
    const v = this.view();
    const t = v.start + atPx * v.nsPerPx;
    this.setView({ start: t - atPx * v.nsPerPx * f, nsPerPx: v.nsPerPx * f });
  }

  private pan(px: number): void {
    const v = this.view();
    this.setView({ start: v.start + px * v.nsPerPx, nsPerPx: v.nsPerPx });
  }

  render(): void {
    if (!this.el.isConnected) return;
    this.buildLanes();
    this.labelW = Math.round(Math.max(LABEL_MIN, Math.min(LABEL_MAX, this.scroller.clientWidth * LABEL_SHARE)));
    const { start, nsPerPx } = this.view();
    const w = this.scroller.clientWidth, hgt = AXIS_H + this.lanes.length * LANE_H + 4;
    this.drawLabels(this.labelW);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, w * dpr);
    this.canvas.height = Math.max(1, hgt * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${hgt}px`;
    this.canvas.setAttribute('aria-label', `Timeline: ${this.lanes.length} lanes, ${formatDur(this.width() * nsPerPx)} in view`);
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const dim = cssVar('--sl-dim', '#888'), grid = cssVar('--sl-grid', '#444');
    const font = cssVar('--vscode-editor-font-family', 'monospace');
    g.font = `11px ${font}`;
    g.textBaseline = 'middle';
    this.axis(g, start, nsPerPx, w, hgt, dim, grid);
    const colours: Record<string, string> = {};
    for (const c of ['--sl-setup', '--sl-data', '--sl-wait', '--sl-other', '--sl-err']) colours[c] = cssVar(c, '#888');
    const sel = this.p.selected(), ev = this.p.trace.events;
    const barFg = cssVar('--sl-bar-fg', '#fff'), focus = cssVar('--sl-focus', '#fc0');
    this.canvas.dataset.start = String(start);
    this.canvas.dataset.nsPerPx = String(nsPerPx);
    this.lanes.forEach((lane, li) => {
      const y = AXIS_H + li * LANE_H;
      g.save();
      g.beginPath();
      g.rect(this.labelW, y, w - this.labelW, LANE_H);
      g.clip();
      const spans = this.spans(lane, this.firstVisible(lane, start));
      for (const b of layoutBoxes(spans, start, nsPerPx, w - this.labelW, { minW: 3, charW: 6.6, keep: sel })) {
        const e = ev[b.i] as SyscallEvent, x = this.labelW + b.x;
        g.fillStyle = colours[isError(e) ? '--sl-err' : category(e.name)];
        g.fillRect(x, y + 3, b.w, LANE_H - 6);
        if (b.label) {
          g.fillStyle = barFg;
          g.fillText(e.name, Math.max(x, this.labelW) + 3, y + LANE_H / 2, b.w - 6);
        }
        if (b.i === sel) {
          g.strokeStyle = focus;
          g.lineWidth = 2;
          g.strokeRect(x - 1, y + 2, b.w + 2, LANE_H - 4);
        }
      }
      g.restore();
    });
    const d = this.drag;
    if (d && d.moved && !d.pan) {
      const r = this.canvas.getBoundingClientRect();
      const a = Math.max(this.labelW, Math.min(d.x, d.to) - r.left), b = Math.max(d.x, d.to) - r.left;
      g.fillStyle = focus;
      g.globalAlpha = 0.25;
      g.fillRect(a, AXIS_H, b - a, hgt - AXIS_H);
      g.globalAlpha = 1;
    }
  }

  private drawLabels(width: number): void {
    const kids = this.lanes.map((lane, li) => {
      const text = lane.tid === lane.pid ? `pid ${lane.pid}` : `${lane.pid} / ${lane.tid}`;
      const title = lane.tid === lane.pid ? `process ${lane.pid}` : `process ${lane.pid}, thread ${lane.tid}`;
      const el = h('div', { class: 'tl-label', text, attrs: { title } });
      el.style.top = `${AXIS_H + li * LANE_H}px`;
      return el;
    });
    this.labels.style.width = `${width}px`;
    this.labels.replaceChildren(...kids);
  }

  private *spans(lane: Lane, from: number): Generator<Span> {
    const ev = this.p.trace.events;
    for (let k = from; k < lane.idx.length; k++) {
      const i = lane.idx.at(k), e = ev[i] as SyscallEvent;
      yield { i, ts: e.ts, dur: e.dur, name: e.name };
    }
  }

  private axis(g: CanvasRenderingContext2D, start: number, nsPerPx: number, w: number, hgt: number, dim: string, grid: string): void {
    g.strokeStyle = grid;
    g.fillStyle = dim;
    // times read from the run's first call, so a short run's axis says 0, 20 µs, 40 µs rather than absolute ns
    const origin = this.extent()[0];
    for (const t of ticks(start, start + (w - this.labelW) * nsPerPx, w - this.labelW, origin, 90)) {
      const x = this.labelW + (t.t - start) / nsPerPx;
      g.beginPath();
      g.moveTo(x + 0.5, AXIS_H - 4);
      g.lineTo(x + 0.5, hgt);
      g.stroke();
      g.fillText(t.label, x + 3, AXIS_H / 2);
    }
  }

  private firstVisible(lane: Lane, start: number): number {
    const ev = this.p.trace.events;
    let lo = 0, hi = lane.idx.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = ev[lane.idx.at(mid)] as SyscallEvent;
      if (e.ts + e.dur < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** the event under a point of the canvas, within 3 px */
  private hit(px: number, py: number): number {
    const lane = this.lanes[Math.floor((py - AXIS_H) / LANE_H)];
    if (!lane || px < this.labelW) return -1;
    const { start, nsPerPx } = this.view();
    const t = start + (px - this.labelW) * nsPerPx, slack = 3 * nsPerPx;
    const ev = this.p.trace.events;
    for (let k = this.firstVisible(lane, t - slack); k < lane.idx.length; k++) {
      const e = ev[lane.idx.at(k)] as SyscallEvent;
      if (e.ts > t + slack) break;
      if (e.ts - slack <= t && t <= e.ts + e.dur + slack) return lane.idx.at(k);
    }
    return -1;
  }

  reveal(): void {
    const i = this.p.selected();
    const e = this.p.trace.events[i];
    if (!e || e.type !== 'syscall' || !this.el.isConnected) return this.render();
    const v = this.view(), w = this.width();
    if (e.ts < v.start || e.ts + e.dur > v.start + w * v.nsPerPx) {
      this.vp = { start: e.ts - (w * v.nsPerPx) / 2, nsPerPx: v.nsPerPx };
      this.saveViewport(this.vp);
    }
    const li = this.lanes.findIndex((l) => l.tid === e.tid);
    if (li >= 0) {
      const y = AXIS_H + li * LANE_H;
      if (y < this.scroller.scrollTop || y + LANE_H > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = y - AXIS_H;
    }
    this.render();
  }

  private key(ev: KeyboardEvent): void {
    const sel = this.p.selected();
    const se = this.p.trace.events[sel];
    const li = se && se.type === 'syscall' ? this.lanes.findIndex((l) => l.tid === se.tid) : -1;
    const lane = this.lanes[li];
    const stepLane = (d: number) => {
      const to = this.lanes[li + d];
      if (!to || !se) return;
      const k = Math.min(to.idx.length - 1, this.firstVisible(to, se.ts));
      this.p.select(to.idx.at(k));
    };
    if (ev.shiftKey && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight')) this.pan((ev.key === 'ArrowLeft' ? -1 : 1) * this.width() / 4);
    else if (ev.key === '+' || ev.key === '=') this.zoom(0.5);
    else if (ev.key === '-') this.zoom(2);
    else if (ev.key === '0') this.fit();
    else if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
      if (!lane) { if (this.lanes[0]) this.p.select(this.lanes[0].idx.at(0)); }
      else {
        const k = lane.idx.lowerBound(sel) + (ev.key === 'ArrowRight' ? 1 : -1);
        if (k >= 0 && k < lane.idx.length) this.p.select(lane.idx.at(k));
      }
    } else if (ev.key === 'ArrowDown') stepLane(1);
    else if (ev.key === 'ArrowUp') stepLane(-1);
    else if (ev.key === 'Enter' && sel >= 0) this.p.select(sel, { reveal: true });
    else return;
    ev.preventDefault();
  }

  private wheel(ev: WheelEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) this.pan(ev.deltaX || ev.deltaY);
    else if (ev.ctrlKey || ev.altKey || !this.lanesOverflow()) this.zoom(ev.deltaY > 0 ? 1.25 : 0.8, ev.clientX - rect.left - this.labelW);
    else return;
    ev.preventDefault();
  }

  private lanesOverflow(): boolean {
    return this.scroller.scrollHeight > this.scroller.clientHeight;
  }

  private dragMove(ev: MouseEvent): void {
    if (!this.drag || !(ev.buttons & 1)) return;
    const dx = ev.clientX - this.drag.x;
    if (Math.abs(dx) > 3) this.drag.moved = true;
    this.drag.to = ev.clientX;
    if (!this.drag.moved) return;
    if (this.drag.pan) this.setView({ start: this.drag.start - dx * this.view().nsPerPx, nsPerPx: this.view().nsPerPx });
    else this.render();
  }

  private dragEnd(ev: MouseEvent): void {
    const d = this.drag;
    this.drag = null;
    const rect = this.canvas.getBoundingClientRect();
    if (d && d.moved && !d.pan) {
      // zoom to the range dragged across
      const v = this.view();
      const a = Math.max(0, Math.min(d.x, ev.clientX) - rect.left - this.labelW), b = Math.max(d.x, ev.clientX) - rect.left - this.labelW;
      if (b - a >= 3) this.setView({ start: v.start + a * v.nsPerPx, nsPerPx: ((b - a) * v.nsPerPx) / this.width() });
      else this.render();
      return;
    }
    if (!d || d.moved) return;
    const i = this.hit(ev.clientX - rect.left, ev.clientY - rect.top);
    if (i >= 0) this.p.select(i);
  }
}
