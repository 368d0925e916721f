import { expect } from '../command-checks.js';
import { MATMUL_TENSORS, matMulModel } from '../onnx-matmul.js';

/** ONNX Runtime reads `numThreads` once, when its first session starts the runtime. */
let startedThreads = null;
let ort = null;

/**
 * ONNX Runtime Web on its wasm execution provider (SIMD, threads through its own workers).
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const ortWeb = {
  async open({ shape: [M, K, N], b, threads, vendorUrl }) {
    expect(startedThreads === null || startedThreads === threads,
      `threads must stay ${startedThreads}: onnxruntime-web keeps the count it started with until the page is reloaded`, threads);
    ort ??= await import('onnxruntime-web');
    if (startedThreads === null) {
      ort.env.wasm.numThreads = threads;
      ort.env.wasm.simd = true;
      if (vendorUrl) ort.env.wasm.wasmPaths = new URL('onnxruntime-web/', vendorUrl).href;
      startedThreads = threads; // the runtime starts in the create below, failing or not
    }
    const session = await ort.InferenceSession.create(matMulModel([M, K, N], b), { executionProviders: ['wasm'] });
    return {
      version: ort.env.versions.web,
      threads,
      note: null,
      run: async (a) => {
        const outputs = await session.run({ [MATMUL_TENSORS.input]: new ort.Tensor('float32', a, [M, K]) });
        return outputs[MATMUL_TENSORS.output].data;
      },
      close: () => session.release(),
    };
  },
};
