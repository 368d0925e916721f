import { expect } from '../command-checks.js';

/**
 * A plain JavaScript triple loop: the floor every engine must beat.
 * @type {import('../baseline-runner.js').BaselineEngine}
 */
export const naiveJs = {
  async open({ shape, b, threads }) {
    expect(threads === 1, 'threads must be 1 for naive-js', threads);
    return { version: null, threads: 1, note: null, run: (a) => naiveMatMul(a, b, shape), close: () => {} };
  },
};

/**
 * C = A x B in fp32, i-k-j order (rows of B and C walked contiguously), accumulating in C as an fp32
 * kernel would.
 *
 * @param {Float32Array} a [M, K]
 * @param {Float32Array} b [K, N]
 * @param {[number, number, number]} shape [M, K, N]
 * @returns {Float32Array} C [M, N]
 */
export function naiveMatMul(a, b, [M, K, N]) {
  const c = new Float32Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k];
      for (let j = 0; j < N; j++) c[i * N + j] += aik * b[k * N + j];
    }
  }
  return c;
}
