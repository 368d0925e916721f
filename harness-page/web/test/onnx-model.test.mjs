import assert from 'node:assert/strict';
import test from 'node:test';
import { onnxModel } from '../model-baselines/onnx-model.js';
import { readModelFixture } from './model-fixtures.mjs';
import { decode, one, tensorInfo, text } from './protobuf-reader.mjs';

const FLOAT = 1;
const INT32 = 6;

function decodeModel(file) {
  const { graph, weights } = readModelFixture(file);
  const built = onnxModel(graph, weights);
  const model = decode(built.bytes);
  const onnxGraph = decode(one(model, 7));
  const nodes = onnxGraph.get(1).map(decode);
  return {
    graph, built, model, onnxGraph, nodes,
    opTypes: [...new Set(nodes.map((node) => text(one(node, 4))))].sort(),
    initializerNames: onnxGraph.get(5).map((tensor) => text(one(decode(tensor), 8))),
  };
}

test('BERT becomes the standard ops of its PyTorch export, weights as initializers, inputs as typed graph inputs', () => {
  const { graph, built, model, onnxGraph, nodes, opTypes, initializerNames } = decodeModel('bert.json');
  assert.equal(one(model, 1), 9, 'ir_version');
  assert.equal(one(decode(one(model, 8)), 2), 20, 'opset');
  assert.deepEqual(opTypes, ['Add', 'Gather', 'Gelu', 'LayerNormalization', 'MatMul', 'Mul', 'Reshape', 'Softmax', 'Transpose']);
  assert.deepEqual(onnxGraph.get(11).map(tensorInfo), [
    { name: 'input_ids', elemType: INT32, dims: [7] },
    { name: 'position_ids', elemType: INT32, dims: [7] },
    { name: 'attention_mask', elemType: FLOAT, dims: [7] },
  ], 'in the order the graph reads them');
  assert.deepEqual(built.inputNames, { 0: 'attention_mask', 2: 'input_ids', 3: 'position_ids' });
  assert.deepEqual(onnxGraph.get(12).map(tensorInfo), [{ name: built.outputName, elemType: FLOAT, dims: [7, 64] }]);
  for (const tensor of graph.tensors.filter(({ kind }) => kind === 'weight')) assert.ok(initializerNames.includes(tensor.name), tensor.name);
  const norm = nodes.find((node) => text(one(node, 4)) === 'LayerNormalization');
  const epsilon = decode(one(norm, 5));
  assert.equal(text(one(epsilon, 1)), 'epsilon');
  assert.equal(one(epsilon, 2), Math.fround(1e-12));
});

test('T5\'s RMSNorm is Pow, ReduceMean, Add, Sqrt, Div and Mul; its FFN a Relu', () => {
  const { opTypes } = decodeModel('t5-encoder.json');
  for (const op of ['Pow', 'ReduceMean', 'Sqrt', 'Div', 'Relu']) assert.ok(opTypes.includes(op), op);
  assert.ok(!opTypes.includes('LayerNormalization'));
});

test('Llama\'s rotary is Slice, Neg and Concat, SiLU a Sigmoid; a decode step appends to the cache by Concat', () => {
  const { opTypes, initializerNames } = decodeModel('llama-decode.json');
  for (const op of ['Slice', 'Neg', 'Concat', 'Sigmoid']) assert.ok(opTypes.includes(op), op);
  assert.ok(initializerNames.includes('layer0.key_cache'), 'the cache\'s contents at setup');
});
