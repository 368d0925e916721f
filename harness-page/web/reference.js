/** Largest accepted `maxRelError`: fp32 rounding stays near K * 2^-24 of the magnitude sum. */
export const MAX_REL_ERROR = 1e-4;

/** Floor of the relative error's denominator, so an all-zero dot product cannot divide by zero. */
const MIN_MAGNITUDE = 1e-6;

/**
 * @typedef {object} MatMulReference
 * @property {Float64Array} values     exact-ish C = A x B, row-major [rows, cols]
 * @property {Float64Array} magnitudes sum_k |A[i,k] * B[k,j]| per element: the scale of the
 *   rounding error, since C itself can cancel to about zero
 * @property {number} rows M
 * @property {number} cols N
 */

/**
 * Float64 C = A x B for row-major fp32 inputs. The i-k-j order walks B and C along rows so
 * [128, 768, 768] stays well under a second.
 *
 * @param {Float32Array} a [M, K]
 * @param {Float32Array} b [K, N]
 * @param {[number, number, number]} shape [M, K, N]
 * @returns {MatMulReference}
 */
export function referenceMatMul(a, b, [M, K, N]) {
  const values = new Float64Array(M * N);
  const magnitudes = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    const rowStart = i * N;
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k];
      const bRowStart = k * N;
      for (let j = 0; j < N; j++) {
        const product = aik * b[bRowStart + j];
        values[rowStart + j] += product;
        magnitudes[rowStart + j] += Math.abs(product);
      }
    }
  }
  return { values, magnitudes, rows: M, cols: N };
}

/**
 * Compares a kernel's output with the reference. Errors are taken over the finite outputs only;
 * any non-finite output makes the result invalid on its own.
 *
 * maxAbsError = max |c - ref|; maxRelError = max |c - ref| / max(magnitude, 1e-6), per element.
 * Valid iff every output is finite and maxRelError <= {@link MAX_REL_ERROR}.
 *
 * @param {Float32Array} c the kernel's output [M, N]
 * @param {MatMulReference} reference
 * @returns {{valid: boolean, maxAbsError: number, maxRelError: number, reason: string | null}}
 *   reason says why it is invalid (with the first offending element), else null
 */
export function compareWithReference(c, { values, magnitudes, cols }) {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worstRelIndex = -1;
  let nonFiniteCount = 0;
  let firstNonFiniteIndex = -1;
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(c[index])) {
      if (nonFiniteCount++ === 0) firstNonFiniteIndex = index;
      continue;
    }
    const absError = Math.abs(c[index] - values[index]);
    const relError = absError / Math.max(magnitudes[index], MIN_MAGNITUDE);
    if (absError > maxAbsError) maxAbsError = absError;
    if (relError > maxRelError) {
      maxRelError = relError;
      worstRelIndex = index;
    }
  }
  const at = (index) => `C[${Math.floor(index / cols)},${index % cols}]`;
  let reason = null;
  if (nonFiniteCount > 0) {
    reason = `${nonFiniteCount} of ${values.length} outputs are not finite, first ${at(firstNonFiniteIndex)} = ${c[firstNonFiniteIndex]}`;
  } else if (maxRelError > MAX_REL_ERROR) {
    reason = `maxRelError ${maxRelError} > ${MAX_REL_ERROR} at ${at(worstRelIndex)}: got ${c[worstRelIndex]}, expected ${values[worstRelIndex]}`;
  }
  return { valid: reason === null, maxAbsError, maxRelError, reason };
}
