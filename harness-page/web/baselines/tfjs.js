import { expect } from '../command-checks.js';
import { operandDimensions } from '../gemm-problem.js';

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
  async open({ problem, constants, threads, vendorUrl }) {
    expect(startedThreads === null || startedThreads === threads,
      `threads must stay ${startedThreads}: the TF.js wasm backend keeps the count it started with until the page is reloaded`, threads);
    startedThreads = threads;
    started ??= start(threads, vendorUrl);
    const { core, backend } = await started;
    const held = Object.fromEntries(Object.entries(constants)
      .map(([name, values]) => [name, core.tensor(values, operandDimensions(problem, name))]));
    const compute = graphOf(core, problem);
    return {
      version: backend.version_wasm,
      threads: backend.getThreadsCount(),
      note: concurrencyNote,
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
 * dimension), and for Linear the fused MatMul with bias and ReLU the wasm backend offers. TF.js has
 * no GELU op, so GELU is its tanh formula in element-wise ops after the fused MatMul + bias.
 */
function graphOf(core, { op, epilogue }) {
  if (op !== 'linear') return ({ a, b }) => core.matMul(a, b);
  const activation = epilogue.activation === 'relu' ? 'relu' : 'linear';
  const linear = ({ a, w, bias }) => core.fused.matMul({ a, b: w, bias, activation });
  if (epilogue.activation !== 'gelu') return linear;
  const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);
  return (inputs) => {
    const x = linear(inputs);
    const inner = core.mul(core.add(x, core.mul(core.pow(x, 3), 0.044715)), sqrtTwoOverPi);
    return core.mul(core.mul(x, 0.5), core.add(core.tanh(inner), 1));
  };
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
