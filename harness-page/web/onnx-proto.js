import { ProtoWriter } from './protobuf-writer.js';

/** TensorProto.DataType: the element types our models hold. */
export const DataType = Object.freeze({ FLOAT: 1, INT32: 6, INT64: 7 });

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 };

// Field numbers from onnx.proto.
const Model = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OperatorSetId = { version: 2 };
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const Attribute = { name: 1, f: 2, i: 3, s: 4, ints: 8, type: 20 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const ValueInfo = { name: 1, type: 2 };
const Type = { tensorType: 1 };
const TypeTensor = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dimension = { dimValue: 1 };

/**
 * An attribute's value, tagged with its ONNX type since JS numbers do not say int or float. Ints
 * must not be negative (the writer has no negative varints): give axes counted from the front.
 * @typedef {{float: number} | {int: number} | {ints: number[]} | {string: string}} AttributeValue
 */

/**
 * @typedef {object} OnnxNode
 * @property {string} opType
 * @property {string} name unique in the graph
 * @property {string[]} inputs value names
 * @property {string[]} outputs value names
 * @property {Object<string, AttributeValue>} [attributes]
 */

/**
 * @param {OnnxNode} node
 * @returns {ProtoWriter} a NodeProto
 */
export function nodeProto({ opType, name, inputs, outputs, attributes = {} }) {
  const node = new ProtoWriter();
  inputs.forEach((input) => node.string(Node.input, input));
  outputs.forEach((output) => node.string(Node.output, output));
  node.string(Node.name, name).string(Node.opType, opType);
  for (const [attributeName, value] of Object.entries(attributes)) node.message(Node.attribute, attributeProto(attributeName, value));
  return node;
}

function attributeProto(name, value) {
  const attribute = new ProtoWriter().string(Attribute.name, name);
  if ('float' in value) return attribute.float32(Attribute.f, value.float).varint(Attribute.type, AttributeType.FLOAT);
  if ('int' in value) return attribute.varint(Attribute.i, value.int).varint(Attribute.type, AttributeType.INT);
  if ('string' in value) return attribute.string(Attribute.s, value.string).varint(Attribute.type, AttributeType.STRING);
  value.ints.forEach((int) => attribute.varint(Attribute.ints, int));
  return attribute.varint(Attribute.type, AttributeType.INTS);
}

/**
 * A TensorProto holding its values as raw data: an initializer.
 *
 * @param {string} name
 * @param {number} dataType one of {@link DataType}, matching `values`
 * @param {number[]} dims [] for a scalar
 * @param {Float32Array | Int32Array | BigInt64Array} values
 * @returns {ProtoWriter}
 */
export function tensorProto(name, dataType, dims, values) {
  const tensor = new ProtoWriter().string(Tensor.name, name).varint(Tensor.dataType, dataType);
  dims.forEach((dim) => tensor.varint(Tensor.dims, dim));
  // raw_data is little-endian, as typed arrays are on every platform a browser runs on.
  return tensor.bytes(Tensor.rawData, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * A ValueInfoProto: a graph input's or output's name, element type and fixed dimensions.
 *
 * @param {string} name
 * @param {number} elementType one of {@link DataType}
 * @param {number[]} dims
 * @returns {ProtoWriter}
 */
export function valueInfo(name, elementType, dims) {
  const shape = new ProtoWriter();
  dims.forEach((dim) => shape.message(Shape.dim, new ProtoWriter().varint(Dimension.dimValue, dim)));
  const tensorType = new ProtoWriter().varint(TypeTensor.elemType, elementType).message(TypeTensor.shape, shape);
  return new ProtoWriter().string(ValueInfo.name, name).message(ValueInfo.type, new ProtoWriter().message(Type.tensorType, tensorType));
}

/**
 * A serialized ModelProto of one graph in the default (ai.onnx) domain.
 *
 * @param {object} model
 * @param {string} model.name the graph's
 * @param {ProtoWriter[]} model.nodes from {@link nodeProto}, in an order where inputs come first
 * @param {ProtoWriter[]} model.initializers from {@link tensorProto}
 * @param {ProtoWriter[]} model.inputs from {@link valueInfo}
 * @param {ProtoWriter[]} model.outputs from {@link valueInfo}
 * @param {number} model.irVersion
 * @param {number} model.opset
 * @returns {Uint8Array}
 */
export function modelProto({ name, nodes, initializers, inputs, outputs, irVersion, opset }) {
  const graph = new ProtoWriter();
  nodes.forEach((node) => graph.message(Graph.node, node));
  graph.string(Graph.name, name);
  initializers.forEach((initializer) => graph.message(Graph.initializer, initializer));
  inputs.forEach((input) => graph.message(Graph.input, input));
  outputs.forEach((output) => graph.message(Graph.output, output));
  return new ProtoWriter()
    .varint(Model.irVersion, irVersion)
    .string(Model.producerName, 'jitfarm')
    .message(Model.graph, graph)
    .message(Model.opsetImport, new ProtoWriter().varint(OperatorSetId.version, opset))
    .finish();
}
