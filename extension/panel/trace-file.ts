// The last run's trace, kept in the workspace's storage so that a reloaded window (a new extension host)
// shows it again. One JSON line with the title and how the run ended, then the events. No vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceEvent } from '../../common/events';
import type { ShownEnd } from '../../common/run-end';

export interface SavedTrace {
  title: string;
  end?: ShownEnd;
  events: TraceEvent[];
}

/** Beyond this the file would take long to read back; the panel says how many of the run's events it has. */
export const SAVED_MAX = 100_000;

export async function saveTrace(file: string, t: Omit<SavedTrace, 'events'> & { events: readonly TraceEvent[] }): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = fs.createWriteStream(tmp);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(JSON.stringify({ title: t.title, end: t.end }) + '\n');
  const n = Math.min(t.events.length, SAVED_MAX);
  for (let i = 0; i < n; i += 1000) await write(t.events.slice(i, Math.min(n, i + 1000)).map((e) => JSON.stringify(e) + '\n').join(''));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  await fs.promises.rename(tmp, file);
}

/** The saved trace, or undefined when there is none or it is not one (it is read as untrusted text). */
export async function loadTrace(file: string): Promise<SavedTrace | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const [head, ...lines] = text.split('\n').filter(Boolean);
    const h = JSON.parse(head) as { title?: unknown; end?: ShownEnd };
    if (typeof h.title !== 'string') return undefined;
    const events = lines.map((l) => JSON.parse(l) as TraceEvent).filter((e) => e && typeof e === 'object' && typeof e.type === 'string');
    return { title: h.title, end: h.end && typeof h.end === 'object' ? h.end : undefined, events };
  } catch {
    return undefined;
  }
}
