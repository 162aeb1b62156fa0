// The filter bar: process, socket and syscall pickers, errors only, text search, and the export buttons.
import type { ExportFormat } from '../common/protocol';
import type { SocketLife } from '../common/trace-model';
import { clear, h } from './dom';
import type { Filters } from './state';
import { socketLabel } from './views/details';

export interface ToolbarHooks {
  change(f: Partial<Filters>): void;
  /** the socket picker is about to open: make sure its options are there */
  wantSockets(): void;
  exportAs(format: ExportFormat): void;
}

export class Toolbar {
  readonly el: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly pid: HTMLSelectElement;
  private readonly sock: HTMLSelectElement;
  private readonly name: HTMLSelectElement;
  private readonly errors: HTMLInputElement;
  /** what the process and call lists were last filled with (null: not yet, so the first fill always happens) */
  private pidsKey: string | null = null;
  private namesKey: string | null = null;
  private sockCount = -1;
  private searchTimer = 0;

  constructor(hooks: ToolbarHooks) {
    const num = (v: string) => (v === '' ? null : Number(v));
    this.pid = h('select', { attrs: { 'aria-label': 'Process' }, on: { change: () => hooks.change({ pid: num(this.pid.value) }) } });
    this.sock = h('select', {
      attrs: { 'aria-label': 'Socket' },
      on: { change: () => hooks.change({ sock: num(this.sock.value) }), focus: () => hooks.wantSockets(), mousedown: () => hooks.wantSockets() },
    });
    this.name = h('select', { attrs: { 'aria-label': 'System call' }, on: { change: () => hooks.change({ name: this.name.value || null }) } });
    this.errors = h('input', { attrs: { type: 'checkbox', id: 'sl-errors' }, on: { change: () => hooks.change({ errorsOnly: this.errors.checked }) } });
    this.search = h('input', {
      class: 'search',
      attrs: { type: 'search', placeholder: 'Search calls (/)', 'aria-label': 'Search the calls’ text', spellcheck: 'false' },
      on: {
        input: () => {
          clearTimeout(this.searchTimer);
          this.searchTimer = window.setTimeout(() => hooks.change({ text: this.search.value }), 120);
        },
        keydown: (ev) => {
          if (ev.key === 'Escape' && this.search.value) {
            this.search.value = '';
            hooks.change({ text: '' });
            ev.stopPropagation();
          }
        },
      },
    });
    const reset = h('button', { class: 'secondary', text: 'Clear filters', on: { click: () => hooks.change({ pid: null, sock: null, name: null, errorsOnly: false, text: '' }) } });
    const exp = (format: ExportFormat, text: string, label: string) => h('button', { class: 'secondary', text, attrs: { title: label, 'aria-label': label }, on: { click: () => hooks.exportAs(format) } });
    this.el = h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Filters and export' } },
      this.pid, this.sock, this.name,
      h('label', { class: 'check', attrs: { for: 'sl-errors' } }, this.errors, ' Errors only'),
      this.search, reset,
      h('span', { class: 'grow' }),
      exp('jsonl', 'Export JSONL', 'Export the trace as JSON lines'),
      exp('chrome', 'Export for Perfetto', 'Export as Chrome trace-event JSON, which Perfetto opens'));
    this.setProcesses([]);
    this.setNames([]);
    this.setSockets(null);
  }

  show(f: Filters): void {
    this.pid.value = f.pid === null ? '' : String(f.pid);
    this.name.value = f.name ?? '';
    this.errors.checked = f.errorsOnly;
    if (document.activeElement !== this.search) this.search.value = f.text;
    if (f.sock !== null && !this.sock.querySelector(`option[value="${f.sock}"]`)) {
      this.sock.append(h('option', { text: `socket #${f.sock}`, attrs: { value: f.sock } }));
    }
    this.sock.value = f.sock === null ? '' : String(f.sock);
  }

  setProcesses(pids: number[]): void {
    const key = pids.join(',');
    if (key === this.pidsKey) return;
    this.pidsKey = key;
    const v = this.pid.value;
    fill(this.pid, 'All processes', pids.map((p) => [String(p), `pid ${p}`]));
    this.pid.value = v;
  }

  setNames(names: string[]): void {
    const sorted = names.slice().sort();
    const key = sorted.join(',');
    if (key === this.namesKey) return;
    this.namesKey = key;
    const v = this.name.value;
    fill(this.name, 'All calls', sorted.map((n) => [n, n]));
    this.name.value = v;
  }

  setSockets(sockets: SocketLife[] | null): void {
    if (sockets && sockets.length === this.sockCount) return;
    this.sockCount = sockets ? sockets.length : -1;
    const v = this.sock.value;
    fill(this.sock, 'All sockets', (sockets ?? []).map((s) => [String(s.id), socketLabel(s)]));
    this.sock.value = v;
  }
}

function fill(sel: HTMLSelectElement, all: string, options: [string, string][]): void {
  clear(sel);
  sel.append(h('option', { text: all, attrs: { value: '' } }));
  for (const [value, text] of options) sel.append(h('option', { text, attrs: { value } }));
}
