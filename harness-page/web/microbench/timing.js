/**
 * Warm-up and sampling for loops whose amount of work is a call argument (`run(count)`).
 * Time is always in milliseconds from `clock`, e.g. `() => performance.now()`.
 */

/** Warm-up calls grow from one unit until a call takes at least this share of `callMs`. */
const TIMEABLE_SHARE = 0.5;
/** A warm-up ends once this many calls in a row failed to beat the best time per unit ... */
const CALLS_WITHOUT_PROGRESS = 3;
/** ... by more than this fraction. */
const PROGRESS = 0.03;

/**
 * Calls `run` until its time per unit has settled: a fresh Wasm function first runs as Liftoff
 * (baseline) code and only later as TurboFan code, compiled in the background once the function is
 * hot; there is no way to ask which tier runs, so this watches the time drop and then stay put.
 * Ends when `minMs` and `minUnits` are both reached and {@link CALLS_WITHOUT_PROGRESS} calls did
 * not improve the best time per unit, or at `maxMs` whatever the time does, but never before
 * `minUnits`.
 *
 * @param {(count: number) => void} run does `count` units of work (count >= 1)
 * @param {{callMs: number, minMs: number, maxMs: number, minUnits?: number}} options `callMs`: how
 *   long each warm-up call should take; `minUnits`: work that must be done anyway (e.g. one pass
 *   over a buffer, to bring it into cache)
 * @param {() => number} clock
 * @returns {number} the best milliseconds per unit seen, to size the timed calls
 */
export function warmUp(run, { callMs, minMs, maxMs, minUnits = 0 }, clock) {
  const start = clock();
  let count = 1;
  let units = 0;
  let bestMsPerUnit = Infinity;
  let callsWithoutProgress = 0;
  for (;;) {
    const callStart = clock();
    run(count);
    const now = clock();
    units += count;
    const msPerUnit = (now - callStart) / count;
    const elapsedMs = now - start;
    if (elapsedMs >= maxMs && units >= minUnits) return Math.min(bestMsPerUnit, msPerUnit);
    if (now - callStart < callMs * TIMEABLE_SHARE) {
      // Too short to time well at the clock's 5 us resolution: grow first, judge later.
      count = Math.max(count * 2, unitsFor(callMs, msPerUnit));
      continue;
    }
    if (msPerUnit < bestMsPerUnit * (1 - PROGRESS)) callsWithoutProgress = 0;
    else callsWithoutProgress++;
    bestMsPerUnit = Math.min(bestMsPerUnit, msPerUnit);
    if (elapsedMs >= minMs && units >= minUnits && callsWithoutProgress >= CALLS_WITHOUT_PROGRESS) return bestMsPerUnit;
    count = unitsFor(callMs, bestMsPerUnit);
  }
}

/**
 * How many units make a call of about `ms`, given `msPerUnit` (at least one, at most 2^31 - 1,
 * the largest i32 count a Wasm loop takes).
 *
 * @param {number} ms
 * @param {number} msPerUnit 0 when the clock did not move
 * @returns {number}
 */
export function unitsFor(ms, msPerUnit) {
  if (!(msPerUnit > 0)) return 1;
  return Math.max(1, Math.min(0x7fffffff, Math.round(ms / msPerUnit)));
}

/**
 * Times `repeats` rounds; each round calls every workload once, in order. Interleaving the
 * workloads spreads slow drifts of the machine (frequency, a background task) over all of them
 * instead of letting one drift bend the curve.
 *
 * @param {{run: (count: number) => void, count: number, unitsPerCount: number}[]} workloads each
 *   call is `run(count)`, which does `count * unitsPerCount` of the units being reported
 * @param {number} repeats
 * @param {() => number} clock
 * @returns {number[][]} per workload, `repeats` samples in nanoseconds per unit
 */
export function sampleRoundRobin(workloads, repeats, clock) {
  const samples = workloads.map(() => []);
  for (let round = 0; round < repeats; round++) {
    workloads.forEach(({ run, count, unitsPerCount }, i) => {
      const start = clock();
      run(count);
      samples[i].push(((clock() - start) * 1e6) / (count * unitsPerCount));
    });
  }
  return samples;
}
