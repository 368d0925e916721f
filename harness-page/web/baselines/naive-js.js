import { expect } from '../command-checks.js';
import { ACTIVATION_FUNCTIONS } from '../reference.js';

/**
 * Plain JavaScript loops: the floor every engine must beat.
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const naiveJs = {
  async open({ problem, constants, threads }) {
    expect(threads === 1, 'threads must be 1 for naive-js', threads);
    return { version: null, threads: 1, note: null, run: (fed) => naiveGemm({ ...constants, ...fed }, problem), close: () => {} };
  },
};

/**
 * C of a GEMM-like problem in fp32, i-k-j order (rows of B and C walked contiguously), accumulating
 * in C as an fp32 kernel would; then Linear's bias and activation, rounded to fp32.
 *
 * @param {Object<string, Float32Array>} operands a and b (or w, bias)
 * @param {import('../gemm-problem.js').GemmProblem} problem
 * @returns {Float32Array} C
 */
export function naiveGemm(operands, { dims: { B, M, K, N }, epilogue }) {
  const { a, bias } = operands;
  const b = operands.b ?? operands.w;
  const c = new Float32Array(B * M * N);
  for (let batch = 0; batch < B; batch++) {
    for (let i = 0; i < M; i++) {
      const cRow = (batch * M + i) * N;
      for (let k = 0; k < K; k++) {
        const aik = a[(batch * M + i) * K + k];
        const bRow = (batch * K + k) * N;
        for (let j = 0; j < N; j++) c[cRow + j] += aik * b[bRow + j];
      }
    }
  }
  const activate = ACTIVATION_FUNCTIONS[epilogue.activation];
  if (bias || epilogue.activation !== 'none') {
    for (let index = 0; index < c.length; index++) c[index] = activate(c[index] + (bias ? bias[index % N] : 0));
  }
  return c;
}
