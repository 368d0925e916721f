import { DataType, modelProto, nodeProto, tensorProto, valueInfo } from '../onnx-proto.js';
import { lowerGraph } from './graph-lowering.js';

/** LayerNormalization dates from opset 17, Gelu's tanh form from 20, which needs IR version 9. */
const OPSET = 20;
const IR_VERSION = 9;

const ELEMENT_TYPES = { f32: DataType.FLOAT, i32: DataType.INT32 };

/**
 * @typedef {object} OnnxModel
 * @property {Uint8Array} bytes the serialized ModelProto
 * @property {Object<number, string>} inputNames graph input name per input tensor id
 * @property {string} outputName the graph output's
 */

/**
 * A model graph as an ONNX model in standard ops (opset 20), as a PyTorch export of the model would
 * be: weights (and state, a KV cache's contents at setup) as initializers, the graph's input tensors
 * as graph inputs under their own names, the one output as the graph output. Linear is MatMul, Add
 * and Relu or Gelu(approximate=tanh); LayerNormalization; RMSNorm as Pow, ReduceMean, Add, Sqrt,
 * Div, Mul; softmax as Mul by the scale, Add of the mask, Softmax; SiLU as Sigmoid and Mul; views as
 * Reshape (and Slice for a cache's rows in use); the rest as {@link lowerGraph} describes.
 *
 * @param {import('./graph-lowering.js').ModelGraph} graph
 * @param {Object<number, Float32Array | Int32Array>} contents tensor id -> values of every weight and
 *   state tensor
 * @returns {OnnxModel}
 * @throws {Error} for an op the lowering lacks, or a weight without contents
 */
export function onnxModel(graph, contents) {
  const builder = onnxGraphBuilder(contents);
  const output = lowerGraph(graph, contents, builder.ops);
  const outputTensor = graph.tensors.find((tensor) => tensor.id === graph.outputs[0]);
  return {
    bytes: modelProto({
      name: graph.name,
      nodes: builder.nodes,
      initializers: builder.initializers,
      inputs: builder.inputs,
      outputs: [valueInfo(output, DataType.FLOAT, outputTensor.shape)],
      irVersion: IR_VERSION,
      opset: OPSET,
    }),
    inputNames: builder.inputNames,
    outputName: output,
  };
}

/** The {@link import('./graph-lowering.js').TensorOps} that write ONNX nodes; handles are value names. */
function onnxGraphBuilder(contents) {
  const nodes = [];
  const initializers = [];
  const inputs = [];
  const inputNames = {};
  const names = new Set();
  const claim = (name) => {
    if (names.has(name)) throw new Error(`two ONNX values would be named ${name}`);
    names.add(name);
    return name;
  };
  const node = (opType, nodeInputs, attributes = {}) => {
    const output = claim(`${opType}_${nodes.length}`);
    nodes.push(nodeProto({ opType, name: output, inputs: nodeInputs, outputs: [output], attributes }));
    return output;
  };
  const initializer = (name, dataType, dims, values) => {
    initializers.push(tensorProto(claim(name), dataType, dims, values));
    return name;
  };
  /** Constants by name: shapes, slice bounds and eps values recur, each stored once. */
  const constants = new Map();
  const constant = (name, dataType, dims, values) => {
    if (!constants.has(name)) constants.set(name, initializer(name, dataType, dims, values()));
    return constants.get(name);
  };
  const int64s = (values) => constant(`int64[${values.join(',')}]`, DataType.INT64, [values.length], () => BigInt64Array.from(values, BigInt));
  const float = (value) => constant(`float(${value})`, DataType.FLOAT, [], () => Float32Array.of(value));

  const ops = {
    source(tensor) {
      if (tensor.kind === 'input') {
        inputs.push(valueInfo(claim(tensor.name), ELEMENT_TYPES[tensor.type], tensor.shape));
        inputNames[tensor.id] = tensor.name;
        return tensor.name;
      }
      const values = contents[tensor.id];
      if (!values) throw new Error(`no contents given for ${tensor.kind} ${tensor.name} (tensor ${tensor.id})`);
      return initializer(tensor.name, ELEMENT_TYPES[tensor.type], tensor.shape, values);
    },
    constant: (key, dims, values) => constant(key, DataType.FLOAT, dims, values),
    reshape: (x, dims) => node('Reshape', [x, int64s(dims)]),
    slice: (x, dims, axis, start, end) => node('Slice', [x, int64s([start]), int64s([end]), int64s([axis])]),
    concat: (xs, axis) => node('Concat', xs, { axis: { int: axis } }),
    transpose: (x, perm) => node('Transpose', [x], { perm: { ints: perm } }),
    matMul: (a, b) => node('MatMul', [a, b]),
    linear(a, w, bias, activation) {
      let y = node('MatMul', [a, w]);
      if (bias !== null) y = node('Add', [y, bias]);
      if (activation === 'relu') y = node('Relu', [y]);
      if (activation === 'gelu') y = node('Gelu', [y], { approximate: { string: 'tanh' } });
      return y;
    },
    add: (a, b) => node('Add', [a, b]),
    mul: (a, b) => node('Mul', [a, b]),
    neg: (x) => node('Neg', [x]),
    layerNorm: (x, gamma, beta, eps) => node('LayerNormalization', [x, gamma, beta], { epsilon: { float: eps } }),
    rmsNorm(x, gamma, eps) {
      // ReduceMean takes its axes as an input since opset 18; -1 is fine in raw int64 data.
      const meanSquare = node('ReduceMean', [node('Pow', [x, float(2)]), int64s([-1])]);
      return node('Mul', [node('Div', [x, node('Sqrt', [node('Add', [meanSquare, float(eps)])])]), gamma]);
    },
    softmax: (x) => node('Softmax', [x]),
    gelu: (x) => node('Gelu', [x], { approximate: { string: 'tanh' } }),
    silu: (x) => node('Mul', [x, node('Sigmoid', [x])]),
    gather: (table, ids) => node('Gather', [table, ids]),
  };
  return { ops, nodes, initializers, inputs, inputNames };
}
