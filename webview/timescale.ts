// The timeline's arithmetic, kept free of the DOM so it can be tested alone: axis ticks at 1/2/5 steps with
// readable units (ns, µs, ms, s, min), and the boxes a lane's calls become at a given zoom.

const UNITS: [string, number][] = [['ns', 1], ['µs', 1e3], ['ms', 1e6], ['s', 1e9], ['min', 60e9]];

/** The smallest step of the form {1, 2, 5} × 10^k ns (or × 10^k min past a minute) that is at least `ns`. */
export function niceStep(ns: number): number {
  if (!(ns > 0)) return 1;
  const base = ns >= 60e9 ? 60e9 : 1;
  const x = Math.max(ns / base, base === 1 ? 1 : 0);
  const pow = Math.pow(10, Math.floor(Math.log10(x)));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= x * (1 - 1e-9)) ?? 10) * pow * base;
  // 50 s is followed by 1 min, not 100 s
  return base === 1 && step > 60e9 ? 60e9 : step;
}

/** The unit a value of this size reads best in: the largest whose 1 it reaches. */
export function unitFor(ns: number): [string, number] {
  let u = UNITS[0];
  for (const v of UNITS) if (Math.abs(ns) >= v[1]) u = v;
  return u;
}

export interface Tick {
  /** absolute time, ns */
  t: number;
  label: string;
}

/**
 * Ticks for the span [start, end] drawn over `px` pixels, at least `minPx` apart, labelled relative to `origin`
 * (the run's first call) in one unit for the whole axis, with as many decimals as the step needs.
 */
export function ticks(start: number, end: number, px: number, origin = 0, minPx = 80): Tick[] {
  if (!(end > start) || px <= 0) return [];
  const step = niceStep(((end - start) * minPx) / px);
  const far = Math.max(Math.abs(start - origin), Math.abs(end - origin), step);
  // minutes only for steps of whole minutes: 10 s steps read as "90 s", not "1.5 min"
  const [unit, scale] = step < 60e9 && far >= 60e9 ? UNITS[3] : unitFor(far);
  const decimals = Math.max(0, Math.min(9, Math.ceil(-Math.log10(step / scale) - 1e-9)));
  const out: Tick[] = [];
  const first = origin + Math.ceil((start - origin) / step - 1e-9) * step;
  for (let k = 0; k < 1000; k++) {
    const t = first + k * step;
    if (t > end + step * 1e-9) break;
    const v = (t - origin) / scale;
    out.push({ t, label: `${(Math.abs(v) < 1e-12 ? 0 : v).toFixed(decimals)} ${unit}` });
  }
  return out;
}

export interface Span {
  /** the event's index */
  i: number;
  ts: number;
  dur: number;
  name: string;
}

export interface Box {
  i: number;
  x: number;
  w: number;
  /** the call's name fits inside the box */
  label: boolean;
}

export interface BoxOptions {
  /** width of a call that took (almost) no time, so it can still be seen and clicked */
  minW: number;
  /** average width of a label character, px */
  charW: number;
  /** an index drawn even when it shares its pixel column with another call */
  keep?: number;
}

/**
 * The boxes of one lane's calls (in time order) between `start` and `start + width * nsPerPx`: x from the
 * lane's left edge, width proportional to the call's duration but never under `minW`. Calls narrower than a
 * pixel that fall in a column already drawn are left out: a million instant calls cost a few thousand boxes.
 */
export function layoutBoxes(spans: Iterable<Span>, start: number, nsPerPx: number, width: number, o: BoxOptions): Box[] {
  const out: Box[] = [];
  const end = start + width * nsPerPx;
  let lastCol = -Infinity;
  for (const s of spans) {
    if (s.ts > end) break;
    if (s.ts + s.dur < start) continue;
    const x = (s.ts - start) / nsPerPx;
    const real = s.dur / nsPerPx;
    const col = Math.floor(x);
    if (real < 1 && col <= lastCol && s.i !== o.keep) continue;
    const w = Math.max(o.minW, real);
    lastCol = Math.floor(x + w - 1);
    const shown = Math.min(x + w, width) - Math.max(x, 0);
    out.push({ i: s.i, x, w, label: shown >= s.name.length * o.charW + 6 });
  }
  return out;
}
