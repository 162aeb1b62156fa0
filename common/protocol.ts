// The messages between the extension host and the trace panel: one discriminated union per direction.
// Pure module (no vscode, no DOM, no Node I/O); the host validates what it receives with parseWebviewMessage.
import type { CallSite, TraceEvent } from './events';
import type { ShownEnd } from './run-end';

/**
 * Host -> panel. A (re)shown panel gets a snapshot; then deltas numbered n = 1, 2, ... within a session.
 * A large snapshot comes in parts (snapshotMessages): the panel draws the first part while the rest arrives.
 */
export type HostToWebview =
  | {
      type: 'snapshot';
      /** identifies one traced run; deltas of another session are ignored */
      session: string;
      title: string;
      /** the first part of the events */
      events: TraceEvent[];
      /** how many events the whole snapshot has; the others follow in snapshotPart messages */
      total: number;
      /** the number of the last delta folded into this snapshot (0 for none) */
      n: number;
      /** the program is still running: more deltas will follow */
      live: boolean;
      end?: ShownEnd;
    }
  /** the next events of the last snapshot, in order; sent before any later delta */
  | { type: 'snapshotPart'; session: string; events: TraceEvent[] }
  | {
      type: 'delta';
      session: string;
      /** exactly one more than the previous delta's; a gap makes the panel ask for a snapshot */
      n: number;
      events: TraceEvent[];
      /** set on the last delta of a run */
      end?: ShownEnd;
    }
  | { type: 'compare'; title: string; events: TraceEvent[] }
  | { type: 'clearCompare' }
  /** the editor's cursor is on this line: the panel highlights that line's events */
  | { type: 'cursor'; file: string; line: number }
  /** show this line's events (a CodeLens was clicked): highlight them, select the first and scroll to it */
  | { type: 'showLine'; file: string; line: number };

/**
 * Cloning a message costs about 10 µs per event. The first part is small, so the panel draws soon; the
 * others are sized to keep each message task short.
 */
export const SNAPSHOT_FIRST = 500;
export const SNAPSHOT_PART = 5000;

/** The messages that carry a snapshot of `events`: the snapshot with the first part, then its other parts. */
export function snapshotMessages(
  s: { session: string; title: string; n: number; live: boolean; end?: ShownEnd },
  events: readonly TraceEvent[],
  first = SNAPSHOT_FIRST,
  part = SNAPSHOT_PART,
): HostToWebview[] {
  const out: HostToWebview[] = [
    { type: 'snapshot', session: s.session, title: s.title, events: events.slice(0, first), total: events.length, n: s.n, live: s.live, end: s.end },
  ];
  for (let i = first; i < events.length; i += part) out.push({ type: 'snapshotPart', session: s.session, events: events.slice(i, i + part) });
  return out;
}

export type ExportFormat = 'jsonl' | 'chrome';

/** Panel -> host. Comes from an iframe: the host must validate it before use. */
export type WebviewToHost =
  | { type: 'ready' }
  /** a delta was missing: send a full snapshot; `have` is the last delta number applied */
  | { type: 'resync'; session: string; have: number }
  /** an event was selected: reveal and highlight its source line */
  | { type: 'reveal'; seq: number; site: CallSite }
  | { type: 'export'; format: ExportFormat }
  /** the user asked to open a second trace beside this one */
  | { type: 'pickCompare' };

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

function isSite(x: unknown): x is CallSite {
  return isObj(x) && typeof x.file === 'string' && isInt(x.line) && typeof x.function === 'string';
}

/** The message if it is a well-formed WebviewToHost, else undefined. Extra fields are dropped. */
export function parseWebviewMessage(x: unknown): WebviewToHost | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  const t = x.type as WebviewToHost['type'];
  switch (t) {
    case 'ready':
      return { type: 'ready' };
    case 'pickCompare':
      return { type: 'pickCompare' };
    case 'resync':
      return typeof x.session === 'string' && isInt(x.have)
        ? { type: 'resync', session: x.session, have: x.have }
        : undefined;
    case 'reveal':
      return isInt(x.seq) && isSite(x.site)
        ? { type: 'reveal', seq: x.seq, site: { file: x.site.file, line: x.site.line, function: x.site.function } }
        : undefined;
    case 'export':
      return x.format === 'jsonl' || x.format === 'chrome' ? { type: 'export', format: x.format } : undefined;
    default:
      return undefined;
  }
}
