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
      run: (fed) => {
        const inputs = { ...held };
        const fedTensors = Object.entries(fed).map(([name, values]) => {
          inputs[name] = core.tensor(values, operandDimensions(problem, name));
          return inputs[name];
        });
        // The output is read outside tidy: reading it inside made the wasm backend's MatMul ~5x slower here.
        const output = core.tidy(() => compute(inputs));
        const c = output.dataSync();
        output.dispose();
        fedTensors.forEach((tensor) => tensor.dispose());
        return c;
      },
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
