// Near-miss names: "did you mean" for symbols, keys and values the user misspelled.

/** Levenshtein distance between two strings, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
      if (prev[j] < rowMin) rowMin = prev[j];
    }
    if (rowMin > limit) return limit + 1;
  }
  return prev[b.length];
}

/**
 * The candidates closest to `name`, nearest first (then alphabetical). Spelling variants that differ only in
 * case, `-`/`_` or a missing separator (`virtiofs` for `virtio-fs`) count as distance 0.
 */
export function nearestOf(name: string, candidates: Iterable<string>, max = 3): string[] {
  const squash = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '');
  const limit = Math.max(2, Math.floor(name.length / 4));
  const scored: { n: string; d: number }[] = [];
  // Once, not once per candidate: a file with hundreds of thousands of unknown names spent half its time here.
  const squashed = squash(name);
  for (const c of candidates) {
    if (c === name || c === '') continue;
    const d = squash(c) === squashed ? 0 : editDistance(name, c, limit);
    if (d <= limit) scored.push({ n: c, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1));
  return scored.slice(0, max).map((s) => s.n);
}
