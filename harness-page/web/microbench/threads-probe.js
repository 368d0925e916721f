import { createBarrier, leadRound, releaseFollowers } from '../barrier.js';
import { instantiateThroughputLoop, throughputLoopModule, Update } from './throughput-loop.js';
import { unitsFor, warmUp } from './timing.js';
import { requestOnce } from './worker-request.js';

/**
 * Thread probe: wall time of one fixed amount of pure register work (the throughput loop, whose
 * only memory traffic is a few loads and stores per call) split evenly over 1..hardwareConcurrency
 * threads started together. This worker is thread 0, the barrier's leader; threads 1.. are
 * ./thread-worker.js followers. speedup(n) = time(1) / time(n).
 *
 * Must run in a worker: the barrier blocks in Atomics.wait, which a page's main thread may not.
 *
 * @param {ReturnType<import('./plan.js').planMicrobenchmarks>} plan
 * @param {() => number} clock milliseconds
 * @returns {Promise<{unit: 'ms', repeats: number, points: {threads: number, samples: number[]}[]}>}
 */
export async function measureThreadScaling(plan, clock) {
  const { accumulators, workMs } = plan.threads;
  const threadCounts = Array.from({ length: navigator.hardwareConcurrency }, (_, i) => i + 1);
  const module = await WebAssembly.compile(throughputLoopModule([accumulators], Update.mulAdd));
  const followers = threadCounts.slice(1).map(() => new Worker(new URL('./thread-worker.js', import.meta.url), { type: 'module' }));
  try {
    // The followers warm up while this thread does.
    const followersLoaded = Promise.all(followers.map((follower) => requestOnce(follower, {
      type: 'load', module, accumulators, warmUp: plan.warmUp,
    })));
    const { loops } = await instantiateThroughputLoop(module, [accumulators]);
    const run = loops.get(accumulators);
    const totalIterations = unitsFor(workMs, warmUp(run, plan.warmUp, clock));
    await followersLoaded;

    const points = [];
    for (const threads of threadCounts) {
      const iterations = Math.round(totalIterations / threads);
      const share = () => run(iterations);
      const barrier = createBarrier();
      const served = Promise.all(followers.slice(0, threads - 1).map((follower, i) => requestOnce(follower, {
        type: 'serve', barrier, threadIndex: i + 1, iterations,
      })));
      // Not timed: it also waits for the followers to get their message and start serving.
      leadRound(barrier, threads, share);
      const samples = [];
      for (let repeat = 0; repeat < plan.repeats; repeat++) {
        const start = clock();
        leadRound(barrier, threads, share);
        samples.push(clock() - start);
      }
      releaseFollowers(barrier);
      await served;
      points.push({ threads, samples });
    }
    return { unit: 'ms', repeats: plan.repeats, points };
  } finally {
    for (const follower of followers) follower.terminate();
  }
}
