import { tanhGelu } from '../baselines/tfjs-runtime.js';
import { lowerGraph } from './graph-lowering.js';

const DTYPES = { f32: 'float32', i32: 'int32' };

/**
 * @typedef {object} TfjsModel
 * @property {(inputs: Object<number, Float32Array | Int32Array>) => Float32Array} run one inference
 *   from the graph's input tensors by id, computed inside `tidy`
 * @property {() => void} dispose frees the weights and constants
 */

/**
 * A model graph as a TF.js function of tfjs-core ops, as a TF.js port of the model would write it:
 * weights (and state, a KV cache's contents at setup) uploaded here once; Linear as the fused MatMul
 * with bias and ReLU, GELU as its tanh formula after it; LayerNorm from `moments`; RMSNorm as
 * x rsqrt(mean(x^2) + eps) gamma; softmax after a scale and an additive mask; views as reshapes;
 * the rest as {@link lowerGraph} describes. Each run lowers the graph again onto eager ops, which
 * is what a layers model's `predict` does; the constants the lowering derives (masks, rotary
 * tables) are made here once.
 *
 * @param {object} core tfjs-core, its backend ready
 * @param {import('./graph-lowering.js').ModelGraph} graph
 * @param {Object<number, Float32Array | Int32Array>} contents tensor id -> values of every weight and
 *   state tensor
 * @returns {TfjsModel}
 * @throws {Error} for an op the lowering lacks, or a weight without contents
 */
export function tfjsModel(core, graph, contents) {
  const held = new Map();
  const constants = new Map();
  const dispose = () => [...held.values(), ...constants.values()].forEach((tensor) => tensor.dispose());
  const ops = tensorOps(core);
  const constant = (key, dims, values) => {
    if (!constants.has(key)) constants.set(key, core.keep(core.tensor(values(), dims)));
    return constants.get(key);
  };
  try {
    for (const tensor of graph.tensors) {
      if (tensor.kind !== 'weight' && tensor.kind !== 'state') continue;
      const values = contents[tensor.id];
      if (!values) throw new Error(`no contents given for ${tensor.kind} ${tensor.name} (tensor ${tensor.id})`);
      held.set(tensor.id, core.tensor(values, tensor.shape, DTYPES[tensor.type]));
    }
    // A lowering that computes nothing: at setup, it checks every node and makes the constants.
    const nothing = Object.fromEntries(Object.keys(ops).map((name) => [name, () => null]));
    lowerGraph(graph, contents, { ...nothing, source: () => null, constant });
  } catch (error) {
    dispose();
    throw error;
  }
  const opsFor = (inputs) => ({
    ...ops,
    source(tensor) {
      if (tensor.kind !== 'input') return held.get(tensor.id);
      if (!inputs[tensor.id]) throw new Error(`no value given for input ${tensor.name} (tensor ${tensor.id})`);
      return core.tensor(inputs[tensor.id], tensor.shape, DTYPES[tensor.type]);
    },
    constant,
  });
  return {
    run: (inputs) => {
      // The output is read outside tidy: reading it inside made the wasm backend's MatMul ~5x slower here.
      const output = core.tidy(() => lowerGraph(graph, contents, opsFor(inputs)));
      try {
        return output.dataSync();
      } finally {
        output.dispose();
      }
    },
    dispose,
  };
}

/** The {@link import('./graph-lowering.js').TensorOps} that need no state: tfjs-core's ops. */
function tensorOps(core) {
  return {
    reshape: (x, dims) => core.reshape(x, dims),
    slice(x, dims, axis, start, end) {
      const begin = dims.map((_, i) => (i === axis ? start : 0));
      const size = dims.map((dim, i) => (i === axis ? end - start : dim));
      return core.slice(x, begin, size);
    },
    concat: (xs, axis) => core.concat(xs, axis),
    transpose: (x, perm) => core.transpose(x, perm),
    matMul: (a, b) => core.matMul(a, b),
    linear(a, w, bias, activation) {
      const y = core.fused.matMul({ a, b: w, bias: bias ?? undefined, activation: activation === 'relu' ? 'relu' : 'linear' });
      return activation === 'gelu' ? tanhGelu(core, y) : y;
    },
    add: (a, b) => core.add(a, b),
    mul: (a, b) => core.mul(a, b),
    neg: (x) => core.neg(x),
    layerNorm(x, gamma, beta, eps) {
      const { mean, variance } = core.moments(x, -1, true);
      return core.add(core.mul(core.mul(core.sub(x, mean), core.rsqrt(core.add(variance, eps))), gamma), beta);
    },
    rmsNorm: (x, gamma, eps) => core.mul(core.mul(x, core.rsqrt(core.add(core.mean(core.square(x), -1, true), eps))), gamma),
    softmax: (x) => core.softmax(x),
    gelu: (x) => tanhGelu(core, x),
    silu: (x) => core.mul(x, core.sigmoid(x)),
    gather: (table, ids) => core.gather(table, ids),
  };
}
