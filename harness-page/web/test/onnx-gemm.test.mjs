import assert from 'node:assert/strict';
import test from 'node:test';
import { readGemmProblem } from '../gemm-problem.js';
import { gemmModel, OUTPUT_NAME } from '../onnx-gemm.js';
import { ProtoWriter } from '../protobuf-writer.js';
import { decode, one, tensorInfo, text } from './protobuf-reader.mjs';

test('the writer encodes like the protobuf documentation\'s examples', () => {
  // "Base 128 varints": field 1 = 150 is 08 96 01; "Strings": field 2 = "testing" is 12 07 + ASCII.
  assert.deepEqual([...new ProtoWriter().varint(1, 150).finish()], [0x08, 0x96, 0x01]);
  assert.deepEqual([...new ProtoWriter().string(2, 'testing').finish()], [0x12, 0x07, ...Buffer.from('testing')]);
  // "Embedded messages": field 3 holding the first example is 1a 03 08 96 01.
  assert.deepEqual([...new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).finish()], [0x1a, 0x03, 0x08, 0x96, 0x01]);
});

test('floats are fixed 32-bit fields, little-endian', () => {
  // Field 2, wire type 5: key 0x15; 1.5f is 0x3fc00000.
  assert.deepEqual([...new ProtoWriter().float32(2, 1.5).finish()], [0x15, 0x00, 0x00, 0xc0, 0x3f]);
});

test('varints beyond 32 bits and long byte fields round-trip', () => {
  const big = 2 ** 40 + 12345;
  const payload = new Uint8Array(300).map((_, i) => i);
  const fields = decode(new ProtoWriter().varint(20, big).bytes(9, payload).varint(1, 0).finish());
  assert.equal(one(fields, 20), big);
  assert.deepEqual([...one(fields, 9)], [...payload]);
  assert.equal(one(fields, 1), 0);
});

const matmulModel = (shape, b) => gemmModel(readGemmProblem({ op: 'matmul', shape }), { b });

test('the MatMul model: one MatMul node, B a float initializer, A and C typed inputs and outputs', () => {
  const [M, K, N] = [3, 5, 2];
  const b = Float32Array.from({ length: K * N }, (_, i) => i / 4 - 1);
  const model = decode(matmulModel([M, K, N], b));
  assert.equal(one(model, 1), 8, 'ir_version');
  assert.equal(text(one(model, 2)), 'jitfarm', 'producer_name');
  const opset = decode(one(model, 8));
  assert.equal(opset.has(1), false, 'the default ONNX domain');
  assert.equal(one(opset, 2), 14);

  const graph = decode(one(model, 7));
  const node = decode(one(graph, 1));
  assert.equal(text(one(node, 4)), 'MatMul');
  assert.deepEqual(node.get(1).map(text), ['a', 'b']);
  assert.deepEqual(node.get(2).map(text), [OUTPUT_NAME]);

  const weight = decode(one(graph, 5));
  assert.equal(text(one(weight, 8)), 'b');
  assert.equal(one(weight, 2), 1, 'FLOAT');
  assert.deepEqual(weight.get(1), [K, N], 'dims');
  const raw = one(weight, 9);
  assert.deepEqual(new Float32Array(raw.slice().buffer), b);

  assert.deepEqual(graph.get(11).map(tensorInfo), [{ name: 'a', elemType: 1, dims: [M, K] }], 'B is no graph input: a constant');
  assert.deepEqual(graph.get(12).map(tensorInfo), [{ name: 'c', elemType: 1, dims: [M, N] }]);
});

test('the Linear model: MatMul, Add of the bias, Gelu with the tanh approximation (opset 20)', () => {
  const problem = readGemmProblem({ op: 'linear', shape: [3, 5, 2], epilogue: { bias: true, activation: 'gelu' } });
  const model = decode(gemmModel(problem, { w: new Float32Array(10), bias: new Float32Array(2) }));
  assert.equal(one(model, 1), 9, 'ir_version');
  assert.equal(one(decode(one(model, 8)), 2), 20);
  const graph = decode(one(model, 7));
  const nodes = graph.get(1).map(decode);
  assert.deepEqual(nodes.map((node) => text(one(node, 4))), ['MatMul', 'Add', 'Gelu']);
  assert.deepEqual(nodes.map((node) => node.get(1).map(text)), [['a', 'w'], ['t0', 'bias'], ['t1']]);
  assert.deepEqual(text(one(nodes[2], 2)), OUTPUT_NAME);
  const attribute = decode(one(nodes[2], 5));
  assert.deepEqual([text(one(attribute, 1)), text(one(attribute, 4)), one(attribute, 20)], ['approximate', 'tanh', 3]);
  assert.deepEqual(graph.get(5).map((tensor) => text(one(decode(tensor), 8))), ['w', 'bias']);
});

test('the batched MatMul model feeds both operands, with the batch dimension', () => {
  const model = decode(gemmModel(readGemmProblem({ op: 'batch_matmul', shape: [4, 3, 5, 2] }), {}));
  const graph = decode(one(model, 7));
  assert.equal(graph.has(5), false, 'no initializers');
  assert.deepEqual(graph.get(11).map(tensorInfo), [
    { name: 'a', elemType: 1, dims: [4, 3, 5] }, { name: 'b', elemType: 1, dims: [4, 5, 2] }]);
  assert.deepEqual(graph.get(12).map(tensorInfo), [{ name: 'c', elemType: 1, dims: [4, 3, 2] }]);
});

test('the weight is the caller\'s view, not its whole buffer', () => {
  const backing = new Float32Array([9, 1, 2, 9]);
  const model = decode(matmulModel([1, 1, 2], backing.subarray(1, 3)));
  const raw = one(decode(one(decode(one(model, 7)), 5)), 9);
  assert.deepEqual([...new Float32Array(raw.slice().buffer)], [1, 2]);
});
