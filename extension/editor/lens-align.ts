// Keeps a run's results on the right calls while the file is edited: the calls found in the text that was
// compiled are matched to the calls in the current text by name, in order (a longest common subsequence),
// so a result moves with its call and disappears when the call is gone. Pure.
import type { SourceCall } from './source-calls';

/** For each current call's index, the index of the compiled call it is, or -1. */
export function alignCalls(compiled: readonly SourceCall[], current: readonly SourceCall[]): number[] {
  const n = compiled.length;
  const m = current.length;
  // lcs[i][j]: the longest match of compiled[i..] and current[j..]
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = compiled[i].name === current[j].name ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = new Array<number>(m).fill(-1);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (compiled[i].name === current[j].name && lcs[i][j] === lcs[i + 1][j + 1] + 1) out[j++] = i++;
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/** The line each current call had in the compiled text (0-based), or undefined for a new call. */
export function compiledLines(compiled: readonly SourceCall[], current: readonly SourceCall[]): (number | undefined)[] {
  return alignCalls(compiled, current).map((i) => (i < 0 ? undefined : compiled[i].line));
}
