/**
 * Hard stops for one measurement, whatever `repeats` and `minTimeMs` ask for, so a huge minimum
 * time or a very fast kernel cannot keep the page busy indefinitely.
 */
export const SAMPLING_LIMITS = Object.freeze({ maxSamples: 10000, maxWallMs: 60000 });

/**
 * A sample shorter than this would be mostly timer quantum (5 µs when cross-origin isolated, 100 µs
 * otherwise): faster work is timed in batches of calls this long, and a sample is the batch's mean.
 */
export const MIN_SAMPLE_MS = 0.5;
const MAX_CALLS_PER_SAMPLE = 100000;
/** A call the clock could not see at all is taken as this long to size its batch. */
const UNSEEN_CALL_MS = 0.001;

/**
 * Times calls of `run`: first `warmup` untimed calls (JIT tiers, caches), then timed samples until
 * at least `repeats` samples AND `minTimeMs` of summed sample time are reached, or a limit of
 * {@link SAMPLING_LIMITS} is hit. The first timed call sizes the samples: a call shorter than
 * {@link MIN_SAMPLE_MS} is timed in batches, each sample being the mean call time of its batch.
 * Synchronous on purpose: awaiting between calls would add microtask latency to every sample.
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
    const { timed, calls } = step.value;
    const before = timed ? clock() : 0;
    for (let i = 0; i < calls; i++) run();
    step = plan.next(timed ? clock() - before : undefined);
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
    const { timed, calls } = step.value;
    const before = timed ? clock() : 0;
    for (let i = 0; i < calls; i++) await run();
    step = plan.next(timed ? clock() - before : undefined);
  }
  return step.value;
}

/**
 * The stopping rules, shared by both samplers: yields `{timed, calls}` for each step, takes back the
 * duration of each timed step, and returns the samples. Its own clock reading (for the wall-time
 * cap) happens before the caller's, outside the timed span.
 */
function* samplingPlan({ warmup, repeats, minTimeMs }, clock) {
  for (let i = 0; i < warmup; i++) yield { timed: false, calls: 1 };
  const startedAt = clock();
  const firstMs = yield { timed: true, calls: 1 };
  const calls = firstMs >= MIN_SAMPLE_MS ? 1
    : Math.min(MAX_CALLS_PER_SAMPLE, Math.ceil(MIN_SAMPLE_MS / Math.max(firstMs, UNSEEN_CALL_MS)));
  const samplesMs = calls === 1 ? [firstMs] : [];
  let sampledMs = firstMs;
  while (samplesMs.length < repeats || sampledMs < minTimeMs) {
    if (samplesMs.length >= SAMPLING_LIMITS.maxSamples) break;
    if (clock() - startedAt >= SAMPLING_LIMITS.maxWallMs) break;
    const batchMs = yield { timed: true, calls };
    samplesMs.push(batchMs / calls);
    sampledMs += batchMs;
  }
  return samplesMs;
}
