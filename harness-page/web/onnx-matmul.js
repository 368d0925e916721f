import { ProtoWriter } from './protobuf-writer.js';

/** Graph names of the model's tensors: A is fed, B is a constant, C is fetched. */
export const MATMUL_TENSORS = Object.freeze({ input: 'A', weight: 'B', output: 'C' });

const IR_VERSION = 8;
/** MatMul's current definition dates from opset 13. */
const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType

// Field numbers from onnx.proto.
const Model = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 };
const OperatorSetId = { version: 2 };
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const ValueInfo = { name: 1, type: 2 };
const Type = { tensorType: 1 };
const TypeTensor = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dimension = { dimValue: 1 };

/**
 * An ONNX model computing C[M, N] = A[M, K] x B[K, N] with one MatMul node. B is an initializer,
 * a constant weight as in a transformer, which the runtime may pre-pack while creating its session.
 *
 * @param {[number, number, number]} shape [M, K, N]
 * @param {Float32Array} b [K, N], row-major
 * @returns {Uint8Array} the serialized ModelProto
 */
export function matMulModel([M, K, N], b) {
  const weight = new ProtoWriter().string(Tensor.name, MATMUL_TENSORS.weight).varint(Tensor.dataType, FLOAT);
  weight.varint(Tensor.dims, K).varint(Tensor.dims, N);
  // raw_data is little-endian, as Float32Array is on every platform a browser runs on.
  weight.bytes(Tensor.rawData, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

  const node = new ProtoWriter()
    .string(Node.input, MATMUL_TENSORS.input).string(Node.input, MATMUL_TENSORS.weight)
    .string(Node.output, MATMUL_TENSORS.output).string(Node.name, 'matmul').string(Node.opType, 'MatMul');
  const graph = new ProtoWriter()
    .message(Graph.node, node)
    .string(Graph.name, 'jitfarm-matmul')
    .message(Graph.initializer, weight)
    .message(Graph.input, floatTensorInfo(MATMUL_TENSORS.input, [M, K]))
    .message(Graph.output, floatTensorInfo(MATMUL_TENSORS.output, [M, N]));
  return new ProtoWriter()
    .varint(Model.irVersion, IR_VERSION)
    .string(Model.producerName, 'jitfarm')
    .message(Model.graph, graph)
    .message(Model.opsetImport, new ProtoWriter().varint(OperatorSetId.version, OPSET))
    .finish();
}

function floatTensorInfo(name, dims) {
  const shape = new ProtoWriter();
  dims.forEach((dim) => shape.message(Shape.dim, new ProtoWriter().varint(Dimension.dimValue, dim)));
  const tensorType = new ProtoWriter().varint(TypeTensor.elemType, FLOAT).message(TypeTensor.shape, shape);
  return new ProtoWriter().string(ValueInfo.name, name).message(ValueInfo.type, new ProtoWriter().message(Type.tensorType, tensorType));
}
