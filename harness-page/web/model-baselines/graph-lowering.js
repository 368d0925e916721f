/**
 * A model graph (agent's GraphJson: flat buffers, kernel-level nodes) lowered onto the tensor ops of
 * another engine. The graph's tensors are flat buffers and each node's sizes say how it views them
 * (jit's CallingConvention): the lowering reshapes every operand to the view its op wants, and
 * expresses each kernel as an exported PyTorch model would (masks as additive constants, rotary as
 * rotate-half, a KV cache append as a concatenation). The engine-specific part is a {@link TensorOps}.
 *
 * @module
 */

/**
 * @typedef {object} GraphTensor a tensor of the graph JSON
 * @property {number} id
 * @property {string} name
 * @property {number[]} shape what the graph builder meant; kernels see only the element count
 * @property {'weight' | 'input' | 'activation' | 'state'} kind
 * @property {'f32' | 'i32'} type
 */

/**
 * @typedef {object} GraphNode a node of the graph JSON
 * @property {string} name
 * @property {string} op its kernel's entry point name
 * @property {Object<string, number>} sizes the calling convention's size parameters
 * @property {Object<string, number>} operands pointer parameter -> tensor id
 * @property {{bias: boolean, activation: string}} [epilogue] Linear's, when not none
 * @property {number} [eps] the norms'
 * @property {number} [scale] softmax's
 * @property {'none' | 'causal' | 'additive'} [mask] softmax's
 */

/**
 * @typedef {object} ModelGraph the graph JSON
 * @property {string} name
 * @property {GraphTensor[]} tensors
 * @property {GraphNode[]} nodes in execution order
 * @property {number[]} outputs tensor ids
 */

/**
 * What an engine offers the lowering. Handles are the engine's values (ONNX value names,
 * tf.Tensors); dimensions are tracked by the lowering and passed where an engine needs them.
 * Axes count from the front.
 *
 * @typedef {object} TensorOps
 * @property {(tensor: GraphTensor) => unknown} source a weight, state or input tensor, shaped as its `shape`
 * @property {(key: string, dims: number[], values: () => Float32Array) => unknown} constant a tensor
 *   derived from the graph (a mask, a rotary table); `key` names it uniquely and stably, so an
 *   engine may create it once
 * @property {(x: unknown, dims: number[]) => unknown} reshape
 * @property {(x: unknown, dims: number[], axis: number, start: number, end: number) => unknown} slice
 *   elements [start, end) of `axis` of x, whose dimensions are `dims`
 * @property {(xs: unknown[], axis: number) => unknown} concat
 * @property {(x: unknown, perm: number[]) => unknown} transpose
 * @property {(a: unknown, b: unknown) => unknown} matMul batched over leading dimensions
 * @property {(a: unknown, w: unknown, bias: unknown | null, activation: 'none' | 'relu' | 'gelu') => unknown} linear
 *   act(a w + bias), GELU in its tanh form
 * @property {(a: unknown, b: unknown) => unknown} add numpy broadcasting
 * @property {(a: unknown, b: unknown) => unknown} mul numpy broadcasting
 * @property {(x: unknown) => unknown} neg
 * @property {(x: unknown, gamma: unknown, beta: unknown, eps: number) => unknown} layerNorm over the last axis
 * @property {(x: unknown, gamma: unknown, eps: number) => unknown} rmsNorm over the last axis
 * @property {(x: unknown) => unknown} softmax over the last axis
 * @property {(x: unknown) => unknown} gelu tanh form
 * @property {(x: unknown) => unknown} silu
 * @property {(table: unknown, ids: unknown) => unknown} gather rows of table
 */

/** What softmax adds to the scores a causal mask hides: float32's lowest, as Hugging Face models use. */
const HIDDEN_SCORE = -3.4028234663852886e38;

const LINEAR_ACTIVATIONS = ['none', 'relu', 'gelu'];

/**
 * Per op, its lowering: reads operands through views, writes its output.
 * @type {Object<string, (sizes: Object<string, number>, io: NodeIo, node: GraphNode) => void>}
 */
const LOWERINGS = {
  matmul: ({ M, K, N }, io) => io.write('cPtr', io.ops.matMul(io.read('aPtr', [M, K]), io.read('bPtr', [K, N])), [M, N]),
  bmm: ({ B, M, K, N }, io) => io.write('cPtr', io.ops.matMul(io.read('aPtr', [B, M, K]), io.read('bPtr', [B, K, N])), [B, M, N]),
  linear: ({ M, K, N }, io, { epilogue = { bias: false, activation: 'none' } }) => {
    io.check(LINEAR_ACTIVATIONS.includes(epilogue.activation), `activation ${epilogue.activation} is not one of ${LINEAR_ACTIVATIONS.join(', ')}`);
    const bias = epilogue.bias ? io.read('biasPtr', [N]) : null;
    io.write('cPtr', io.ops.linear(io.read('aPtr', [M, K]), io.read('wPtr', [K, N]), bias, epilogue.activation), [M, N]);
  },
  add: (sizes, io) => lowerBroadcast('add', sizes, io),
  mul: (sizes, io) => lowerBroadcast('mul', sizes, io),
  layer_norm: ({ rows, width }, io, { eps }) => io.write('outPtr',
    io.ops.layerNorm(io.read('xPtr', [rows, width]), io.read('gammaPtr', [width]), io.read('betaPtr', [width]), eps), [rows, width]),
  rms_norm: ({ rows, width }, io, { eps }) => io.write('outPtr',
    io.ops.rmsNorm(io.read('xPtr', [rows, width]), io.read('gammaPtr', [width]), eps), [rows, width]),
  softmax: lowerSoftmax,
  gelu: ({ rows, width }, io) => io.write('outPtr', io.ops.gelu(io.read('xPtr', [rows, width])), [rows, width]),
  silu: ({ rows, width }, io) => io.write('outPtr', io.ops.silu(io.read('xPtr', [rows, width])), [rows, width]),
  rotary: lowerRotary,
  gather: ({ rows, width, tableRows }, io) => io.write('outPtr',
    io.ops.gather(io.read('tablePtr', [tableRows, width]), io.read('idsPtr', [rows])), [rows, width]),
  swap_axes: ({ A, B, D }, io) => io.write('outPtr', io.ops.transpose(io.read('xPtr', [A, B, D]), [1, 0, 2]), [B, A, D]),
  transpose: ({ rows, cols }, io) => io.write('outPtr', io.ops.transpose(io.read('xPtr', [rows, cols]), [1, 0]), [cols, rows]),
  kv_append: lowerKvAppend,
};

/** The ops {@link lowerGraph} can lower, for messages and listings. */
export const LOWERED_OPS = Object.freeze(Object.keys(LOWERINGS));

/**
 * Lowers the whole graph onto `ops`, node by node in order.
 *
 * @param {ModelGraph} graph
 * @param {Object<number, Float32Array | Int32Array>} contents tensor id -> values, for the weights
 *   the lowering derives constants from (rotary tables)
 * @param {TensorOps} ops
 * @returns {unknown} the handle of the graph's output, shaped as its tensor's `shape`
 * @throws {Error} naming the node and op when an op has no lowering or the graph is inconsistent
 */
export function lowerGraph(graph, contents, ops) {
  const tensors = new Map(graph.tensors.map((tensor) => [tensor.id, tensor]));
  const output = checkedOutput(graph, tensors);
  /** tensor id -> {handle, dims}: each tensor's current value, as its last writer left it. */
  const values = new Map();
  const current = (id, where) => {
    if (!values.has(id)) {
      const tensor = tensors.get(id);
      if (!tensor) throw new Error(`${where} names tensor ${id}, which the graph does not have`);
      if (tensor.kind === 'activation') throw new Error(`${where} reads ${tensor.name} before any node writes it`);
      values.set(id, { handle: ops.source(tensor), dims: tensor.shape });
    }
    return values.get(id);
  };
  for (const node of graph.nodes) {
    const where = `${graph.name}: node ${node.name} (${node.op})`;
    if (!Object.hasOwn(LOWERINGS, node.op)) {
      throw new Error(`${where}: op ${node.op} is not supported by the model baselines (they lower ${LOWERED_OPS.join(', ')})`);
    }
    LOWERINGS[node.op](node.sizes, nodeIo(node, where, ops, { tensors, contents, values, current }), node);
  }
  return view(ops, current(output.id, `${graph.name}: the output`), output.shape, `${graph.name}: the output`);
}

function checkedOutput(graph, tensors) {
  if (graph.outputs.length !== 1) throw new Error(`${graph.name}: the model baselines compute one output, the graph has ${graph.outputs.length}`);
  const output = tensors.get(graph.outputs[0]);
  if (!output) throw new Error(`${graph.name}: the output ${graph.outputs[0]} is not among the tensors`);
  return output;
}

/**
 * @typedef {object} NodeIo one node's access to its operands
 * @property {TensorOps} ops
 * @property {(pointer: string, dims: number[]) => unknown} read the operand's current value viewed as `dims`
 * @property {(pointer: string, handle: unknown, dims: number[]) => void} write
 * @property {(key: string, dims: number[], values: () => Float32Array) => unknown} constant keyed by the node's name
 * @property {(pointer: string) => GraphTensor} tensor the operand's tensor
 * @property {(pointer: string) => Float32Array} contents a weight operand's values, as the caller gave them
 * @property {(ok: boolean, problem: string) => void} check throws naming the node unless ok
 */

function nodeIo(node, where, ops, { tensors, contents, values, current }) {
  const tensorOf = (pointer) => {
    if (!Object.hasOwn(node.operands, pointer)) throw new Error(`${where} has no operand ${pointer}`);
    return node.operands[pointer];
  };
  return {
    ops,
    read: (pointer, dims) => view(ops, current(tensorOf(pointer), where), dims, `${where} ${pointer}`),
    write: (pointer, handle, dims) => values.set(tensorOf(pointer), { handle, dims }),
    constant: (key, dims, fill) => ops.constant(`${node.name}.${key}`, dims, fill),
    tensor: (pointer) => tensors.get(tensorOf(pointer)),
    contents: (pointer) => {
      const given = contents[tensorOf(pointer)];
      if (!given) throw new Error(`${where}: no contents given for ${pointer} (tensor ${tensorOf(pointer)})`);
      return given;
    },
    check: (ok, problem) => {
      if (!ok) throw new Error(`${where}: ${problem}`);
    },
  };
}

/**
 * A value viewed as `dims`: as it is, reshaped, or, when the buffer holds more than the view (a KV
 * cache read up to its last row written), its first rows, sliced as a model slices its cache.
 */
function view(ops, { handle, dims: have }, dims, where) {
  const needed = elements(dims);
  const held = elements(have);
  if (needed > held) throw new Error(`${where}: needs ${needed} elements, the tensor holds ${held}`);
  if (have.length === dims.length && have.every((dim, i) => dim === dims[i])) return handle;
  if (needed === held) return ops.reshape(handle, dims);
  const rowElements = held / have[0];
  if (needed % rowElements !== 0) throw new Error(`${where}: views the first ${needed} elements of [${have}], which end within a row`);
  const rows = needed / rowElements;
  return view(ops, { handle: ops.slice(handle, have, 0, 0, rows), dims: [rows, ...have.slice(1)] }, dims, where);
}

const elements = (dims) => dims.reduce((product, dim) => product * dim, 1);

/**
 * add and mul: out[r] = a[r] op b[r % bRows]. A whole b or a bias row broadcasts as it is; other
 * repeats view a as [rows / bRows, bRows, width].
 */
function lowerBroadcast(op, { rows, width, bRows }, io) {
  io.check(bRows >= 1 && rows % bRows === 0, `bRows ${bRows} does not divide rows ${rows}`);
  const dims = bRows === rows || bRows === 1 ? [rows, width] : [rows / bRows, bRows, width];
  const b = io.read('bPtr', bRows === 1 ? [width] : [bRows, width]);
  io.write('outPtr', io.ops[op](io.read('aPtr', dims), b), dims);
}

/**
 * Softmax of scale x plus the mask: Mul by the scale (left out when 1), Add of the additive mask
 * row, or of a causal mask constant [queries, width] over x viewed as [rows / queries, queries, width].
 */
function lowerSoftmax({ rows, width, queries, causalOffset }, io, { scale, mask }) {
  io.check(['none', 'causal', 'additive'].includes(mask), `mask ${mask} is not one of none, causal, additive`);
  const causal = mask === 'causal';
  io.check(!causal || (queries >= 1 && rows % queries === 0), `queries ${queries} does not divide rows ${rows}`);
  const dims = causal ? [rows / queries, queries, width] : [rows, width];
  let scores = io.read('xPtr', dims);
  if (scale !== 1) scores = io.ops.mul(scores, io.constant('scale', [], () => Float32Array.of(scale)));
  if (mask === 'additive') scores = io.ops.add(scores, io.read('maskPtr', [width]));
  if (causal) scores = io.ops.add(scores, io.constant('causal_mask', [queries, width], () => causalMask(queries, width, causalOffset)));
  io.write('outPtr', io.ops.softmax(scores), dims);
}

/** 0 where query q sees column c (c <= q + causalOffset), float32's lowest elsewhere. */
function causalMask(queries, width, causalOffset) {
  const mask = new Float32Array(queries * width);
  for (let q = 0; q < queries; q++) mask.fill(HIDDEN_SCORE, q * width + Math.min(width, q + causalOffset + 1), (q + 1) * width);
  return mask;
}

/**
 * Rotary embedding, rotate-half form: x cos + rotate_half(x) sin with rotate_half(x) = [-x2, x1],
 * on x viewed as [tokens, heads, headDim]. The tables' rows for the tokens' positions, each half
 * repeated to headDim, are constants [tokens, 1, headDim], as an exporter folds them.
 */
function lowerRotary({ rows, headDim, heads, positionOffset }, io) {
  io.check(headDim % 2 === 0 && rows % heads === 0, `rotary needs an even headDim and rows = tokens x heads, got ${rows} rows, ${heads} heads, headDim ${headDim}`);
  const tokens = rows / heads;
  const half = headDim / 2;
  const dims = [tokens, heads, headDim];
  const x = io.read('xPtr', dims);
  const rotated = io.ops.concat([io.ops.neg(io.ops.slice(x, dims, 2, half, headDim)), io.ops.slice(x, dims, 2, 0, half)], 2);
  const table = (pointer) => io.constant(pointer, [tokens, 1, headDim], () => {
    const values = io.contents(pointer);
    io.check(values.length >= (positionOffset + tokens) * half, `the ${pointer} table ends before position ${positionOffset + tokens - 1}`);
    const repeated = new Float32Array(tokens * headDim);
    for (let t = 0; t < tokens; t++) {
      const row = values.subarray((t + positionOffset) * half, (t + positionOffset + 1) * half);
      repeated.set(row, t * headDim);
      repeated.set(row, t * headDim + half);
    }
    return repeated;
  });
  io.write('outPtr', io.ops.add(io.ops.mul(x, table('cosPtr')), io.ops.mul(rotated, table('sinPtr'))), dims);
}

/** cache[offset + r] = x[r]: the cache's rows before and after, with x between, concatenated. */
function lowerKvAppend({ rows, width, offset }, io) {
  const capacity = elements(io.tensor('cachePtr').shape) / width;
  io.check(Number.isInteger(capacity) && offset + rows <= capacity, `rows ${offset} to ${offset + rows} do not fit the cache`);
  const dims = [capacity, width];
  const cache = io.read('cachePtr', dims);
  const parts = [io.read('xPtr', [rows, width])];
  if (offset > 0) parts.unshift(io.ops.slice(cache, dims, 0, 0, offset));
  if (offset + rows < capacity) parts.push(io.ops.slice(cache, dims, 0, offset + rows, capacity));
  io.write('cachePtr', parts.length === 1 ? parts[0] : io.ops.concat(parts, 0), dims);
}
