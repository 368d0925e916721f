import { createMulberry32, fillUniformSigned } from './prng.js';
import { referenceMatMul } from './reference.js';

/**
 * Inputs + reference kept per (shape, seed): tuning measures many candidates of one shape in a
 * row, and the baselines the same shape after them, while a large shape's entry takes tens of MB.
 */
const CACHED_INPUT_SETS = 3;

/**
 * @typedef {object} MatMulInputs
 * @property {Float32Array} a [M, K], uniform in [-1, 1) from the seed
 * @property {Float32Array} b [K, N], drawn after A from the same stream
 * @property {import('./reference.js').MatMulReference} reference float64 C = A x B
 */

/**
 * One cache of inputs for every runner of the page, so kernels and baselines of a shape see the
 * very same A and B and the reference is computed once.
 *
 * @returns {(shape: [number, number, number], seed: number) => MatMulInputs} least recently used
 *   entries are dropped beyond {@link CACHED_INPUT_SETS}
 */
export function createInputCache() {
  const cache = new Map();
  return (shape, seed) => {
    const key = `${shape.join('x')}/${seed}`;
    let inputs = cache.get(key);
    if (inputs) {
      cache.delete(key); // re-inserted below, as the most recently used
    } else {
      inputs = createInputs(shape, seed);
      if (cache.size >= CACHED_INPUT_SETS) cache.delete(cache.keys().next().value);
    }
    cache.set(key, inputs);
    return inputs;
  };
}

function createInputs(shape, seed) {
  const [M, K, N] = shape;
  const next = createMulberry32(seed);
  const a = fillUniformSigned(new Float32Array(M * K), next);
  const b = fillUniformSigned(new Float32Array(K * N), next);
  return { a, b, reference: referenceMatMul(a, b, shape) };
}
