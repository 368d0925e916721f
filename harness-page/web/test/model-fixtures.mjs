// The reduced models agent's GraphFixturesTest writes: graph JSON, every non-activation tensor's
// contents, and the float64 reference output.
import { readFileSync } from 'node:fs';
import { compareWithReference } from '../reference.js';

/**
 * @param {string} file in test/fixtures
 * @returns {{graph: object, weights: Object<number, Float32Array | Int32Array>,
 *   inputs: Object<number, Float32Array | Int32Array>, reference: Float64Array}} weights hold the
 *   weight and state tensors, inputs the input tensors
 */
export function readModelFixture(file) {
  const { graph, values, reference } = JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8'));
  const weights = {};
  const inputs = {};
  for (const tensor of graph.tensors) {
    if (!Object.hasOwn(values, tensor.id)) continue;
    const bytes = Buffer.from(values[tensor.id], 'base64');
    // A copy: Buffer's pool may place the bytes at an offset a typed array cannot start at.
    const buffer = new Uint8Array(bytes).buffer;
    const typed = tensor.type === 'i32' ? new Int32Array(buffer) : new Float32Array(buffer);
    (tensor.kind === 'input' ? inputs : weights)[tensor.id] = typed;
  }
  return { graph, weights, inputs, reference: Float64Array.from(reference) };
}

/**
 * An engine's output judged against the fixture's reference: every element within 1e-4 of the
 * output's largest magnitude (jit's PlanExecutionTest judges our plans the same way): fp32 rounding
 * through a few layers, with norms and softmaxes in between, stays near 1e-6 of it.
 *
 * @returns {{valid: boolean, maxAbsError: number, maxRelError: number, reason: string | null}}
 */
export function compareWithFixture(output, { graph, reference }) {
  const scale = reference.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const cols = graph.tensors.find((tensor) => tensor.id === graph.outputs[0]).shape.at(-1);
  return compareWithReference(output, { values: reference, magnitudes: new Float64Array(reference.length).fill(scale), cols });
}
