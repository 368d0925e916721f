import { operandDimensions } from '../gemm-problem.js';
import { gemmModel, OUTPUT_NAME } from '../onnx-gemm.js';
import { startOrt } from './ort-runtime.js';

/**
 * ONNX Runtime Web on its wasm execution provider (SIMD, threads through its own workers).
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const ortWeb = {
  async open({ problem, constants, threads, vendorUrl }) {
    const ort = await startOrt(threads, vendorUrl);
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
