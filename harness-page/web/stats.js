/**
 * Quantile of ascending `sorted` values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, numpy's default, Excel's PERCENTILE.INC): with h = (n - 1) * q,
 * the result is x[floor h] + (h - floor h) * (x[floor h + 1] - x[floor h]).
 * q = 0.5 gives the usual median: the middle value, or the mean of the two middle ones.
 *
 * @param {ArrayLike<number>} sorted ascending, non-empty
 * @param {number} q in [0, 1]
 * @returns {number}
 */
export function quantileSorted(sorted, q) {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
}

/**
 * Summary of latency samples; field names match the protocol's `stats` object.
 *
 * @param {ArrayLike<number>} samplesMs at least one sample
 * @returns {{n: number, medianMs: number, p10Ms: number, p90Ms: number, minMs: number, meanMs: number}}
 */
export function summarize(samplesMs) {
  if (samplesMs.length === 0) throw new RangeError('cannot summarize zero samples');
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const sample of sorted) sum += sample;
  return {
    n: sorted.length,
    medianMs: quantileSorted(sorted, 0.5),
    p10Ms: quantileSorted(sorted, 0.1),
    p90Ms: quantileSorted(sorted, 0.9),
    minMs: sorted[0],
    meanMs: sum / sorted.length,
  };
}
