import { operandDimensions } from './gemm-problem.js';
import { ProtoWriter } from './protobuf-writer.js';

/** The graph's output; its inputs and initializers carry the problem's operand names (a, b, w, bias). */
export const OUTPUT_NAME = 'c';

const IR_VERSION = 8;
/** MatMul's, Add's and Relu's current definitions date from opset 13 and 14. */
const OPSET = 14;
/** Gelu with its tanh approximation came in opset 20, which needs IR version 9. */
const GELU_OPSET = 20;
const GELU_IR_VERSION = 9;
const FLOAT = 1; // TensorProto.DataType
const STRING_ATTRIBUTE = 3; // AttributeProto.AttributeType

// Field numbers from onnx.proto.
const Model = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OperatorSetId = { version: 2 };
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const Attribute = { name: 1, s: 4, type: 20 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const ValueInfo = { name: 1, type: 2 };
const Type = { tensorType: 1 };
const TypeTensor = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dimension = { dimValue: 1 };

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
  const graph = new ProtoWriter();
  const nodes = [];
  let last = fed[0];
  const add = (opType, inputs, attributes = []) => {
    const output = `t${nodes.length}`;
    nodes.push({ opType, inputs: [last, ...inputs], output, attributes });
    last = output;
  };
  add('MatMul', [op === 'linear' ? 'w' : 'b']);
  if (epilogue.bias) add('Add', ['bias']);
  if (epilogue.activation === 'relu') add('Relu', []);
  if (epilogue.activation === 'gelu') add('Gelu', [], [['approximate', 'tanh']]);
  nodes.at(-1).output = OUTPUT_NAME;
  nodes.forEach((node, index) => graph.message(Graph.node, nodeProto(node, index)));
  graph.string(Graph.name, `jitfarm-${op}`);
  for (const [name, values] of Object.entries(constants)) graph.message(Graph.initializer, initializer(name, dimsOf(name), values));
  for (const name of fed) graph.message(Graph.input, floatTensorInfo(name, dimsOf(name)));
  graph.message(Graph.output, floatTensorInfo(OUTPUT_NAME, dimsOf('c')));
  const gelu = epilogue.activation === 'gelu';
  return new ProtoWriter()
    .varint(Model.irVersion, gelu ? GELU_IR_VERSION : IR_VERSION)
    .string(Model.producerName, 'jitfarm')
    .message(Model.graph, graph)
    .message(Model.opsetImport, new ProtoWriter().varint(OperatorSetId.version, gelu ? GELU_OPSET : OPSET))
    .finish();
}

function nodeProto({ opType, inputs, output, attributes }, index) {
  const node = new ProtoWriter();
  inputs.forEach((input) => node.string(Node.input, input));
  node.string(Node.output, output).string(Node.name, `${opType.toLowerCase()}${index}`).string(Node.opType, opType);
  for (const [name, value] of attributes) {
    node.message(Node.attribute, new ProtoWriter().string(Attribute.name, name)
      .string(Attribute.s, value).varint(Attribute.type, STRING_ATTRIBUTE));
  }
  return node;
}

function initializer(name, dims, values) {
  const tensor = new ProtoWriter().string(Tensor.name, name).varint(Tensor.dataType, FLOAT);
  dims.forEach((dim) => tensor.varint(Tensor.dims, dim));
  // raw_data is little-endian, as Float32Array is on every platform a browser runs on.
  return tensor.bytes(Tensor.rawData, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

function floatTensorInfo(name, dims) {
  const shape = new ProtoWriter();
  dims.forEach((dim) => shape.message(Shape.dim, new ProtoWriter().varint(Dimension.dimValue, dim)));
  const tensorType = new ProtoWriter().varint(TypeTensor.elemType, FLOAT).message(TypeTensor.shape, shape);
  return new ProtoWriter().string(ValueInfo.name, name).message(ValueInfo.type, new ProtoWriter().message(Type.tensorType, tensorType));
}
