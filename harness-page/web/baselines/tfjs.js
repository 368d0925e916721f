import { operandDimensions } from '../gemm-problem.js';
import { startTfjs, tanhGelu } from './tfjs-runtime.js';

/**
 * TensorFlow.js, tfjs-core with the wasm backend (XNNPACK, SIMD, threads through its own workers).
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const tfjs = {
  async open({ problem, constants, threads, vendorUrl }) {
    const { core, backend, note } = await startTfjs(threads, vendorUrl);
    const held = Object.fromEntries(Object.entries(constants)
      .map(([name, values]) => [name, core.tensor(values, operandDimensions(problem, name))]));
    const compute = graphOf(core, problem);
    return {
      version: backend.version_wasm,
      threads: backend.getThreadsCount(),
      note,
      run: (fed) => core.tidy(() => {
        const inputs = { ...held };
        for (const [name, values] of Object.entries(fed)) inputs[name] = core.tensor(values, operandDimensions(problem, name));
        return compute(inputs).dataSync();
      }),
      close: () => Object.values(held).forEach((tensor) => tensor.dispose()),
    };
  },
};

/**
 * The problem in TF.js ops, as a TF.js model would write it: `matMul` (batched over a leading
 * dimension), and for Linear the fused MatMul with bias and ReLU the wasm backend offers, GELU
 * following it as its formula.
 */
function graphOf(core, { op, epilogue }) {
  if (op !== 'linear') return ({ a, b }) => core.matMul(a, b);
  const activation = epilogue.activation === 'relu' ? 'relu' : 'linear';
  const linear = ({ a, w, bias }) => core.fused.matMul({ a, b: w, bias, activation });
  if (epilogue.activation !== 'gelu') return linear;
  return (inputs) => tanhGelu(core, linear(inputs));
}
