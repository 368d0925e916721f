import { expect } from '../command-checks.js';

/** The wasm backend initialises once per page, with the thread count it had then. */
let startedThreads = null;
/** The start of the backend, kept: a failed start fails every later command the same way. */
let started = null;
/** Set when the backend started under a raised `navigator.hardwareConcurrency`. */
let concurrencyNote = null;

/**
 * TensorFlow.js, tfjs-core with the wasm backend (XNNPACK, SIMD, threads through its own workers).
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const tfjs = {
  async open({ shape: [M, K, N], b, threads, vendorUrl }) {
    expect(startedThreads === null || startedThreads === threads,
      `threads must stay ${startedThreads}: the TF.js wasm backend keeps the count it started with until the page is reloaded`, threads);
    startedThreads = threads;
    started ??= start(threads, vendorUrl);
    const { core, backend } = await started;
    const weight = core.tensor2d(b, [K, N]);
    return {
      version: backend.version_wasm,
      threads: backend.getThreadsCount(),
      note: concurrencyNote,
      run: (a) => {
        const input = core.tensor2d(a, [M, K]);
        const product = core.matMul(input, weight);
        const c = product.dataSync();
        input.dispose();
        product.dispose();
        return c;
      },
      close: () => weight.dispose(),
    };
  },
};

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
