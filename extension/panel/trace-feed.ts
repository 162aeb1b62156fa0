// The events of the current run on the host side: kept up to a cap (for the lenses, export and the saved
// trace) and fed to the panel as a snapshot, then as numbered deltas (common/protocol.ts), which the panel's
// TraceReplica (webview/trace-replica.ts) puts back together. Pure: the panel controller posts what this produces.
import type { TraceEvent } from '../../common/events';
import { snapshotMessages, type HostToWebview } from '../../common/protocol';
import type { ShownEnd } from '../../common/run-end';

export class TraceFeed {
  private events: TraceEvent[] = [];
  private pending: TraceEvent[] = [];
  private n = 0;
  private dropped = 0;
  private endState: ShownEnd | undefined;
  private endSent = false;
  session = '';
  title = '';
  live = false;

  constructor(private cap: number) {}

  /** Starts a new run: earlier events are forgotten. */
  reset(session: string, title: string, cap: number): void {
    this.events = [];
    this.pending = [];
    this.n = 0;
    this.dropped = 0;
    this.endState = undefined;
    this.endSent = false;
    this.session = session;
    this.title = title;
    this.live = true;
    this.cap = cap;
  }

  /** Keeps events up to the cap; returns those kept, for the lenses. */
  append(batch: readonly TraceEvent[]): TraceEvent[] {
    const room = Math.max(0, this.cap - this.events.length);
    const kept = batch.length <= room ? batch.slice() : batch.slice(0, room);
    this.dropped += batch.length - kept.length;
    for (const e of kept) this.events.push(e);
    for (const e of kept) this.pending.push(e);
    return kept;
  }

  end(end: ShownEnd): void {
    this.live = false;
    this.endState = end;
  }

  get ended(): ShownEnd | undefined {
    return this.endState;
  }

  /** A finished run read back (the last trace of an earlier window). */
  restore(session: string, title: string, events: readonly TraceEvent[], end: ShownEnd | undefined): void {
    this.reset(session, title, this.cap);
    this.append(events);
    this.pending = [];
    this.live = false;
    this.endState = end ?? {};
  }

  /** The next delta, when there are new events or the end has not been sent yet. */
  takeDelta(): HostToWebview | undefined {
    const sendEnd = this.endState !== undefined && !this.endSent;
    if (this.pending.length === 0 && !sendEnd) return undefined;
    const events = this.pending;
    this.pending = [];
    this.n++;
    if (sendEnd) this.endSent = true;
    return { type: 'delta', session: this.session, n: this.n, events, ...(sendEnd ? { end: this.endState } : {}) };
  }

  /** Everything so far, as a snapshot in parts; pending events are folded in, so deltas go on from here. */
  snapshot(): HostToWebview[] {
    this.pending = [];
    if (this.endState !== undefined) this.endSent = true;
    return snapshotMessages({ session: this.session, title: this.title, n: this.n, live: this.live, end: this.endState }, this.events);
  }

  all(): readonly TraceEvent[] {
    return this.events;
  }

  get count(): number {
    return this.events.length;
  }

  get droppedCount(): number {
    return this.dropped;
  }
}
