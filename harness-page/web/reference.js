/** Largest accepted `maxRelError`: fp32 rounding stays near K * 2^-24 of the magnitude sum. */
export const MAX_REL_ERROR = 1e-4;

/** Floor of the relative error's denominator, so an all-zero dot product cannot divide by zero. */
const MIN_MAGNITUDE = 1e-6;

/**
 * @typedef {object} GemmReference
 * @property {Float64Array} values     exact-ish C, row-major [batches * rows, cols]
 * @property {Float64Array} magnitudes sum_k |A[i,k] * B[k,j]| (+ |bias[j]|) per element: the scale
 *   of the rounding error, since C itself can cancel to about zero
 * @property {number} cols N
 */

/** GELU in the tanh form BERT and GPT-2 use, which the JIT's epilogue implements. */
const gelu = (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

/** The Linear epilogue's activations, in float64; fp32 callers round the result. */
export const ACTIVATION_FUNCTIONS = Object.freeze({ none: (x) => x, relu: (x) => Math.max(x, 0), gelu });

/**
 * Float64 C of a GEMM-like problem on its fp32 inputs: per batch b, C[b] = A[b] x B[b] (B is the
 * weight W for Linear), then Linear's bias and activation. The i-k-j order walks B and C along rows
 * so [128, 768, 768] stays well under a second.
 *
 * The activations change C's scale by at most a factor near 1 (ReLU's slope is 0 or 1, GELU's
 * below 1.13), so the magnitudes of the sums still bound the rounding error of a correct kernel.
 *
 * @param {Object<string, Float32Array>} operands a and b (or w, bias) as the problem names them
 * @param {import('./gemm-problem.js').GemmProblem} problem
 * @returns {GemmReference}
 */
export function referenceGemm(operands, { dims: { B, M, K, N }, epilogue }) {
  const { a, bias } = operands;
  const b = operands.b ?? operands.w;
  const values = new Float64Array(B * M * N);
  const magnitudes = new Float64Array(B * M * N);
  for (let batch = 0; batch < B; batch++) {
    const aStart = batch * M * K;
    const bStart = batch * K * N;
    for (let i = 0; i < M; i++) {
      const rowStart = (batch * M + i) * N;
      for (let k = 0; k < K; k++) {
        const aik = a[aStart + i * K + k];
        const bRowStart = bStart + k * N;
        for (let j = 0; j < N; j++) {
          const product = aik * b[bRowStart + j];
          values[rowStart + j] += product;
          magnitudes[rowStart + j] += Math.abs(product);
        }
      }
    }
  }
  const activate = ACTIVATION_FUNCTIONS[epilogue.activation];
  if (bias || activate !== ACTIVATION_FUNCTIONS.none) {
    for (let index = 0; index < values.length; index++) {
      const biasValue = bias ? bias[index % N] : 0;
      values[index] = activate(values[index] + biasValue);
      magnitudes[index] += Math.abs(biasValue);
    }
  }
  return { values, magnitudes, cols: N };
}

/**
 * Compares a kernel's output with the reference. Errors are taken over the finite outputs only;
 * any non-finite output makes the result invalid on its own.
 *
 * maxAbsError = max |c - ref|; maxRelError = max |c - ref| / max(magnitude, 1e-6), per element.
 * Valid iff every output is finite and maxRelError <= {@link MAX_REL_ERROR}.
 *
 * @param {Float32Array} c the kernel's output
 * @param {GemmReference} reference
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
