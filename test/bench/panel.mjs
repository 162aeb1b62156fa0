// Browser benchmark of the trace panel (npm run bench:panel): for 100k and 1M synthetic events, the time from
// the host's snapshot to the first painted list, to apply each kind of filter, to open the other views, and the
// JS heap. Prints numbers only; nothing here asserts on time. Args: event counts (default 100000 1000000).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!counts.length) counts.push(100_000, 1_000_000);

const { buildWebview } = await import(join(root, 'webview', 'build.mjs'));
await buildWebview({ standalone: true, minify: true });
const { chromium } = await import('playwright-core');

const page_dir = join(root, 'dist', 'webview-standalone');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const file = join(page_dir, p === '/' ? 'index.html' : p.slice(1));
  if (!file.startsWith(page_dir)) return res.writeHead(403).end();
  let body;
  try {
    body = await readFile(file);
  } catch {
    return res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--js-flags=--expose-gc --max-old-space-size=8192'],
});

/** Runs inside the page: makes n events of a TCP ping-pong between a server and a client, as the tracer writes them. */
function synth(n) {
  const hex = (s) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  const A = (addr, port) => ({ family: 'AF_INET', addr, port });
  const ev = [];
  let ts = 0, seq = 0;
  const sys = (pid, name, args, ret, sock, errno) => {
    const e = { type: 'syscall', pid, ts, seq: ++seq, tid: pid, dur: 2000 + (seq % 7) * 900, name, args, ret, site: { file: 'pingpong.c', line: 40 + (seq % 30), function: pid === 100 ? 'serve' : 'client' } };
    if (sock) e.sock = sock;
    if (errno) e.errno = errno;
    ts += e.dur + 500;
    ev.push(e);
  };
  const srv = () => ({ inode: 9001, family: 'AF_INET', type: 'SOCK_STREAM', local: A('127.0.0.1', 8080), peer: A('127.0.0.1', 45000) });
  const cli = () => ({ inode: 9002, family: 'AF_INET', type: 'SOCK_STREAM', local: A('127.0.0.1', 45000), peer: A('127.0.0.1', 8080) });
  ev.push({ type: 'exec', pid: 100, ts: 0, path: './pingpong', argv: ['./pingpong'] });
  sys(100, 'socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_TCP' }, 3);
  sys(100, 'bind', { sockfd: 3, addr: A('0.0.0.0', 8080), addrlen: 16 }, 0, { inode: 9000, family: 'AF_INET', type: 'SOCK_STREAM', local: A('0.0.0.0', 8080) });
  sys(100, 'listen', { sockfd: 3, backlog: 8 }, 0, { inode: 9000, family: 'AF_INET', type: 'SOCK_STREAM', local: A('0.0.0.0', 8080) });
  ev.push({ type: 'spawn', pid: 101, ts, tid: 101, parent: 100, how: 'fork', thread: false });
  sys(101, 'socket', { domain: 'AF_INET', type: 'SOCK_STREAM', protocol: 'IPPROTO_TCP' }, 4);
  sys(101, 'connect', { sockfd: 4, addr: A('127.0.0.1', 8080), addrlen: 16 }, 0, cli());
  sys(100, 'accept', { sockfd: 3, addr: A('127.0.0.1', 45000), addrlen: 16 }, 5, { inode: 9000, family: 'AF_INET', type: 'SOCK_STREAM', local: A('0.0.0.0', 8080) });
  for (let k = 0; ev.length < n; k++) {
    const msg = `ping ${k} `.padEnd(48, '.');
    sys(101, 'write', { fd: 4, buf: { hex: hex(msg), len: 48 }, count: 48 }, 48, cli());
    if (k % 97 === 0) sys(100, 'recvfrom', { sockfd: 5, buf: null, len: 64, flags: 'MSG_DONTWAIT', src_addr: null, addrlen: null }, -1, srv(), 'EAGAIN');
    sys(100, 'read', { fd: 5, buf: { hex: hex(msg), len: 48 }, count: 64 }, 48, srv());
    sys(100, 'write', { fd: 5, buf: { hex: hex('pong'), len: 4 }, count: 4 }, 4, srv());
    sys(101, 'read', { fd: 4, buf: { hex: hex('pong'), len: 4 }, count: 64 }, 4, cli());
  }
  ev.length = n;
  return ev;
}

async function measure(n) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => 'socklab' in window);
  const heap = () => page.evaluate(() => { gc(); return performance.memory.usedJSHeapSize; });
  const base = await heap();
  await page.evaluate(`window.__synth = (${synth.toString()})(${n}); 0`);
  const withEvents = await heap();
  // from the host starting to post the snapshot (in parts, structured clone included) to the frame after the
  // list was first drawn, and to the frame after the last part was in
  const load = await page.evaluate((n) => new Promise((done) => {
    const t0 = performance.now();
    let first = 0;
    window.socklab.host.title = 'bench';
    window.socklab.host.sendSnapshot(window.__synth);
    window.__synth = null;
    // polled from animation frames: a frame that finds the rows drawn is the one that paints them
    const wait = () => {
      const now = performance.now() - t0;
      if (!first && document.querySelector('.event-list .row')) first = now;
      if ((document.querySelector('.status')?.textContent ?? '').includes(`· ${n} events`)) done({ first: first || now, all: now });
      else requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  }), n);
  const firstPaint = load.first;
  const loaded = await heap();
  // time to the frame after the change was drawn
  const timeIt = (fn) => page.evaluate(`new Promise((done) => {
    const t0 = performance.now();
    (${fn})();
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));
  })`);
  const select = (label, value) => `() => { const s = document.querySelector('select[aria-label="${label}"]'); s.value = '${value}'; s.dispatchEvent(new Event('change')); }`;
  const search = (q) => `() => { const s = document.querySelector('input[type=search]'); s.value = '${q}'; s.dispatchEvent(new Event('input')); }`;
  const clearAll = `() => document.querySelector('.toolbar button').click()`;
  const r = { n, firstPaint, allIn: load.all };
  r.pid = await timeIt(select('Process', '101'));
  await timeIt(clearAll);
  r.syscall = await timeIt(select('System call', 'recvfrom'));
  await timeIt(clearAll);
  r.errors = await timeIt(`() => document.querySelector('#sl-errors').click()`);
  await timeIt(clearAll);
  // the search box waits 120 ms for typing to pause; time the filter itself by calling it as the box would
  await page.evaluate(search('ping 4242 '));
  r.searchCold = await timeIt(`() => window.socklab.panel.setFilters({ text: 'ping 4242 ' })`);
  r.searchWarm = await timeIt(`() => window.socklab.panel.setFilters({ text: 'pong' })`);
  await timeIt(clearAll);
  r.sequenceTab = await timeIt(`() => document.querySelector('#tab-sequence').click()`);
  r.socket = await timeIt(`() => window.socklab.panel.setSocketFilter(1)`);
  await timeIt(clearAll);
  r.timelineTab = await timeIt(`() => document.querySelector('#tab-timeline').click()`);
  r.scroll = await timeIt(`() => { document.querySelector('#tab-events').click(); const v = document.querySelector('.viewport'); v.scrollTop = v.scrollHeight / 2; }`);
  r.heapBase = base;
  r.heapEventsMB = (withEvents - base) / 2 ** 20;
  r.heapLoadedMB = (loaded - base) / 2 ** 20;
  r.heapAllMB = ((await heap()) - base) / 2 ** 20;
  await ctx.close();
  return r;
}

const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
for (const n of counts) {
  const r = await measure(n);
  console.log(`\n${n.toLocaleString('en')} events`);
  console.log(`  first paint (snapshot -> list drawn)  ${ms(r.firstPaint)}`);
  console.log(`  all events in (last snapshot part)    ${ms(r.allIn)}`);
  console.log(`  filter: process                       ${ms(r.pid)}`);
  console.log(`  filter: syscall                       ${ms(r.syscall)}`);
  console.log(`  filter: errors only                   ${ms(r.errors)}`);
  console.log(`  search: first (renders every line)    ${ms(r.searchCold)}`);
  console.log(`  search: again                         ${ms(r.searchWarm)}`);
  console.log(`  open sequence view (socket analysis)  ${ms(r.sequenceTab)}`);
  console.log(`  filter: socket (analysis cached)      ${ms(r.socket)}`);
  console.log(`  open timeline                         ${ms(r.timelineTab)}`);
  console.log(`  jump-scroll the list                  ${ms(r.scroll)}`);
  console.log(`  JS heap: events as received ${r.heapEventsMB.toFixed(0)} MB; after the panel drew them ${r.heapLoadedMB.toFixed(0)} MB; after all views ${r.heapAllMB.toFixed(0)} MB`);
}
await browser.close();
server.close();
