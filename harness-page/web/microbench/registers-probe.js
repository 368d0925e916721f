import { sampleRoundRobin, unitsFor, warmUp } from './timing.js';
import { instantiateThroughputLoop, throughputLoopModule, Update } from './throughput-loop.js';

/**
 * Far more loop back-edges than V8 lets its baseline (Liftoff) code run before it schedules the
 * optimizing (TurboFan) compile of a function.
 */
const PRIMING_ITERATIONS = 1 << 17;

/**
 * Register probe: time per accumulator update of the mul+add throughput loop for each accumulator
 * count of the plan. The time falls while more independent chains hide the update latency, then
 * rises once the accumulators (plus x and y) no longer fit the SIMD registers and spill.
 *
 * @param {ReturnType<import('./plan.js').planMicrobenchmarks>} plan
 * @param {() => number} clock milliseconds
 * @returns {Promise<{unit: 'ns/update', repeats: number, points: {accumulators: number, samples: number[]}[]}>}
 */
export async function measureRegisters(plan, clock) {
  const counts = plan.registers.accumulators;
  const module = await WebAssembly.compile(throughputLoopModule(counts, Update.mulAdd));
  const { loops } = await instantiateThroughputLoop(module, counts);
  // One long call of each loop first: it uses up V8's tier-up budget, so every loop gets compiled
  // by TurboFan in the background while the first ones warm up, and none is timed as Liftoff code
  // because its compile job queued behind the others'.
  for (const run of loops.values()) run(PRIMING_ITERATIONS);
  const workloads = counts.map((accumulators) => {
    const run = loops.get(accumulators);
    const msPerIteration = warmUp(run, plan.warmUp, clock);
    return { run, count: unitsFor(plan.sampleMs, msPerIteration), unitsPerCount: accumulators };
  });
  const samples = sampleRoundRobin(workloads, plan.repeats, clock);
  return {
    unit: 'ns/update',
    repeats: plan.repeats,
    points: counts.map((accumulators, i) => ({ accumulators, samples: samples[i] })),
  };
}
