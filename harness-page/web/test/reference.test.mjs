import assert from 'node:assert/strict';
import test from 'node:test';
import { readGemmProblem } from '../gemm-problem.js';
import { compareWithReference, MAX_REL_ERROR, referenceGemm } from '../reference.js';

const matmul = (a, b, shape) => referenceGemm({ a, b }, readGemmProblem({ op: 'matmul', shape }));

// A = [[1, -2, 3], [4, 5, -6]], B = [[7, 8], [9, 10], [11, 12]]
const a = new Float32Array([1, -2, 3, 4, 5, -6]);
const b = new Float32Array([7, 8, 9, 10, 11, 12]);
const reference = matmul(a, b, [2, 3, 2]);

test('2x3 by 3x2 by hand, with the magnitude sums', () => {
  // C[0,0] = 7 - 18 + 33, C[0,1] = 8 - 20 + 36, C[1,0] = 28 + 45 - 66, C[1,1] = 32 + 50 - 72
  assert.deepEqual([...reference.values], [22, 24, 7, 10]);
  assert.deepEqual([...reference.magnitudes], [58, 64, 139, 154]);
  assert.equal(reference.cols, 2);
});

test('an exact output is valid with zero error', () => {
  assert.deepEqual(compareWithReference(new Float32Array([22, 24, 7, 10]), reference),
    { valid: true, maxAbsError: 0, maxRelError: 0, reason: null });
});

test('a perturbed output: max abs and max rel may come from different elements', () => {
  const check = compareWithReference(new Float32Array([22.25, 24, 7.5, 10]), reference);
  assert.equal(check.maxAbsError, 0.5); // C[1,0]
  assert.equal(check.maxRelError, 0.25 / 58); // C[0,0]: 0.25/58 > 0.5/139
  assert.equal(check.valid, false);
  assert.match(check.reason, /maxRelError .* at C\[0,0\]: got 22\.25, expected 22/);
});

test('rounding-sized errors pass', () => {
  const c = new Float32Array([22, 24, 7, 10]);
  c[3] = Math.fround(10 + 154 * MAX_REL_ERROR / 2);
  assert.equal(compareWithReference(c, reference).valid, true);
});

test('relative error is taken against the magnitude sum, so cancellation to ~0 is not an error', () => {
  // 1 * 1 + 1 * -1 = 0 exactly; an fp32 result off by 1e-7 is rounding noise, not a wrong kernel.
  const cancelling = matmul(new Float32Array([1, 1]), new Float32Array([1, -1]), [1, 2, 1]);
  const check = compareWithReference(new Float32Array([1e-7]), cancelling);
  assert.ok(Math.abs(check.maxRelError - 1e-7 / 2) < 1e-12);
  assert.equal(check.valid, true);
});

test('an all-zero dot product divides by the 1e-6 floor', () => {
  const zero = matmul(new Float32Array([0]), new Float32Array([0]), [1, 1, 1]);
  assert.ok(Math.abs(compareWithReference(new Float32Array([1e-6]), zero).maxRelError - 1) < 1e-6);
});

test('any non-finite output is invalid; errors cover the finite ones', () => {
  const check = compareWithReference(new Float32Array([22, NaN, 7.5, Infinity]), reference);
  assert.equal(check.valid, false);
  assert.equal(check.maxAbsError, 0.5);
  assert.match(check.reason, /2 of 4 outputs are not finite, first C\[0,1\] = NaN/);
});

test('batched: each batch multiplies its own A and B', () => {
  // batch 0 is the 2x3x2 product above; batch 1 is A and B negated, so C is the same
  const problem = readGemmProblem({ op: 'batch_matmul', shape: [2, 2, 3, 2] });
  const batched = referenceGemm({ a: new Float32Array([...a, ...a.map((x) => -x)]), b: new Float32Array([...b, ...b.map((x) => -x)]) }, problem);
  assert.deepEqual([...batched.values], [22, 24, 7, 10, 22, 24, 7, 10]);
  assert.deepEqual([...batched.magnitudes], [58, 64, 139, 154, 58, 64, 139, 154]);
});

test('linear: bias per column, then the activation; the bias adds to the magnitude', () => {
  const bias = new Float32Array([-30, 1]);
  const linear = (activation) => referenceGemm({ a, w: b, bias },
    readGemmProblem({ op: 'linear', shape: [2, 3, 2], epilogue: { bias: true, activation } }));
  assert.deepEqual([...linear('none').values], [-8, 25, -23, 11]);
  assert.deepEqual([...linear('none').magnitudes], [88, 65, 169, 155]);
  assert.deepEqual([...linear('relu').values], [0, 25, 0, 11]);
  const gelu = linear('gelu').values;
  // GELU(25) is 25 to double precision; GELU(-8) is about -8 * Phi(-8) ~ 0; GELU(1) ~ 0.8412 (tanh form)
  assert.equal(gelu[1], 25);
  assert.ok(Math.abs(gelu[0]) < 1e-12);
  const geluOfOne = referenceGemm({ a: new Float32Array([1]), w: new Float32Array([1]) },
    readGemmProblem({ op: 'linear', shape: [1, 1, 1], epilogue: { bias: false, activation: 'gelu' } })).values[0];
  assert.ok(Math.abs(geluOfOne - 0.841192) < 1e-6, `${geluOfOne}`);
});
