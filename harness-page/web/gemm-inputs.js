import { createMulberry32, fillUniformSigned } from './prng.js';
import { referenceGemm } from './reference.js';

/**
 * Inputs + reference kept per (problem, seed): tuning measures many candidates of one shape in a
 * row, and the baselines the same shape after them, while a large shape's entry takes tens of MB.
 */
const CACHED_INPUT_SETS = 3;

/**
 * @typedef {object} GemmInputs
 * @property {Object<string, Float32Array>} operands each input the problem names (a, b or w, bias),
 *   uniform in [-1, 1), drawn from the seed in the problem's order
 * @property {import('./reference.js').GemmReference} reference float64 C
 */

/**
 * One cache of inputs for every runner of the page, so kernels and baselines of a problem see the
 * very same operands and the reference is computed once.
 *
 * @returns {(problem: import('./gemm-problem.js').GemmProblem, seed: number) => GemmInputs} least
 *   recently used entries are dropped beyond {@link CACHED_INPUT_SETS}
 */
export function createInputCache() {
  const cache = new Map();
  return (problem, seed) => {
    const key = `${problem.key}/${seed}`;
    let inputs = cache.get(key);
    if (inputs) {
      cache.delete(key); // re-inserted below, as the most recently used
    } else {
      inputs = createInputs(problem, seed);
      if (cache.size >= CACHED_INPUT_SETS) cache.delete(cache.keys().next().value);
    }
    cache.set(key, inputs);
    return inputs;
  };
}

function createInputs(problem, seed) {
  const next = createMulberry32(seed);
  const operands = Object.fromEntries(Object.entries(problem.operands)
    .map(([name, elements]) => [name, fillUniformSigned(new Float32Array(elements), next)]));
  return { operands, reference: referenceGemm(operands, problem) };
}
