import { startKernelThreads } from '../kernel-threads.js';

/**
 * @typedef {object} Placement a kernel loaded where a QoE pass runs it
 * @property {() => unknown} infer one inference; a promise when it runs elsewhere
 * @property {() => Promise<void> | void} pause what the caller does between inferences
 * @property {() => number} wasmBytes bytes of the kernel's Wasm memory
 * @property {() => Promise<void>} close
 */

/**
 * The kernel on the page's main thread, as an app that infers there would run it: each inference
 * is one synchronous call, and between inferences the loop yields to the event loop with a
 * macrotask, so rendering, input and timers get their turn only between calls.
 *
 * @param {ReturnType<import('../kernel-runner.js').placeableKernel>} kernel of one thread
 * @returns {Promise<Placement>}
 */
export async function placeOnMainThread(kernel) {
  const memory = kernel.mainThreadMemory();
  // Asynchronous: Chromium refuses to compile large modules synchronously on the main thread.
  const { instance } = await WebAssembly.instantiate(kernel.bytes, { env: { memory } });
  const entry = instance.exports[kernel.entryPoint];
  if (typeof entry !== 'function') throw new Error(`module exports no function "${kernel.entryPoint}"`);
  const args = kernel.argumentsOf(0);
  const tasks = createTaskYielder();
  return {
    infer: () => entry(...args),
    pause: tasks.next,
    wasmBytes: () => memory.buffer.byteLength,
    close: async () => tasks.close(),
  };
}

/**
 * The kernel on kernel workers, as an app that infers off the main thread would run it: each
 * inference is a request to the workers and their reply, and the next request follows at once.
 * The reply carries C, as an app receives its output: the main thread's JS heap shows those copies.
 *
 * @param {ReturnType<import('../kernel-runner.js').placeableKernel>} kernel
 * @param {{acquire: (count: number) => import('../worker-pool.js').WorkerThread[]}} pool
 * @returns {Promise<Placement>}
 */
export async function placeOnWorkers(kernel, pool) {
  const module = await WebAssembly.compile(kernel.bytes);
  const threads = await startKernelThreads(pool.acquire(kernel.threads), kernel.workerLoad(module), kernel.argumentsOf);
  return {
    infer: () => threads.call(),
    pause: () => {},
    // The workers hold the memory (an unshared one is even created there): its size as created.
    wasmBytes: () => kernel.memoryBytes,
    close: () => threads.close(),
  };
}

/**
 * Inferences back to back (with the placement's pause between them) until `durationMs` has
 * passed; at least one.
 *
 * @param {Placement} placement
 * @param {number} durationMs
 * @param {() => number} clock milliseconds
 * @returns {Promise<number[]>} each inference's time, as the page saw it: a worker's includes
 *   the request and its reply
 */
export async function inferRepeatedly(placement, durationMs, clock) {
  const samplesMs = [];
  const endMs = clock() + durationMs;
  do {
    const startMs = clock();
    await placement.infer();
    samplesMs.push(clock() - startMs);
    await placement.pause();
  } while (clock() < endMs);
  return samplesMs;
}

/**
 * Yields to the event loop with a MessageChannel task: `setTimeout(0)` would do too, but browsers
 * clamp nested timers to 4 ms, which would hand the page idle time no real app loop leaves.
 */
function createTaskYielder() {
  const { port1, port2 } = new MessageChannel();
  const waiting = [];
  port1.onmessage = () => waiting.shift()();
  return {
    next: () => new Promise((resolve) => {
      waiting.push(resolve);
      port2.postMessage(null);
    }),
    close: () => port1.close(),
  };
}
