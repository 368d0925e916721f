import { createMulberry32 } from './prng.js';

/**
 * Synthetic contents of a model's weights, inputs and state, drawn from a seed exactly as jit's
 * `SeededValues` draws them, so the agent computes a float64 reference without sending weights.
 * Each tensor has its own mulberry32 stream (seed + id * 0x9E3779B9, 32-bit), so tensors can be
 * filled in any order. Scales keep activations near 1 through the layers: matrices uniform in
 * +-1/sqrt(rows), norm scales near 1, biases small, embeddings and other inputs uniform in +-1; ids
 * uniform over the rows of the table they index; attention masks hide the last key; rotary tables
 * hold cos and sin of RowOp.Rotary's angle.
 */
const MASKED = -1e9;
const STREAM_STRIDE = 0x9e3779b9;
const ROTARY_BASE = 10000;

/**
 * Writes every weight, input and state tensor of `graph` (GraphJson's form) at its byte offset.
 *
 * @param {ArrayBufferLike} buffer the model's memory
 * @param {{tensors: object[], nodes: object[]}} graph
 * @param {Object<string, number>} offsets byte offset by tensor id (activations may be absent)
 * @param {number} seed
 */
export function fillModelValues(buffer, graph, offsets, seed) {
  const idBounds = idBoundsOf(graph);
  for (const tensor of graph.tensors) {
    if (tensor.kind === 'activation') continue;
    const elements = tensor.shape.reduce((product, dim) => product * dim, 1);
    const View = tensor.type === 'i32' ? Int32Array : Float32Array;
    const target = new View(buffer, offsets[tensor.id], elements);
    fillTensor(target, tensor, idBounds.get(tensor.id), (seed + Math.imul(tensor.id, STREAM_STRIDE)) >>> 0);
  }
}

/**
 * The inputs as filled, and how to put them back: inputs are planned in the activation arena, so an
 * inference overwrites them once they are dead, and each inference starts by writing them again, as
 * an application feeding the model would.
 *
 * @param {ArrayBufferLike} buffer the model's memory, filled
 * @returns {() => void} writes the inputs back
 */
export function inputRestorer(buffer, graph, offsets) {
  const saved = graph.tensors.filter((tensor) => tensor.kind === 'input').map((tensor) => {
    const bytes = 4 * tensor.shape.reduce((product, dim) => product * dim, 1);
    return { target: new Uint8Array(buffer, offsets[tensor.id], bytes), copy: new Uint8Array(buffer, offsets[tensor.id], bytes).slice() };
  });
  return () => saved.forEach(({ target, copy }) => target.set(copy));
}

/** For each ids tensor, the rows of the table a gather indexes with it. */
function idBoundsOf(graph) {
  const bounds = new Map();
  for (const node of graph.nodes) {
    if (node.op === 'gather') bounds.set(node.operands.idsPtr, node.sizes.tableRows);
  }
  return bounds;
}

function fillTensor(target, tensor, idBound, streamSeed) {
  const next = createMulberry32(streamSeed);
  const uniform = () => (next() >>> 8) / 0x800000 - 1;
  const value = valueRule(tensor, idBound, next, uniform);
  for (let i = 0; i < target.length; i++) target[i] = value(i);
}

function valueRule(tensor, idBound, next, uniform) {
  const { name, kind, shape, type, init = 'synthetic' } = tensor;
  if (type === 'i32') return () => next() % idBound;
  if (init !== 'synthetic') {
    const half = shape[shape.length - 1];
    const trig = init === 'rotary_cos' ? Math.cos : Math.sin;
    return (i) => trig(Math.trunc(i / half) * ROTARY_BASE ** (-2 * (i % half) / (2 * half)));
  }
  const elements = shape.reduce((product, dim) => product * dim, 1);
  if (name === 'attention_mask') return (i) => (i === elements - 1 ? MASKED : 0);
  if (kind !== 'weight') return uniform;
  if (name.endsWith('norm.weight')) return () => 1 + 0.1 * uniform();
  if (shape.length === 1) return () => 0.1 * uniform();
  if (name.includes('embeddings')) return uniform;
  const scale = Math.sqrt(shape[0]);
  return () => uniform() / scale;
}
