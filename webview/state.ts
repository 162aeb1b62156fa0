// The panel's UI state (tab, filters, selection, zoom, column widths): what setState keeps. Trace data is never part of it.

export type Tab = 'events' | 'timeline' | 'sequence' | 'sockets' | 'compare';
export const TABS: readonly Tab[] = ['events', 'timeline', 'sequence', 'sockets', 'compare'];

export interface Filters {
  pid: number | null;
  /** a socket id of the trace model */
  sock: number | null;
  name: string | null;
  errorsOnly: boolean;
  text: string;
}

/** the event list's columns a user may resize; the call column takes the rest */
export type SizedColumn = 'seq' | 'ts' | 'pid' | 'dur';
export const SIZED_COLUMNS: readonly SizedColumn[] = ['seq', 'ts', 'pid', 'dur'];
/** widths in CSS px of the columns the user resized */
export type ColumnWidths = Partial<Record<SizedColumn, number>>;

export interface UiState {
  v: 1;
  tab: Tab;
  filters: Filters;
  /** seq of the selected syscall */
  selected: number | null;
  timeline: { start: number; nsPerPx: number } | null;
  columns: ColumnWidths;
}

export const NO_FILTERS: Filters = { pid: null, sock: null, name: null, errorsOnly: false, text: '' };

export function defaultState(): UiState {
  return { v: 1, tab: 'events', filters: { ...NO_FILTERS }, selected: null, timeline: null, columns: {} };
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** A UiState from whatever getState returned (older versions, or nothing), with defaults for the rest. */
export function restoreState(x: unknown): UiState {
  const s = defaultState();
  if (typeof x !== 'object' || x === null) return s;
  const o = x as Record<string, unknown>;
  if (o.v !== 1) return s;
  if (typeof o.tab === 'string' && (TABS as string[]).includes(o.tab)) s.tab = o.tab as Tab;
  const f = (o.filters ?? {}) as Record<string, unknown>;
  s.filters = {
    pid: num(f.pid),
    sock: num(f.sock),
    name: typeof f.name === 'string' ? f.name : null,
    errorsOnly: f.errorsOnly === true,
    text: typeof f.text === 'string' ? f.text : '',
  };
  s.selected = num(o.selected);
  const t = o.timeline as Record<string, unknown> | null | undefined;
  const start = num(t?.start), nsPerPx = num(t?.nsPerPx);
  if (start !== null && nsPerPx !== null && nsPerPx > 0) s.timeline = { start, nsPerPx };
  const c = (o.columns ?? {}) as Record<string, unknown>;
  for (const col of SIZED_COLUMNS) {
    const w = num(c[col]);
    if (w !== null && w > 0 && w < 10_000) s.columns[col] = w;
  }
  return s;
}

export function filtersActive(f: Filters): boolean {
  return f.pid !== null || f.sock !== null || f.name !== null || f.errorsOnly || f.text.trim() !== '';
}
