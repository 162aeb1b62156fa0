// The sequence diagram: processes as lifelines, socket calls as dots, arrows for connect->accept, bytes
// sent->received and datagrams (from the trace model). Only rows in sight are drawn (SVG, text as text nodes).
import type { SyscallEvent, TraceEvent } from '../../common/events';
import { restartOf } from '../../common/events';
import type { Arrow } from '../../common/trace-model';
import type { PanelContext, View } from '../context';
import { clear, h, onFrame, setAttrs, svg } from '../dom';
import { addrText } from './details';
import { isAddr } from '../../common/trace-model';

// LABEL_ROOM: the right-most lifeline's labels extend past its column
const ROW_H = 26, COL_W = 210, LEFT = 16, HEAD_H = 28, LABEL_ROOM = 120;

/** A few words for a call in the diagram. */
export function shortLabel(e: SyscallEvent): string {
  if (restartOf(e)) return `${e.name} ↻ interrupted`;
  if (e.errno) return `${e.name} ✗ ${e.errno}`;
  const a = e.args;
  switch (e.name) {
    case 'connect': case 'bind': case 'sendto':
      if (e.name !== 'sendto') return `${e.name} ${isAddr(a.addr) ? addrText(a.addr) : ''}`;
      break;
    case 'accept': case 'accept4': case 'socket': case 'dup': case 'dup2': case 'dup3':
      return `${e.name} = ${e.ret}`;
    case 'listen': case 'shutdown': case 'close':
      return `${e.name}(${a.sockfd ?? a.fd}${e.name === 'shutdown' ? `, ${a.how}` : ''})`;
  }
  if (e.ret === 0 && /^(read|recv)/.test(e.name)) return `${e.name} = 0 (EOF)`;
  if (e.ret !== null && e.ret > 0 && /^(read|recv|write|send)/.test(e.name)) return `${e.name} ${e.ret} B`;
  return `${e.name} = ${e.ret ?? '?'}`;
}

export class SequenceView implements View {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly head: HTMLElement;
  private readonly canvas: SVGSVGElement;
  private rows: number[] = [];
  private rowAt = new Map<number, number>();
  private cols = new Map<number, number>();
  private key = '';
  private readonly schedule = onFrame(() => this.render());

  constructor(private readonly p: PanelContext) {
    this.head = h('div', { class: 'seq-head', attrs: { 'aria-hidden': 'true' } });
    this.spacer = h('div', { class: 'spacer' });
    this.canvas = svg('svg', { class: 'seq-svg', role: 'list', 'aria-label': 'Sequence diagram' });
    this.body = h('div', {
      class: 'seq-body',
      attrs: { tabindex: 0, role: 'group', 'aria-label': 'Sequence diagram. Up and down arrows step through socket calls; Enter shows the source line.' },
      on: { scroll: () => this.schedule(), keydown: (ev) => this.keydown(ev), click: (ev) => this.click(ev) },
    }, this.head, h('div', { class: 'seq-wrap' }, this.spacer, this.canvas));
    this.el = h('div', { class: 'view sequence' }, this.body);
    new ResizeObserver(() => this.schedule()).observe(this.body);
  }

  focus(): void {
    this.body.focus();
  }


  /** rows: the socket calls that pass the filters; columns: their processes in order of appearance */
  private build(): void {
    const m = this.p.model();
    const key = `${this.p.rowsVersion()}:${m.arrows.length}:${m.sockets.length}`;
    if (key === this.key) return;
    this.key = key;
    this.rows = [];
    this.rowAt.clear();
    this.cols.clear();
    const ev = this.p.trace.events;
    for (let k = 0, n = this.p.rowCount(); k < n; k++) {
      const i = this.p.rowEvent(k);
      const e = ev[i];
      if (e.type !== 'syscall' || (m.eventSock[i] < 0 && e.name !== 'socketpair')) continue;
      this.rowAt.set(i, this.rows.length);
      this.rows.push(i);
      if (!this.cols.has(e.pid)) this.cols.set(e.pid, this.cols.size);
    }
    clear(this.head);
    const names = processNames(ev);
    for (const [pid] of this.cols) {
      this.head.append(h('div', { class: 'seq-proc', text: `pid ${pid}${names.get(pid) ? ` ${names.get(pid)}` : ''}` }));
    }
    this.spacer.style.height = `${this.rows.length * ROW_H + 8}px`;
    this.spacer.style.width = `${LEFT * 2 + this.cols.size * COL_W + LABEL_ROOM}px`;
  }

  private x(pid: number): number {
    return LEFT + (this.cols.get(pid) ?? 0) * COL_W + COL_W / 2;
  }

  render(): void {
    if (!this.el.isConnected) return;
    this.build();
    const top = Math.max(0, this.body.scrollTop - HEAD_H), vh = this.body.clientHeight;
    const first = Math.max(0, Math.floor(top / ROW_H) - 4), last = Math.min(this.rows.length, Math.ceil((top + vh) / ROW_H) + 4);
    const width = LEFT * 2 + this.cols.size * COL_W + LABEL_ROOM;
    setAttrs(this.canvas, { width, height: (last - first) * ROW_H + 4, viewBox: `0 ${first * ROW_H} ${width} ${(last - first) * ROW_H + 4}` });
    this.canvas.style.top = `${first * ROW_H}px`;
    clear(this.canvas);
    this.canvas.append(defs());
    if (!this.rows.length) {
      this.canvas.append(svg('text', { x: LEFT, y: first * ROW_H + 20, class: 'seq-empty' }, 'No socket calls match the filters.'));
      return;
    }
    for (const [pid] of this.cols) {
      this.canvas.append(svg('line', { class: 'lifeline', x1: this.x(pid), x2: this.x(pid), y1: first * ROW_H, y2: last * ROW_H }));
    }
    const ev = this.p.trace.events, sel = this.p.selected();
    for (let r = first; r < last; r++) this.canvas.append(this.row(r, ev[this.rows[r]] as SyscallEvent, this.rows[r] === sel));
    for (const a of this.p.model().arrows) {
      const rf = this.rowAt.get(a.from), rt = this.rowAt.get(a.to);
      if (rf === undefined || rt === undefined || Math.max(rf, rt) < first || Math.min(rf, rt) >= last) continue;
      this.canvas.append(this.arrow(a, rf, rt, ev));
    }
  }

  private row(r: number, e: SyscallEvent, selected: boolean): SVGGElement {
    const y = r * ROW_H + ROW_H / 2, x = this.x(e.pid);
    const g = svg('g', {
      class: `seq-row${selected ? ' selected' : ''}${e.errno ? ' error' : ''}`,
      'data-idx': this.rows[r], 'data-seq': e.seq, role: 'listitem',
      'aria-label': `pid ${e.pid}: ${shortLabel(e)}`, 'aria-current': selected ? 'true' : undefined,
    });
    g.append(svg('rect', { class: 'seq-hit', x: 0, y: r * ROW_H, width: LEFT * 2 + this.cols.size * COL_W, height: ROW_H }));
    g.append(svg('circle', { class: 'seq-dot', cx: x, cy: y, r: 4 }));
    g.append(svg('text', { class: 'seq-label', x: x + 8, y: y - 4 }, shortLabel(e)));
    return g;
  }

  private arrow(a: Arrow, rf: number, rt: number, ev: readonly TraceEvent[]): SVGGElement {
    const f = ev[a.from] as SyscallEvent, t = ev[a.to] as SyscallEvent;
    const x1 = this.x(f.pid), x2 = this.x(t.pid), y1 = rf * ROW_H + ROW_H / 2, y2 = rt * ROW_H + ROW_H / 2;
    const what = a.kind === 'connect' ? 'connection' : `${a.bytes} bytes${a.kind === 'dgram' ? ' (datagram)' : ''}`;
    const g = svg('g', {
      class: `arrow k-${a.kind}`, 'data-from': f.seq, 'data-to': t.seq, 'data-idx': a.from, role: 'listitem',
      'aria-label': `${what} from pid ${f.pid} ${f.name} #${f.seq} to pid ${t.pid} ${t.name} #${t.seq}`,
    });
    const d = x1 === x2
      ? `M ${x1} ${y1} C ${x1 + 60} ${y1}, ${x2 + 60} ${y2}, ${x2 + 5} ${y2}`
      : `M ${x1} ${y1} L ${x2 + (x2 > x1 ? -5 : 5)} ${y2}`;
    g.append(svg('path', { d, 'marker-end': 'url(#sl-head)' }));
    const label = a.kind === 'connect' ? 'connect' : `${a.bytes} B`;
    g.append(svg('text', { class: 'arrow-label', x: (x1 + x2) / 2 + (x1 === x2 ? 48 : 0), y: (y1 + y2) / 2 - 3, 'text-anchor': 'middle' }, label));
    return g;
  }

  reveal(): void {
    this.build();
    const r = this.rowAt.get(this.p.selected());
    if (r !== undefined) {
      const y = r * ROW_H + HEAD_H, top = this.body.scrollTop, vh = this.body.clientHeight;
      if (y < top + HEAD_H || y + ROW_H > top + vh) this.body.scrollTop = y - vh / 2;
    }
    this.render();
  }

  private click(ev: MouseEvent): void {
    const g = (ev.target as Element).closest('[data-idx]');
    if (g) this.p.select(Number(g.getAttribute('data-idx')));
  }

  private keydown(ev: KeyboardEvent): void {
    if (!this.rows.length) return;
    const sel = this.p.selected();
    let r = this.rowAt.get(sel) ?? -1;
    if (ev.key === 'ArrowDown') r = Math.min(this.rows.length - 1, r + 1);
    else if (ev.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (ev.key === 'Home') r = 0;
    else if (ev.key === 'End') r = this.rows.length - 1;
    else if (ev.key === 'Enter' && sel >= 0) return this.p.select(sel, { reveal: true });
    else return;
    ev.preventDefault();
    this.p.select(this.rows[Math.max(0, r)]);
  }
}

function defs(): SVGDefsElement {
  const d = svg('defs');
  const m = svg('marker', { id: 'sl-head', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  m.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  d.append(m);
  return d;
}

/** pid -> program name, from exec events and inherited by forks */
export function processNames(ev: readonly TraceEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of ev) {
    if (e.type === 'exec') names.set(e.pid, e.path.split('/').pop() ?? e.path);
    else if (e.type === 'spawn' && !names.has(e.pid)) {
      const n = names.get(e.parent);
      if (n) names.set(e.pid, n);
    }
  }
  return names;
}
