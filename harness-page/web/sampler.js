/**
 * Hard stops for one measurement, whatever `repeats` and `minTimeMs` ask for, so a huge minimum
 * time or a very fast kernel cannot keep the page busy indefinitely.
 */
export const SAMPLING_LIMITS = Object.freeze({ maxSamples: 10000, maxWallMs: 60000 });

/** What {@link samplingPlan} asks for next: a warm-up call or a timed one. */
const UNTIMED = 'untimed';
const TIMED = 'timed';

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
export function measureSamples(run, measure, clock) {
  const plan = samplingPlan(measure, clock);
  let step = plan.next();
  while (!step.done) {
    if (step.value === UNTIMED) {
      run();
      step = plan.next();
    } else {
      const before = clock();
      run();
      step = plan.next(clock() - before);
    }
  }
  return step.value;
}

/**
 * The twin of {@link measureSamples} for work that completes asynchronously (a baseline's
 * `session.run`): each sample spans the call and the settling of its promise. Same stopping rules.
 *
 * @param {() => unknown | Promise<unknown>} run the work to time
 * @param {{warmup: number, repeats: number, minTimeMs: number}} measure
 * @param {() => number} clock milliseconds
 * @returns {Promise<number[]>} every timed sample in milliseconds, in order
 */
export async function measureSamplesAsync(run, measure, clock) {
  const plan = samplingPlan(measure, clock);
  let step = plan.next();
  while (!step.done) {
    if (step.value === UNTIMED) {
      await run();
      step = plan.next();
    } else {
      const before = clock();
      await run();
      step = plan.next(clock() - before);
    }
  }
  return step.value;
}

/**
 * The stopping rules, shared by both samplers: yields UNTIMED or TIMED for each call to make, takes
 * back the duration of each timed call, and returns the samples. Its own clock reading (for the
 * wall-time cap) happens before the caller's, outside the timed span.
 */
function* samplingPlan({ warmup, repeats, minTimeMs }, clock) {
  for (let i = 0; i < warmup; i++) yield UNTIMED;
  const samplesMs = [];
  let sampledMs = 0;
  const startedAt = clock();
  while (samplesMs.length < repeats || sampledMs < minTimeMs) {
    if (samplesMs.length >= SAMPLING_LIMITS.maxSamples) break;
    if (clock() - startedAt >= SAMPLING_LIMITS.maxWallMs) break;
    const sampleMs = yield TIMED;
    samplesMs.push(sampleMs);
    sampledMs += sampleMs;
  }
  return samplesMs;
}
