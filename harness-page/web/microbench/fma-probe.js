import { sampleRoundRobin, unitsFor, warmUp } from './timing.js';
import { instantiateThroughputLoop, throughputLoopModule, Update } from './throughput-loop.js';

/**
 * FMA probe: time per accumulator update of the same throughput loop with mul+add and with
 * f32x4.relaxed_madd, at one accumulator count, sampled alternately. Where the engine lowers
 * relaxed_madd to a fused multiply-add, the update is one instruction with a shorter latency;
 * elsewhere it is mul+add again and both times match.
 *
 * @param {ReturnType<import('./plan.js').planMicrobenchmarks>} plan
 * @param {() => number} clock milliseconds
 * @returns {Promise<{unit: 'ns/update', repeats: number, accumulators: number, mulAdd: number[],
 *   relaxedMadd: number[] | null}>} `relaxedMadd` is null where relaxed SIMD does not validate
 */
export async function measureFma(plan, clock) {
  const { accumulators } = plan.fma;
  const modules = [throughputLoopModule([accumulators], Update.mulAdd)];
  const relaxed = throughputLoopModule([accumulators], Update.relaxedMadd);
  if (WebAssembly.validate(relaxed)) modules.push(relaxed);
  const workloads = [];
  for (const bytes of modules) {
    const { loops } = await instantiateThroughputLoop(await WebAssembly.compile(bytes), [accumulators]);
    const run = loops.get(accumulators);
    const msPerIteration = warmUp(run, plan.warmUp, clock);
    workloads.push({ run, count: unitsFor(plan.sampleMs, msPerIteration), unitsPerCount: accumulators });
  }
  const [mulAdd, relaxedMadd = null] = sampleRoundRobin(workloads, plan.repeats, clock);
  return { unit: 'ns/update', repeats: plan.repeats, accumulators, mulAdd, relaxedMadd };
}
