import { expect } from '../command-checks.js';
import { operandDimensions } from '../gemm-problem.js';
import { gemmModel, OUTPUT_NAME } from '../onnx-gemm.js';

/** ONNX Runtime reads `numThreads` once, when its first session starts the runtime. */
let startedThreads = null;
let ort = null;

/**
 * ONNX Runtime Web on its wasm execution provider (SIMD, threads through its own workers).
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const ortWeb = {
  async open({ problem, constants, threads, vendorUrl }) {
    expect(startedThreads === null || startedThreads === threads,
      `threads must stay ${startedThreads}: onnxruntime-web keeps the count it started with until the page is reloaded`, threads);
    ort ??= await import('onnxruntime-web');
    if (startedThreads === null) {
      ort.env.wasm.numThreads = threads;
      ort.env.wasm.simd = true;
      if (vendorUrl) ort.env.wasm.wasmPaths = new URL('onnxruntime-web/', vendorUrl).href;
      startedThreads = threads; // the runtime starts in the create below, failing or not
    }
    const session = await ort.InferenceSession.create(gemmModel(problem, constants), { executionProviders: ['wasm'] });
    return {
      version: ort.env.versions.web,
      threads,
      note: null,
      run: async (fed) => {
        const feeds = Object.fromEntries(Object.entries(fed)
          .map(([name, values]) => [name, new ort.Tensor('float32', values, operandDimensions(problem, name))]));
        return (await session.run(feeds))[OUTPUT_NAME].data;
      },
      close: () => session.release(),
    };
  },
};
