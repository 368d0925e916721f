import { expect } from './command-checks.js';

/** The activations a Linear epilogue may apply (jit's `Epilogue.Activation`). */
export const ACTIVATIONS = Object.freeze(['none', 'relu', 'gelu']);

const NO_EPILOGUE = Object.freeze({ bias: false, activation: 'none' });

/**
 * The GEMM-like ops the page runs, as jit's `KernelOp` defines them. Per op: the shape's dimensions,
 * the input operands in the order they are drawn from the seed (with their element counts), and
 * which of them are fed per inference rather than held as constants (a transformer's weights) by
 * the baselines that can pre-pack constants.
 */
const OPS = Object.freeze({
  matmul: {
    dimensions: ['M', 'K', 'N'],
    operands: ({ M, K, N }) => ({ a: M * K, b: K * N }),
    fed: ['a'],
  },
  batch_matmul: {
    dimensions: ['B', 'M', 'K', 'N'],
    operands: ({ B, M, K, N }) => ({ a: B * M * K, b: B * K * N }),
    // Attention's batched products multiply two activations: neither is a weight.
    fed: ['a', 'b'],
  },
  linear: {
    dimensions: ['M', 'K', 'N'],
    operands: ({ M, K, N }, { bias }) => ({ a: M * K, w: K * N, ...(bias ? { bias: N } : {}) }),
    fed: ['a'],
  },
});

/**
 * @typedef {object} GemmProblem what one measurement computes, checked
 * @property {'matmul' | 'batch_matmul' | 'linear'} op
 * @property {number[]} shape the op's dimensions in order ([M, K, N] or [B, M, K, N])
 * @property {{B: number, M: number, K: number, N: number}} dims B is 1 for unbatched ops
 * @property {{bias: boolean, activation: string}} epilogue Linear's; no bias and `none` otherwise
 * @property {Object<string, number>} operands input name -> element count, in drawing order
 * @property {string[]} fed the inputs fed per inference; the others are constants
 * @property {number} outputElements of C
 * @property {string} key identifies the inputs and reference: same key, same numbers
 */

/** The op names, for messages. */
export const OP_NAMES = Object.freeze(Object.keys(OPS));

/**
 * Reads `op`, `shape` and, for Linear, `epilogue` ({bias, activation}) from a command part.
 *
 * @param {{op: unknown, shape: unknown, epilogue?: unknown}} source
 * @param {string} prefix where the fields sit in the command (e.g. `kernel.`), for messages
 * @returns {GemmProblem}
 */
export function readGemmProblem({ op, shape, epilogue }, prefix = '') {
  expect(Object.hasOwn(OPS, op), `${prefix}op must be one of ${OP_NAMES.join(', ')}`, op);
  const { dimensions, operands, fed } = OPS[op];
  const isDimension = (d) => Number.isInteger(d) && d >= 1 && d <= 0x7fffffff;
  expect(Array.isArray(shape) && shape.length === dimensions.length && shape.every(isDimension),
    `${prefix}shape must be [${dimensions.join(', ')}] of positive i32 for ${op}`, shape);
  const dims = { B: 1, ...Object.fromEntries(dimensions.map((name, i) => [name, shape[i]])) };
  const readEpilogue = op === 'linear' ? readLinearEpilogue(epilogue, prefix) : NO_EPILOGUE;
  expect(op === 'linear' || epilogue === undefined || epilogue === null, `${prefix}epilogue is for linear only`, epilogue);
  const counts = operands(dims, readEpilogue);
  return {
    op,
    shape,
    dims,
    epilogue: readEpilogue,
    operands: counts,
    fed,
    outputElements: dims.B * dims.M * dims.N,
    key: `${op}/${shape.join('x')}/${readEpilogue.bias ? 'bias' : 'nobias'}/${readEpilogue.activation}`,
  };
}

function readLinearEpilogue(epilogue = NO_EPILOGUE, prefix) {
  expect(epilogue !== null && typeof epilogue === 'object', `${prefix}epilogue must be {bias, activation}`, epilogue);
  const { bias = false, activation = 'none' } = epilogue;
  expect(typeof bias === 'boolean', `${prefix}epilogue.bias must be a boolean`, bias);
  expect(ACTIVATIONS.includes(activation), `${prefix}epilogue.activation must be one of ${ACTIVATIONS.join(', ')}`, activation);
  return { bias, activation };
}

/**
 * A tensor's dimensions as engines with tensor types want them: batched MatMul's operands have the
 * leading batch dimension, Linear's weight [K, N] and bias [N] have none.
 *
 * @param {GemmProblem} problem
 * @param {'a' | 'b' | 'w' | 'bias' | 'c'} name
 * @returns {number[]}
 */
export function operandDimensions({ op, dims: { B, M, K, N } }, name) {
  const batch = op === 'batch_matmul' ? [B] : [];
  return { a: [...batch, M, K], b: [...batch, K, N], w: [K, N], bias: [N], c: [...batch, M, N] }[name];
}
