// Exports of a trace, computed by pure code the host can call: JSONL (the tracer's own format) and Chrome
// trace-event JSON (opens in Perfetto and chrome://tracing; times there are microseconds).
import type { TraceEvent } from '../common/events';

export function toJsonl(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}

interface ChromeEvent {
  name: string;
  ph: 'X' | 'i' | 'M';
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  cat?: string;
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ns' | 'ms';
  otherData?: Record<string, string>;
}

/** Each syscall a complete ('X') slice on its thread; process starts, execs, signals and exits as instants. */
export function toChromeTrace(events: readonly TraceEvent[], title = 'Socket Lab trace'): ChromeTrace {
  const out: ChromeEvent[] = [];
  const named = new Set<number>();
  const us = (ns: number) => ns / 1000;
  for (const e of events) {
    switch (e.type) {
      case 'syscall':
        out.push({
          name: e.name, cat: e.errno ? 'syscall,error' : 'syscall', ph: 'X', pid: e.pid, tid: e.tid, ts: us(e.ts), dur: us(e.dur),
          args: { seq: e.seq, args: e.args, ret: e.ret, ...(e.errno ? { errno: e.errno } : {}), ...(e.restart ? { restart: e.restart } : {}), ...(e.site ? { site: `${e.site.file}:${e.site.line} ${e.site.function}` } : {}), ...(e.sock ? { sock: e.sock } : {}) },
        });
        break;
      case 'exec':
        out.push({ name: 'process_name', ph: 'M', pid: e.pid, tid: e.pid, ts: 0, args: { name: `${e.path} (${e.pid})` } });
        named.add(e.pid);
        out.push({ name: 'execve', ph: 'i', s: 't', pid: e.pid, tid: e.pid, ts: us(e.ts), args: { path: e.path, argv: e.argv } });
        break;
      case 'spawn':
        out.push({ name: e.thread ? 'thread start' : e.how, ph: 'i', s: 'p', pid: e.pid, tid: e.tid, ts: us(e.ts), args: { parent: e.parent } });
        break;
      case 'signal':
        out.push({ name: e.signal, ph: 'i', s: 't', pid: e.pid, tid: e.tid, ts: us(e.ts), cat: 'signal', args: { from: e.from, code: e.code } });
        break;
      case 'exit':
        out.push({ name: e.signal ? `killed by ${e.signal}` : `exit ${e.code ?? ''}`.trim(), ph: 'i', s: 'p', pid: e.pid, tid: e.tid ?? e.pid, ts: us(e.ts) });
        break;
    }
  }
  for (const e of events) {
    if (!named.has(e.pid)) {
      named.add(e.pid);
      out.push({ name: 'process_name', ph: 'M', pid: e.pid, tid: e.pid, ts: 0, args: { name: `pid ${e.pid}` } });
    }
  }
  return { traceEvents: out, displayTimeUnit: 'ns', otherData: { title } };
}
