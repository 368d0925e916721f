import { expect } from '../command-checks.js';

/** ONNX Runtime reads `numThreads` once, when its first session starts the runtime. */
let startedThreads = null;
let ort = null;

/**
 * The onnxruntime-web module, configured for the wasm execution provider on `threads` threads the
 * first time; every engine that runs ONNX models calls this before creating a session, so all keep
 * the count the page started with.
 *
 * @param {number} threads
 * @param {URL | null} vendorUrl see {@link import('../baseline-runner.js').BaselineSetup}
 * @returns {Promise<object>} the `onnxruntime-web` module
 * @throws {import('../command-checks.js').BadCommand} (rejects) for another thread count than the running one
 */
export async function startOrt(threads, vendorUrl) {
  expect(startedThreads === null || startedThreads === threads,
    `threads must stay ${startedThreads}: onnxruntime-web keeps the count it started with until the page is reloaded`, threads);
  ort ??= await import('onnxruntime-web');
  if (startedThreads === null) {
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.simd = true;
    if (vendorUrl) ort.env.wasm.wasmPaths = new URL('onnxruntime-web/', vendorUrl).href;
    startedThreads = threads; // the runtime starts in the caller's first session create, failing or not
  }
  return ort;
}
