// Run by profiles.test.ts as a child (under the deny wrapper or not): traces argv with runner/trace.ts and
// prints {events, degraded, told} as JSON, so the test sees what a front end would, degraded records included.
import { startTrace, type Degraded } from '../../runner/trace';
import type { TraceEvent } from '../../common/events';

async function main(): Promise<void> {
  const told: Degraded[] = [];
  const run = startTrace({ argv: process.argv.slice(2), onDegraded: (d) => told.push(d) });
  const events: TraceEvent[] = [];
  for await (const batch of run.events) events.push(...batch);
  const end = await run.done;
  process.stdout.write(JSON.stringify({ code: end.code, events, degraded: end.degraded, told }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
