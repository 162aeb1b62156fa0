// npm run bench: each workload untraced, under the minimal ptrace loop, under strace and under socklab,
// measured side by side in one run (medians of interleaved runs) and printed as ratios, since the
// machines are shared and absolute times mean little. Usage: npm run bench [-- --runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const shared = resolve(root, '..', 'shared', 'bench');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const dir = mkdtempSync(join(tmpdir(), 'socklab-bench-'));

// The shared workloads when this checkout sits beside them, else our own equivalents.
function source(name) {
  const s = join(shared, name + '.c');
  return existsSync(s) ? s : join(here, 'workloads', name + '.c');
}
function build(name, src) {
  const exe = join(dir, name);
  execFileSync('cc', ['-O2', '-g', '-o', exe, src ?? source(name)]);
  return exe;
}

const floorSrc = existsSync(join(shared, 'ptrace_floor.c')) ? join(shared, 'ptrace_floor.c') : join(here, 'workloads', 'floor.c');
const floor = build('floor', floorSrc);
const workloads = [
  { name: 'TCP ping-pong, 20k round trips', exe: build('pingpong'), args: ['20000'], aim: { strace: 0.6, floor: 1.2 } },
  { name: 'UDP, 20k datagrams', exe: build('udp'), args: ['20000'], aim: { strace: 0.6, floor: 1.2 } },
  { name: 'mixed, 1M writes to /dev/null', exe: build('mixed'), args: ['1000000'], aim: { floor: 1.1 } },
];
const strace = spawnSync('strace', ['-V']).status === 0;
const cli = join(root, 'bin', 'socklab.js');

function time(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// What every socklab run pays before the program starts: Node's own start-up, measured in this run too.
const nodeStart = median(Array.from({ length: runs }, () => time(process.execPath, ['-e', '0'])));

console.log(`socklab bench: medians of ${runs} interleaved runs; socklab with call sites and 256-byte payloads on`);
console.log(`node -e 0 (start-up that every socklab run includes): ${nodeStart.toFixed(3)} s`);
for (const w of workloads) {
  const ways = {
    untraced: () => time(w.exe, w.args),
    floor: () => time(floor, [w.exe, ...w.args]),
    socklab: () => time(process.execPath, [cli, 'trace', '--format', 'jsonl', '--out', '/dev/null', '--', w.exe, ...w.args]),
    'socklab text': () => time(process.execPath, [cli, 'trace', '--out', '/dev/null', '--', w.exe, ...w.args]),
  };
  if (strace) ways.strace = () => time('strace', ['-f', '--seccomp-bpf', '-qq', '-e', 'trace=%net,close', '-o', '/dev/null', w.exe, ...w.args]);
  const t = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, f] of Object.entries(ways)) t[k].push(f());
  const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
  console.log(`\n${w.name}`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(13)} ${v.toFixed(3)} s`);
  const ratio = (a, b) => (m[a] / m[b]).toFixed(2) + 'x';
  console.log(`  socklab / untraced: ${ratio('socklab', 'untraced')}`);
  console.log(`  socklab / floor:    ${ratio('socklab', 'floor')}  (aim <= ${w.aim.floor}x)`);
  if (strace) console.log(`  socklab / strace:   ${ratio('socklab', 'strace')}${w.aim.strace ? `  (aim <= ${w.aim.strace}x)` : ''}`);
  console.log(`  text format / floor: ${ratio('socklab text', 'floor')}`);
}
rmSync(dir, { recursive: true, force: true });
