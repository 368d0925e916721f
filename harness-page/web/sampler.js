/**
 * Hard stops for one measurement, whatever `repeats` and `minTimeMs` ask for, so a huge minimum
 * time or a very fast kernel cannot keep the page busy indefinitely.
 */
export const SAMPLING_LIMITS = Object.freeze({ maxSamples: 10000, maxWallMs: 60000 });

/**
 * Times single calls of `run`: first `warmup` untimed calls (JIT tiers, caches), then timed calls
 * until at least `repeats` samples AND `minTimeMs` of summed sample time are reached, or a limit
 * of {@link SAMPLING_LIMITS} is hit. Synchronous on purpose: awaiting between calls would add
 * microtask latency to every sample.
 *
 * @param {() => unknown} run the work to time
 * @param {{warmup: number, repeats: number, minTimeMs: number}} measure
 * @param {() => number} clock milliseconds, e.g. `() => performance.now()`
 * @returns {number[]} every timed sample in milliseconds, in order
 */
export function measureSamples(run, { warmup, repeats, minTimeMs }, clock) {
  for (let i = 0; i < warmup; i++) run();
  const samplesMs = [];
  let sampledMs = 0;
  const startedAt = clock();
  while (samplesMs.length < repeats || sampledMs < minTimeMs) {
    if (samplesMs.length >= SAMPLING_LIMITS.maxSamples) break;
    const before = clock();
    if (before - startedAt >= SAMPLING_LIMITS.maxWallMs) break;
    run();
    const sampleMs = clock() - before;
    samplesMs.push(sampleMs);
    sampledMs += sampleMs;
  }
  return samplesMs;
}
