// Entry point of the standalone page: the panel against a fake host. ?trace=NAME loads fixtures/NAME.jsonl,
// ?compare=NAME answers "open a trace to compare"; window.socklab lets tests drive it.
import { Panel } from '../app';
import { FakeHost, parseJsonl } from './fake-host';

const host = new FakeHost();
const params = new URLSearchParams(location.search);

async function fetchTrace(name: string) {
  const r = await fetch(`fixtures/${encodeURIComponent(name)}.jsonl`);
  if (!r.ok) throw new Error(`no fixture ${name}`);
  return parseJsonl(await r.text());
}

const compare = params.get('compare');
host.compareSource = compare ? async () => ({ title: compare, events: await fetchTrace(compare) }) : null;
const panel = new Panel(host, document.getElementById('app') ?? document.body);
(window as unknown as { socklab: unknown }).socklab = { host, panel, parseJsonl };

const trace = params.get('trace');
if (trace) void fetchTrace(trace).then((ev) => host.load(trace, ev));
