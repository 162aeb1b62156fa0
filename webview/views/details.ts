// The details pane: the selected event's decoded arguments, payload (hex and text), call site, socket and arrows.
import type { ArgValue, SockAddr, SyscallEvent, TraceEvent } from '../../common/events';
import { restartOf } from '../../common/events';
import { endpointKey, isAddr, type SocketLife } from '../../common/trace-model';
import type { PanelContext } from '../context';
import { clear, h, span } from '../dom';
import { argText as formatValue, errnoText, isPayload } from '../../common/format';
import { hexBytes } from '../bytes';
import { eventTokens, formatTs, tookText } from '../text';

export function addrText(a: SockAddr | undefined): string {
  if (!a) return '–';
  if ('port' in a) return a.family === 'AF_INET6' ? `[${a.addr}]:${a.port}` : `${a.addr}:${a.port}`;
  const k = endpointKey(a);
  return k || (a.family === 'AF_UNIX' ? '(unnamed)' : String(a.family));
}

export function socketLabel(s: SocketLife): string {
  const ends = s.peer ? `${addrText(s.local)} ⇄ ${addrText(s.peer)}` : addrText(s.local ?? s.bound?.addr);
  return `${s.inode !== undefined ? `socket:[${s.inode}]` : `socket #${s.id}`} ${(s.type ?? '').split('|')[0]} ${ends}`;
}

/** Names the event at index i for a socket's life: "#seq" for a call, else what happened (fork, exit). */
export function eventRef(events: readonly TraceEvent[], i: number | undefined): string {
  const e = i === undefined ? undefined : events[i];
  if (!e) return 'open';
  return e.type === 'syscall' ? `#${e.seq}` : e.type === 'spawn' ? 'fork' : e.type;
}

/** Hex dump lines: offset, 16 bytes in hex, and the printable characters. */
export function hexDump(bytes: number[]): string[] {
  const lines: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.slice(o, o + 16);
    const hx = row.map((b) => b.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
    const tx = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${o.toString(16).padStart(6, '0')}  ${hx}  ${tx}`);
  }
  return lines;
}

export class DetailsPane {
  readonly el: HTMLElement;

  constructor(private readonly p: PanelContext) {
    this.el = h('aside', { class: 'details', attrs: { 'aria-label': 'Selected event details', 'aria-live': 'polite', tabindex: 0 } });
  }

  render(): void {
    clear(this.el);
    const i = this.p.selected();
    const e = i >= 0 ? this.p.trace.events[i] : undefined;
    if (!e) {
      this.el.append(h('p', { class: 'hint', text: 'Select an event to see its arguments, payload, call site and socket.' }));
      return;
    }
    const title = h('div', { class: 'd-title' });
    const line = eventTokens(e);
    for (const t of [...line.call, ...line.result]) title.append(span(`t-${t.k}`, t.t));
    this.el.append(title);
    const facts = [['pid', e.type === 'syscall' ? `${e.pid} (thread ${e.tid})` : String(e.pid)], ['time', `${formatTs(e.ts)} s`]];
    if (e.type === 'syscall') {
      facts.unshift(['seq', String(e.seq)]);
      const restart = restartOf(e);
      const returned = restart ? '? (a signal interrupted it)' : e.ret === null ? '(never returned)' : String(e.ret);
      const ev = this.p.trace.events;
      const took = tookText(e, ev[ev.length - 1].ts);
      facts.push(['took', e.unfinished ? `${took} (it had not returned when the trace ended)` : took], ['returned', returned]);
      // the program saw the call restarted (its next event) or EINTR
      if (restart) facts.push(['restart', `${restart} (${errnoText(restart)})`]);
      else if (e.errno) facts.push(['errno', e.errno]);
      if (e.injected) facts.push(['injected', e.injected]);
    }
    this.el.append(table(facts));
    if (e.type !== 'syscall') return;
    this.section('Arguments', this.args(e));
    for (const [k, v] of Object.entries(e.args)) if (isPayload(v)) this.section(`Payload: ${k} (${v.len} bytes)`, payload(v.hex, v.len));
    if (e.site) {
      const site = e.site;
      this.section('Call site', h('button', {
        class: 'link', text: `${site.file}:${site.line} in ${site.function}()`,
        attrs: { title: 'Show this line in the editor' },
        on: { click: () => this.p.select(i, { reveal: true }) },
      }));
    }
    const m = this.p.model();
    const sid = m.eventSock[i];
    if (sid >= 0) this.section('Socket', this.socket(m.sockets[sid]));
    const arrows = m.arrows.filter((a) => a.from === i || a.to === i);
    if (arrows.length) {
      const list = h('ul', { class: 'plain' });
      for (const a of arrows) {
        const other = a.from === i ? a.to : a.from;
        const o = this.p.trace.events[other] as SyscallEvent;
        const verb = a.kind === 'connect' ? (a.from === i ? 'accepted by' : 'connection from') : a.from === i ? 'received by' : 'sent by';
        list.append(h('li', {}, h('button', {
          class: 'link', text: `${verb} pid ${o.pid}: ${o.name} #${o.seq}${a.bytes !== undefined ? ` (${a.bytes} bytes)` : ''}`,
          on: { click: () => this.p.select(other) },
        })));
      }
      this.section('Matched with', list);
    }
  }

  private section(title: string, body: Node): void {
    this.el.append(h('h3', { text: title }), body);
  }

  private args(e: SyscallEvent): HTMLElement {
    const rows: [string, string][] = Object.entries(e.args).map(([k, v]) => [k, argText(v)]);
    return rows.length ? table(rows) : h('p', { class: 'hint', text: '(none)' });
  }

  private socket(s: SocketLife): HTMLElement {
    const ev = this.p.trace.events;
    const seqOf = (i: number | undefined) => (i === undefined ? '' : ` at ${eventRef(ev, i)}`);
    const rows: [string, string][] = [
      ['socket', socketLabel(s)],
      ['family / type', `${s.family ?? '?'} / ${s.type ?? '?'}`],
      ['local', addrText(s.local ?? s.bound?.addr)],
      ['peer', addrText(s.peer ?? s.connected?.addr)],
      ['fds', s.fds.map((r) => `pid ${r.pid} fd ${r.fd}`).join(', ')],
      ['life', [s.origin === 'inherited' ? 'inherited' : `created${seqOf(s.created)}`,
        s.bound ? `bound${seqOf(s.bound.at)}` : '', s.listening !== undefined ? `listening${seqOf(s.listening)}` : '',
        s.connected ? `connected${seqOf(s.connected.at)}` : '', s.shutdown ? `shut down${seqOf(s.shutdown.at)}` : '',
        s.closed !== undefined ? `closed${seqOf(s.closed)}` : 'open'].filter(Boolean).join(' → ')],
    ];
    const box = h('div', {}, table(rows));
    box.append(h('button', { class: 'link', text: 'Show only this socket’s events', on: { click: () => this.p.setSocketFilter(s.id) } }));
    return box;
  }
}

function argText(v: ArgValue): string {
  if (isAddr(v)) return `${formatValue(v)}  (${addrText(v)})`;
  if (isPayload(v)) return `${v.len} bytes (below)`;
  return formatValue(v);
}

function table(rows: string[][]): HTMLElement {
  const t = h('table', { class: 'kv' });
  for (const [k, v] of rows) t.append(h('tr', {}, h('th', { text: k, attrs: { scope: 'row' } }), h('td', { text: v })));
  return t;
}

function payload(hex: string, len: number): HTMLElement {
  const bytes = hexBytes(hex);
  const text = bytes.map((b) => (b === 0x0a || b === 0x09 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '·')).join('');
  const box = h('div', { class: 'payload' },
    h('pre', { class: 'p-text', text, attrs: { 'aria-label': 'Payload as text' } }),
    h('pre', { class: 'p-hex', text: hexDump(bytes).join('\n'), attrs: { 'aria-label': 'Payload as hex' } }));
  if (bytes.length < len) box.append(h('p', { class: 'hint', text: `first ${bytes.length} of ${len} bytes recorded` }));
  return box;
}
