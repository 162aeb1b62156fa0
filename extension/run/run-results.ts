// The last run's results as the editor shows them: events by call site, and the calls of each source file as
// it was compiled, so lenses and diagnostics can follow later edits. No vscode.
import type { SignalEvent, SyscallEvent, TraceEvent } from '../../common/events';
import type { BlockedCall } from '../../runner/trace';
import { advise, type Advice } from '../editor/advice';
import { compiledLines } from '../editor/lens-align';
import { SiteIndex, summarize } from '../editor/lens-model';
import { findSocketCalls, type SourceCall } from '../editor/source-calls';

export interface CallResult {
  call: SourceCall;
  /** what the last run did there; undefined when the call was not reached */
  text?: string;
  events: SyscallEvent[];
  advice: Advice[];
  /** the program is in this call right now, and has been for a while */
  waiting?: boolean;
}

const WAITING = ' … waiting now';

export class RunResults {
  readonly index = new SiteIndex();
  private compiled = new Map<string, SourceCall[]>();
  /** a run has happened for these files (so "not reached" means something) */
  private ran = new Set<string>();
  /** thread -> the call it has been waiting in (told by the tracer), until that call's event comes */
  private waiting = new Map<number, BlockedCall>();
  port: number | undefined;
  /** the run is still going, so a call not reached may yet be */
  live = false;
  /** socket calls the run made (every syscall event is one) */
  calls = 0;
  /** the fault or abort that killed the program (its line when the trace has it) */
  crash: SignalEvent | undefined;

  /** A new run of `sources` (path -> text as compiled). */
  start(sources: Map<string, string>, port: number | undefined): void {
    this.index.clear();
    this.compiled = new Map([...sources].map(([file, text]) => [file, findSocketCalls(text)]));
    this.ran = new Set(sources.keys());
    this.waiting.clear();
    this.port = port;
    this.live = true;
    this.calls = 0;
    this.crash = undefined;
  }

  add(events: readonly TraceEvent[]): void {
    this.index.add(events);
    for (const e of events) {
      if (e.type === 'syscall') this.calls++;
      else if (e.type === 'signal' && (e.addr !== undefined || e.signal === 'SIGABRT')) this.crash ??= e;
    }
    // nearly always empty: a call is told as waiting only after 200 ms in the kernel
    if (this.waiting.size === 0) return;
    for (const e of events) {
      if (e.type === 'syscall') this.waiting.delete(e.tid);
      else if (e.type === 'exit' && e.tid !== undefined) this.waiting.delete(e.tid);
      else if (e.type === 'exit') for (const [tid, b] of this.waiting) if (b.pid === e.pid) this.waiting.delete(tid);
    }
  }

  /** A call the program has been waiting in for a while (accept() before any client). */
  blocked(call: BlockedCall): void {
    this.waiting.set(call.tid, call);
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
    const waitingAt = new Set([...this.waiting.values()].filter((b) => b.site?.file === file).map((b) => b.site!.line));
    const seen = new Set<number>();
    return current.map((call, i) => {
      const old = oldLines[i];
      // one lens per line: the first call on it gets the line's events
      const first = old !== undefined && !seen.has(old);
      const g = first ? groups.get(old + 1) : undefined;
      const waiting = first && waitingAt.has(old + 1);
      if (old !== undefined) seen.add(old);
      if (!g) return waiting ? { call, events: [], advice: [], waiting, text: call.name + '()' + WAITING } : { call, events: [], advice: [] };
      const text = summarize(g.events, call.name) + (waiting ? WAITING : '');
      return { call, events: g.events, text, advice: advise(g.events, call.name, this.port), waiting };
    });
  }
}
