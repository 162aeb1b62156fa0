// Which events pass the filters (process, socket, syscall, errors only, text search), as a list of event indexes.
import type { TraceEvent } from '../common/events';
import type { Filters } from './state';
import { filtersActive } from './state';
import { eventText, isError } from './text';

/** A growable list of event indexes. */
export class IndexList {
  data = new Int32Array(1024);
  length = 0;

  push(i: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = i;
  }

  at(k: number): number {
    return this.data[k];
  }

  /** position of event index i, or of the first index after it */
  lowerBound(i: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The lower-cased text of each event, made when first searched (or while the panel is idle) and kept. */
export class SearchText {
  private lines: (string | undefined)[] = [];
  private warmed = 0;

  reset(): void {
    this.lines = [];
    this.warmed = 0;
  }

  /** renders lines until the deadline has under 2 ms left; true when all `upTo` are done */
  warm(events: readonly TraceEvent[], upTo: number, deadline: { timeRemaining(): number }): boolean {
    while (this.warmed < upTo && deadline.timeRemaining() > 2) {
      const end = Math.min(upTo, this.warmed + 500);
      for (let i = this.warmed; i < end; i++) this.line(events, i);
      this.warmed = end;
    }
    return this.warmed >= upTo;
  }

  line(events: readonly TraceEvent[], i: number): string {
    let s = this.lines[i];
    if (s === undefined) {
      const e = events[i];
      s = `${e.pid} ${eventText(e)}`.toLowerCase();
      this.lines[i] = s;
    }
    return s;
  }
}

/**
 * Appends to `out` the indexes from `from` on that pass the filters; returns null when no filter is active
 * (every event shows). onSocket answers the socket filter: did event i act on (or create) socket f.sock?
 */
export function filterEvents(
  events: readonly TraceEvent[],
  f: Filters,
  onSocket: ((i: number) => boolean) | null,
  search: SearchText,
  from = 0,
  out = new IndexList(),
): IndexList | null {
  if (!filtersActive(f)) return null;
  const q = f.text.trim().toLowerCase();
  const { pid, sock, name, errorsOnly } = f;
  for (let i = from; i < events.length; i++) {
    const e = events[i];
    if (pid !== null && e.pid !== pid) continue;
    if (name !== null && (e.type !== 'syscall' || e.name !== name)) continue;
    if (errorsOnly && !isError(e)) continue;
    if (sock !== null && (!onSocket || !onSocket(i))) continue;
    if (q && !search.line(events, i).includes(q)) continue;
    out.push(i);
  }
  return out;
}
