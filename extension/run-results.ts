// The last run's results as the editor shows them: events by call site, and the calls of each source file as
// it was compiled, so lenses and diagnostics can follow later edits. No vscode.
import type { SyscallEvent, TraceEvent } from '../common/events';
import { advise } from './advise-line';
import type { Advice } from './advice';
import { compiledLines } from './lens-align';
import { SiteIndex, summarize } from './lens-model';
import { findSocketCalls, type SourceCall } from './source-calls';

export interface CallResult {
  call: SourceCall;
  /** what the last run did there; undefined when the call was not reached */
  text?: string;
  events: SyscallEvent[];
  advice: Advice[];
}

export class RunResults {
  readonly index = new SiteIndex();
  private compiled = new Map<string, SourceCall[]>();
  /** a run has happened for these files (so "not reached" means something) */
  private ran = new Set<string>();
  port: number | undefined;

  /** A new run of `sources` (path -> text as compiled). */
  start(sources: Map<string, string>, port: number | undefined): void {
    this.index.clear();
    this.compiled = new Map([...sources].map(([file, text]) => [file, findSocketCalls(text)]));
    this.ran = new Set(sources.keys());
    this.port = port;
  }

  add(events: readonly TraceEvent[]): void {
    this.index.add(events);
  }

  hasRun(file: string): boolean {
    return this.ran.has(file);
  }

  /** Each socket call in the current text of `file`, with what the last run did there. */
  forDocument(file: string, text: string): CallResult[] {
    const current = findSocketCalls(text);
    const compiled = this.compiled.get(file);
    if (!compiled) return current.map((call) => ({ call, events: [], advice: [] }));
    const oldLines = compiledLines(compiled, current);
    const groups = this.index.forFile(file);
    const seen = new Set<number>();
    return current.map((call, i) => {
      const old = oldLines[i];
      // one lens per line: the first call on it gets the line's events
      const g = old !== undefined && !seen.has(old) ? groups.get(old + 1) : undefined;
      if (old !== undefined) seen.add(old);
      if (!g) return { call, events: [], advice: [] };
      return { call, events: g.events, text: summarize(g.events, call.name), advice: advise(g.events, call.name, this.port) };
    });
  }
}
