import { operandDimensions } from './gemm-problem.js';
import { DataType, modelProto, nodeProto, tensorProto, valueInfo } from './onnx-proto.js';

/** The graph's output; its inputs and initializers carry the problem's operand names (a, b, w, bias). */
export const OUTPUT_NAME = 'c';

const IR_VERSION = 8;
/** MatMul's, Add's and Relu's current definitions date from opset 13 and 14. */
const OPSET = 14;
/** Gelu with its tanh approximation came in opset 20, which needs IR version 9. */
const GELU_OPSET = 20;
const GELU_IR_VERSION = 9;

/**
 * An ONNX model computing the problem's C as a model exported from PyTorch would: one MatMul (with
 * leading batch dimensions for batched MatMul), then for Linear an Add of the bias and the activation
 * node (Relu, or Gelu with approximate="tanh", the form our epilogue computes). The constants become
 * initializers, which the runtime may pre-pack or fuse while creating its session; the fed inputs
 * are graph inputs.
 *
 * @param {import('./gemm-problem.js').GemmProblem} problem
 * @param {Object<string, Float32Array>} constants the problem's inputs that are not fed
 * @returns {Uint8Array} the serialized ModelProto
 */
export function gemmModel(problem, constants) {
  const { op, epilogue, fed } = problem;
  const dimsOf = (name) => operandDimensions(problem, name);
  const nodes = [];
  let last = fed[0];
  const add = (opType, inputs, attributes = {}) => {
    const output = `t${nodes.length}`;
    nodes.push({ opType, name: `${opType.toLowerCase()}${nodes.length}`, inputs: [last, ...inputs], outputs: [output], attributes });
    last = output;
  };
  add('MatMul', [op === 'linear' ? 'w' : 'b']);
  if (epilogue.bias) add('Add', ['bias']);
  if (epilogue.activation === 'relu') add('Relu', []);
  if (epilogue.activation === 'gelu') add('Gelu', [], { approximate: { string: 'tanh' } });
  nodes.at(-1).outputs = [OUTPUT_NAME];
  const gelu = epilogue.activation === 'gelu';
  return modelProto({
    name: `jitfarm-${op}`,
    nodes: nodes.map(nodeProto),
    initializers: Object.entries(constants).map(([name, values]) => tensorProto(name, DataType.FLOAT, dimsOf(name), values)),
    inputs: fed.map((name) => valueInfo(name, DataType.FLOAT, dimsOf(name))),
    outputs: [valueInfo(OUTPUT_NAME, DataType.FLOAT, dimsOf('c'))],
    irVersion: gelu ? GELU_IR_VERSION : IR_VERSION,
    opset: gelu ? GELU_OPSET : OPSET,
  });
}
