import { createMulberry32 } from '../prng.js';
import { chaseMemory, LINE_BYTES, linkRandomCycle, pointerChaseModule } from './pointer-chase.js';
import { sampleRoundRobin, unitsFor, warmUp } from './timing.js';

/** Any fixed seed: the same permutations every run, so runs differ only by the device. */
const PERMUTATION_SEED = 0x5eed;

/**
 * Cache probe: latency of dependent loads over a random cycle of cache lines, for each buffer size
 * of the plan, ascending. While the buffer fits a cache level the time per load stays on that
 * level's plateau; it steps up where the buffer outgrows L1, then L2 (and L3, and the TLB reach).
 * Each size is chased once around its whole cycle before it is timed, so it is as cached as it
 * can be.
 *
 * @param {ReturnType<import('./plan.js').planMicrobenchmarks>} plan
 * @param {() => number} clock milliseconds
 * @returns {Promise<{unit: 'ns/load', repeats: number, lineBytes: number,
 *   points: {bytes: number, samples: number[]}[]}>}
 */
export async function measureCache(plan, clock) {
  const { sizes } = plan.cache;
  const largest = Math.max(...sizes);
  const memory = chaseMemory(largest);
  const module = await WebAssembly.compile(pointerChaseModule(largest));
  const { exports } = await WebAssembly.instantiate(module, { env: { memory } });
  const nextUint32 = createMulberry32(PERMUTATION_SEED);
  const points = sizes.map((bytes, i) => {
    linkRandomCycle(memory, bytes, nextUint32);
    let address = 0;
    // Each call goes on where the last stopped, so consecutive calls walk new parts of the cycle.
    const run = (steps) => {
      address = exports.chase(address, steps);
    };
    const minUnits = bytes / LINE_BYTES;
    // Only the first size meets a fresh function; later ones only need their buffer warm.
    const msPerLoad = warmUp(run, { ...(i === 0 ? plan.warmUp : plan.rewarm), minUnits }, clock);
    const [samples] = sampleRoundRobin([{ run, count: unitsFor(plan.sampleMs, msPerLoad), unitsPerCount: 1 }], plan.repeats, clock);
    return { bytes, samples };
  });
  return { unit: 'ns/load', repeats: plan.repeats, lineBytes: LINE_BYTES, points };
}
