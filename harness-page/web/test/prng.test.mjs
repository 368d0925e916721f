import assert from 'node:assert/strict';
import test from 'node:test';
import { createMulberry32, fillUniformSigned } from '../prng.js';

test('mulberry32 is deterministic for a seed', () => {
  const first = createMulberry32(42);
  const second = createMulberry32(42);
  const sequence = Array.from({ length: 5 }, first);
  assert.deepEqual(Array.from({ length: 5 }, second), sequence);
  // Reference values of mulberry32 seeded with 42 (the widely published implementation).
  assert.deepEqual(sequence.map((x) => x / 2 ** 32).slice(0, 3), [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
});

test('different seeds give different streams', () => {
  const a = fillUniformSigned(new Float32Array(16), createMulberry32(1));
  const b = fillUniformSigned(new Float32Array(16), createMulberry32(2));
  assert.notDeepEqual(a, b);
});

test('values are uniform in [-1, 1)', () => {
  const values = fillUniformSigned(new Float32Array(100000), createMulberry32(7));
  let sum = 0;
  let negatives = 0;
  for (const v of values) {
    assert.ok(v >= -1 && v < 1, `${v} out of range`);
    sum += v;
    if (v < 0) negatives++;
  }
  assert.ok(Math.abs(sum / values.length) < 0.01, 'mean near 0');
  assert.ok(Math.abs(negatives / values.length - 0.5) < 0.01, 'half negative');
});

test('the largest generator output stays below 1 after float32 rounding', () => {
  const values = fillUniformSigned(new Float32Array(2), () => 0xffffffff);
  assert.ok(values[0] < 1);
  assert.equal(fillUniformSigned(new Float32Array(1), () => 0)[0], -1);
});

test('consecutive fills continue one stream, as A then B do', () => {
  const next = createMulberry32(3);
  const a = fillUniformSigned(new Float32Array(4), next);
  const b = fillUniformSigned(new Float32Array(4), next);
  const both = fillUniformSigned(new Float32Array(8), createMulberry32(3));
  assert.deepEqual([...a, ...b], [...both]);
});
