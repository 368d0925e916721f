import assert from 'node:assert/strict';
import test from 'node:test';
import { createMulberry32 } from '../prng.js';
import { fillModelValues } from '../model-values.js';

// jit's SeededValuesTest pins the same stream: the agent's float64 reference relies on it.
test('the stream of seed 42 is the one jit SeededValues draws', () => {
  const next = createMulberry32(42);
  assert.deepEqual([next(), next()], [2581720956, 1925393290]);
});

const graph = {
  tensors: [
    { id: 0, name: 'layer0.q.weight', shape: [64, 8], kind: 'weight', type: 'f32', init: 'synthetic' },
    { id: 1, name: 'layer0.norm.weight', shape: [8], kind: 'weight', type: 'f32', init: 'synthetic' },
    { id: 2, name: 'input_ids', shape: [5], kind: 'input', type: 'i32' },
    { id: 3, name: 'attention_mask', shape: [5], kind: 'input', type: 'f32' },
    { id: 4, name: 'rotary.cos', shape: [4, 2], kind: 'weight', type: 'f32', init: 'rotary_cos' },
    { id: 5, name: 'x', shape: [5, 8], kind: 'activation', type: 'f32' },
  ],
  nodes: [{ op: 'gather', sizes: { tableRows: 3 }, operands: { idsPtr: 2 } }],
};
const offsets = { 0: 64, 1: 64 + 2048, 2: 64 + 2048 + 64, 3: 64 + 2048 + 128, 4: 64 + 2048 + 192 };

function filled(seed) {
  const buffer = new ArrayBuffer(4096);
  fillModelValues(buffer, graph, offsets, seed);
  return buffer;
}

test('the same seed fills the same bytes, another seed others', () => {
  assert.deepEqual(new Uint8Array(filled(7)), new Uint8Array(filled(7)));
  assert.notDeepEqual(new Uint8Array(filled(7)), new Uint8Array(filled(8)));
});

test('each tensor follows its rule', () => {
  const buffer = filled(7);
  const matrix = new Float32Array(buffer, offsets[0], 512);
  assert.ok(matrix.every((v) => Math.abs(v) <= 1 / 8) && matrix.some((v) => v !== 0), 'matrices within 1/sqrt(rows)');
  assert.ok(new Float32Array(buffer, offsets[1], 8).every((v) => Math.abs(v - 1) <= 0.1), 'norm scales near 1');
  assert.ok(new Int32Array(buffer, offsets[2], 5).every((id) => id >= 0 && id < 3), 'ids index the table');
  assert.deepEqual(Array.from(new Float32Array(buffer, offsets[3], 5)), [0, 0, 0, 0, Math.fround(-1e9)]);
  const cos = new Float32Array(buffer, offsets[4], 8);
  assert.equal(cos[0], 1);
  assert.equal(cos[2], Math.fround(Math.cos(1)), 'position 1, pair 0: angle 1');
  assert.equal(new Uint8Array(buffer, 4096 - 64).every((b) => b === 0), true, 'activations untouched');
});
