/** More threads than any device has cores: a guard against spawning workers without end. */
const MAX_THREADS = 64;

/** The command cannot be run as sent: answered as an `error`, never as an invalid kernel. */
export class BadCommand extends Error {
  name = 'BadCommand';
}

/**
 * Rejects a malformed command; the message shows the offending value.
 *
 * @param {boolean} ok
 * @param {string} requirement what the command must satisfy
 * @param {unknown} value what it sent
 */
export function expect(ok, requirement, value) {
  if (!ok) throw new BadCommand(`${requirement}, got ${JSON.stringify(value)}`);
}

/**
 * @param {unknown} measure
 * @returns {{warmup: number, repeats: number, minTimeMs: number}}
 */
export function readMeasure(measure) {
  expect(measure !== null && typeof measure === 'object', 'measure must be {warmup, repeats, minTimeMs}', measure);
  const { warmup, repeats, minTimeMs } = measure;
  expect(Number.isInteger(warmup) && warmup >= 0, 'measure.warmup must be an integer >= 0', warmup);
  expect(Number.isInteger(repeats) && repeats >= 1, 'measure.repeats must be an integer >= 1', repeats);
  expect(Number.isFinite(minTimeMs) && minTimeMs >= 0, 'measure.minTimeMs must be a number >= 0', minTimeMs);
  return { warmup, repeats, minTimeMs };
}

/**
 * @param {unknown} seed
 * @returns {number}
 */
export function readSeed(seed) {
  expect(Number.isInteger(seed), 'seed must be an integer', seed);
  return seed;
}

/**
 * @param {unknown} threads the command's `threads`; absent means one
 * @returns {number} an integer in [1, {@link MAX_THREADS}]
 */
export function readThreads(threads = 1) {
  expect(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS, `threads must be an integer in [1, ${MAX_THREADS}]`, threads);
  return threads;
}
