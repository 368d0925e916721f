import { createBarrier } from './barrier.js';
import { KernelRejected } from './evaluation.js';

/**
 * @typedef {object} KernelThreads one kernel loaded on its workers, for one command
 * @property {() => Promise<Float32Array>} call one call by all threads; C afterwards
 * @property {(measure: object) => Promise<number[]>} measure warm-ups and samples of calls by all
 *   threads, timed by thread 0 from the start of a call to the end of the slowest share
 * @property {() => Promise<void>} close lets the other threads go; must follow a successful start
 */

/**
 * Loads the kernel on every worker (thread i = worker i) and sets threads 1.. waiting for rounds.
 *
 * @param {import('./worker-pool.js').WorkerThread[]} threads
 * @param {object} load the `load` message without the per-thread fields (see kernel-worker.js);
 *   its `type` may name another load, `load-model`
 * @param {(threadIndex: number) => Array} argumentsOf the entry point's arguments per thread (a
 *   model's: its calls)
 * @returns {Promise<KernelThreads>} rejects with {@link KernelRejected} if the kernel does not load
 */
export async function startKernelThreads(threads, load, argumentsOf) {
  const threadCount = threads.length;
  const barrier = threadCount > 1 ? createBarrier() : null;
  await Promise.all(threads.map((thread, threadIndex) => ask(thread, {
    type: 'load', ...load, args: argumentsOf(threadIndex), threadIndex, threadCount, barrier,
  })));
  const [leader, ...followers] = threads;
  const served = Promise.all(followers.map((follower) => ask(follower, { type: 'serve' })));
  served.catch(() => {}); // awaited by close(); no unhandled rejection meanwhile
  return {
    call: async () => (await ask(leader, { type: 'call' })).c,
    measure: async (measure) => (await ask(leader, { type: 'measure', measure })).samplesMs,
    close: async () => {
      if (followers.length === 0) return;
      await ask(leader, { type: 'release' });
      await served;
    },
  };
}

/** A request whose failed reply throws: the kernel's failures as {@link KernelRejected}. */
async function ask(thread, message) {
  const reply = await thread.request(message);
  if (reply.ok) return reply;
  throw reply.fatal ? new Error(reply.error) : new KernelRejected(reply.error);
}
