// The panel's copy of the host's trace: a snapshot, then numbered deltas; a missing delta means asking for a snapshot.
import type { ShownEnd } from '../common/run-end';
import type { TraceEvent } from '../common/events';

export type DeltaResult = 'appended' | 'duplicate' | 'gap' | 'other-session';

export class TraceReplica {
  events: TraceEvent[] = [];
  session = '';
  title = '';
  /** number of the last delta applied */
  n = 0;
  live = false;
  end: ShownEnd | undefined;
  /** bumped when the events are replaced rather than appended to */
  generation = 0;
  /** events the current snapshot has in all; more than events.length while its parts arrive */
  total = 0;

  snapshot(session: string, title: string, events: TraceEvent[], n: number, live: boolean, end?: ShownEnd, total = events.length): void {
    this.session = session;
    this.title = title;
    this.events = events;
    this.total = total;
    this.n = n;
    this.live = live;
    this.end = end;
    this.generation++;
  }

  /** the next part of the snapshot; false when it belongs to another session or nothing was awaited */
  part(session: string, events: TraceEvent[]): boolean {
    if (session !== this.session || this.events.length >= this.total) return false;
    for (const e of events) this.events.push(e);
    return true;
  }

  loading(): boolean {
    return this.events.length < this.total;
  }

  delta(session: string, n: number, events: TraceEvent[], end?: ShownEnd): DeltaResult {
    if (session !== this.session) return 'other-session';
    // a delta cannot overtake the snapshot's parts (messages keep their order): one now means parts were lost
    if (this.loading()) return 'gap';
    if (n <= this.n) return 'duplicate';
    if (n !== this.n + 1) return 'gap';
    // push in a loop: spreading a large batch into push() can overflow the call stack
    for (const e of events) this.events.push(e);
    this.total = this.events.length;
    this.n = n;
    if (end) {
      this.end = end;
      this.live = false;
    }
    return 'appended';
  }

  /** the event index of a syscall seq (seqs ascend with the index), or -1 */
  indexOfSeq(seq: number): number {
    const ev = this.events;
    let lo = 0, hi = ev.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      // non-syscall events carry no seq: step to the nearest syscall on the left
      let m = mid;
      while (m >= lo && ev[m].type !== 'syscall') m--;
      if (m < lo) {
        lo = mid + 1;
        continue;
      }
      const s = (ev[m] as { seq: number }).seq;
      if (s === seq) return m;
      if (s < seq) lo = mid + 1;
      else hi = m - 1;
    }
    return -1;
  }
}
