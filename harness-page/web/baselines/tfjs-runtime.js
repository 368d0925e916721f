import { expect } from '../command-checks.js';

/** The wasm backend initialises once per page, with the thread count it had then. */
let startedThreads = null;
/** The start of the backend, kept: a failed start fails every later command the same way. */
let started = null;
/** Set when the backend started under a raised `navigator.hardwareConcurrency`. */
let concurrencyNote = null;

/**
 * @typedef {object} TfjsRuntime
 * @property {object} core the `@tensorflow/tfjs-core` module, its backend set to wasm
 * @property {object} backend the `@tensorflow/tfjs-backend-wasm` module
 * @property {string | null} note what was done to the page for the backend to start with the threads asked
 */

/**
 * TensorFlow.js with the wasm backend (XNNPACK, SIMD, threads through its own workers), started on
 * `threads` threads by the first caller; every engine that runs TF.js calls this, so all keep the
 * count the page started with.
 *
 * @param {number} threads
 * @param {URL | null} vendorUrl see {@link import('../baseline-runner.js').BaselineSetup}
 * @returns {Promise<TfjsRuntime>}
 * @throws {import('../command-checks.js').BadCommand} (rejects) for another thread count than the running one
 */
export async function startTfjs(threads, vendorUrl) {
  expect(startedThreads === null || startedThreads === threads,
    `threads must stay ${startedThreads}: the TF.js wasm backend keeps the count it started with until the page is reloaded`, threads);
  startedThreads = threads;
  started ??= start(threads, vendorUrl);
  return { ...(await started), note: concurrencyNote };
}

/**
 * GELU in its tanh form, the one our kernels compute: TF.js has no GELU op, so this is the formula
 * in element-wise ops, as a TF.js model writes it.
 *
 * @param {object} core tfjs-core
 * @param {object} x a tf.Tensor
 * @returns {object} a tf.Tensor
 */
export function tanhGelu(core, x) {
  const inner = core.mul(core.add(x, core.mul(core.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return core.mul(core.mul(x, 0.5), core.add(core.tanh(inner), 1));
}

async function start(threads, vendorUrl) {
  const [core, backend] = await Promise.all([import('@tensorflow/tfjs-core'), import('@tensorflow/tfjs-backend-wasm')]);
  if (vendorUrl) backend.setWasmPaths(new URL('tfjs-backend-wasm/', vendorUrl).href);
  backend.setThreadsCount(threads);
  const restore = raiseConcurrency(2 * threads);
  try {
    if (!(await core.setBackend('wasm'))) throw new Error('the TF.js wasm backend failed to initialise');
    await core.ready();
  } finally {
    restore();
  }
  return { core, backend };
}

/**
 * The backend gives XNNPACK at most `navigator.hardwareConcurrency / 2` threads, whatever
 * setThreadsCount asked for: one on a 2-core machine. For a fair threaded baseline the page
 * reports at least `cores` while the backend starts, then the truth again.
 *
 * @returns {() => void} undoes the override
 */
function raiseConcurrency(cores) {
  const navigator = globalThis.navigator;
  // Node has no navigator (the backend counts os.cpus() there): nothing to raise.
  if (!navigator || navigator.hardwareConcurrency >= cores) return () => {};
  concurrencyNote = `navigator.hardwareConcurrency raised from ${navigator.hardwareConcurrency} to ${cores} `
    + 'while the TF.js wasm backend initialised, which caps its threads at half of it';
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true });
  return () => delete navigator.hardwareConcurrency; // the prototype's getter shows through again
}
