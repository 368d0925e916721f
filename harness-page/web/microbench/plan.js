/** What `run-microbenchmarks` gets when the command names no budget. */
export const DEFAULT_BUDGET_MS = 4000;

/**
 * Budgets accepted: below the minimum the samples would be too short to time at 5 us, above the
 * maximum nothing gets better and the page stays busy for nothing.
 */
export const BUDGET_LIMITS = Object.freeze({ minMs: 1000, maxMs: 60000 });

const KIB = 1024;

/**
 * Accumulators of the FMA and thread probes' loop: few enough to stay in registers on any SIMD CPU
 * (2 more hold x and y), enough to keep the floating-point pipes busy rather than waiting on one
 * dependency chain.
 */
const FITTING_ACCUMULATORS = 8;

/**
 * Buffer sizes of the cache probe: powers of two from 4 KiB to 8 MiB and the midpoints between
 * them (3 * 2^k), ascending, so L1 (32-64 KiB) and L2 (256 KiB-2 MiB) each fall between two points
 * no more than 1.5x apart.
 */
const CACHE_SIZES = Object.freeze((() => {
  const sizes = [];
  for (let bytes = 4 * KIB; bytes < 8 * KIB * KIB; bytes *= 2) sizes.push(bytes, (bytes * 3) / 2);
  sizes.push(8 * KIB * KIB);
  return sizes;
})());

/**
 * The fixed shape of the measurement (which points, how many samples) and its durations, which
 * scale with the budget. At the default budget a run takes under half of it in headless Chromium
 * on a 2-core x86 VM; the rest is margin for slower devices, whose DRAM misses, Wasm compiles and
 * worker start-ups take longer.
 *
 * @param {number} budgetMs within {@link BUDGET_LIMITS}
 * @returns {object} frozen plan: `repeats`; `sampleMs` (length of one timed call); `warmUp` (for a
 *   fresh function) and `rewarm` (for a hot function on new data), both {callMs, minMs, maxMs} for
 *   timing.warmUp; `registers.accumulators`; `cache.sizes`; `fma.accumulators`;
 *   `threads.accumulators` and `threads.workMs` (one thread's time for the fixed total work)
 */
export function planMicrobenchmarks(budgetMs) {
  const scale = budgetMs / DEFAULT_BUDGET_MS;
  // maxMs bounds what a noisy machine, where the time never settles, costs: with 41 warm-ups it,
  // not the sampling, would otherwise decide whether a run keeps to its budget.
  const warmUp = { callMs: 0.5 * scale, minMs: 15 * scale, maxMs: 40 * scale };
  return Object.freeze({
    // Enough samples for a median that one disturbed sample (a GC, another process) cannot move.
    repeats: 9,
    sampleMs: 1.5 * scale,
    warmUp: Object.freeze(warmUp),
    rewarm: Object.freeze({ ...warmUp, minMs: 0, maxMs: 20 * scale }),
    // Even counts from 4 to 32: past 16 registers (x86-64) and up to 32 (AArch64).
    registers: Object.freeze({ accumulators: Object.freeze(Array.from({ length: 15 }, (_, i) => 4 + 2 * i)) }),
    cache: Object.freeze({ sizes: CACHE_SIZES }),
    fma: Object.freeze({ accumulators: FITTING_ACCUMULATORS }),
    threads: Object.freeze({ accumulators: FITTING_ACCUMULATORS, workMs: 20 * scale }),
  });
}

/**
 * The command's budget, checked.
 *
 * @param {unknown} budgetMs from the command; undefined or null means {@link DEFAULT_BUDGET_MS}
 * @returns {number}
 */
export function readBudgetMs(budgetMs) {
  if (budgetMs === undefined || budgetMs === null) return DEFAULT_BUDGET_MS;
  const { minMs, maxMs } = BUDGET_LIMITS;
  if (!(typeof budgetMs === 'number' && budgetMs >= minMs && budgetMs <= maxMs)) {
    throw new RangeError(`budgetMs must be a number from ${minMs} to ${maxMs}, got ${JSON.stringify(budgetMs)}`);
  }
  return budgetMs;
}
