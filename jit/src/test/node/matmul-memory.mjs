// One memory per MatMul shape, laid out as the page does it: A, B, C and per-thread scratch, with
// guards around each to catch writes outside C and outside the scratch a kernel declared. The
// scratch area is sized for the group's largest need; each run gets the end of it, so the guard
// after it sits right behind the scratch that run declared.
//
// Guards have an odd length so the matrices start at addresses that are not 16-byte aligned, which
// kernels must not depend on. A and B come from the harness page's seeded generator, so kernels are
// judged here on exactly the inputs they get there.
import { createMulberry32, fillUniformSigned } from '../../../../harness-page/web/prng.js';
import { referenceGemm } from '../../../../harness-page/web/reference.js';

const PAGE_BYTES = 65536;
const GUARD_FLOATS = 5;
const GUARD_VALUE = Math.fround(12345.678);

/**
 * @param {[number, number, number]} shape [M, K, N] of one matrix
 * @param {number} scratchBytes room for every thread's scratch (a multiple of 4)
 * @param {boolean} shared whether kernels import a shared memory (threaded kernels)
 * @param {number} seed
 * @param {{batches?: number, bias?: boolean}} options batches: A, B and C hold that many matrices
 *   each, contiguous (BATCH_MATMUL_THREADED); bias: a bias[N] follows B (LINEAR_THREADED), drawn
 *   from the generator after A and B
 */
export function createMatMulMemory([M, K, N], scratchBytes, shared, seed, { batches = 1, bias = false } = {}) {
  const layout = {};
  let floats = 0;
  for (const [name, length] of [['guard0', GUARD_FLOATS], ['a', batches * M * K], ['guard1', GUARD_FLOATS],
    ['b', batches * K * N], ['guard2', GUARD_FLOATS], ...(bias ? [['bias', N], ['guard5', GUARD_FLOATS]] : []),
    ['c', batches * M * N], ['guard3', GUARD_FLOATS],
    ['scratch', scratchBytes / 4], ['guard4', GUARD_FLOATS]]) {
    layout[name] = { offset: floats, length };
    floats += length;
  }
  const pages = Math.ceil((floats * 4) / PAGE_BYTES);
  // A shared memory needs a maximum; the kernels' import allows up to 1 GiB, this one needs no growth.
  const memory = new WebAssembly.Memory(shared ? { initial: pages, maximum: pages, shared } : { initial: pages });
  const view = (name) => new Float32Array(memory.buffer, layout[name].offset * 4, layout[name].length);
  const guards = Object.keys(layout).filter((name) => name.startsWith('guard'));

  const next = createMulberry32(seed);
  const a = fillUniformSigned(view('a'), next);
  const b = fillUniformSigned(view('b'), next);
  const biasValues = bias ? fillUniformSigned(view('bias'), next) : null;
  const inputs = { a: a.slice(), b: b.slice(), bias: biasValues && biasValues.slice() };

  const scratchEnd = layout.guard4.offset * 4;
  return {
    memory,
    a,
    b,
    bias: biasValues,
    c: view('c'),
    ptr: (name) => layout[name].offset * 4,
    /** Where a run that needs `bytes` of scratch gets it. */
    scratchPtr: (bytes) => scratchEnd - bytes,
    /** NaN in C proves a kernel overwrites C; NaN in scratch, that it reads only what it wrote there. */
    reset(scratchBytes) {
      view('c').fill(NaN);
      new Float32Array(memory.buffer, scratchEnd - scratchBytes, scratchBytes / 4).fill(NaN);
      guards.forEach((name) => view(name).fill(GUARD_VALUE));
    },
    guardsIntact: () => guards.every((name) => view(name).every((value) => value === GUARD_VALUE)),
    inputsIntact: () => a.every((value, i) => value === inputs.a[i]) && b.every((value, i) => value === inputs.b[i])
      && (!bias || biasValues.every((value, i) => value === inputs.bias[i])),
  };
}

/**
 * Calls a kernel as the page would: MATMUL_ABC_MKN once; MATMUL_THREADED once per thread index, in
 * turn, which computes what parallel workers would since thread shares are disjoint. A run with
 * `onlyThread` calls that thread alone, to see which part of C it writes.
 */
export function callKernel(run, exports, mem, threadCount) {
  const [M, K, N] = run.shape;
  const entry = exports[run.entryPoint];
  if (run.convention === 'MATMUL_ABC_MKN') {
    entry(mem.ptr('a'), mem.ptr('b'), mem.ptr('c'), M, K, N);
    return;
  }
  const threads = run.onlyThread >= 0 ? [run.onlyThread] : [...Array(threadCount).keys()];
  const scratch = mem.scratchPtr(scratchBytes(run, threadCount));
  for (const thread of threads) {
    if (run.convention === 'BATCH_MATMUL_THREADED') {
      entry(mem.ptr('a'), mem.ptr('b'), mem.ptr('c'), run.batches, M, K, N, scratch, thread, threadCount);
    } else if (run.convention === 'LINEAR_THREADED') {
      entry(mem.ptr('a'), mem.ptr('b'), mem.ptr('bias'), mem.ptr('c'), M, K, N, scratch, thread, threadCount);
    } else {
      entry(mem.ptr('a'), mem.ptr('b'), mem.ptr('c'), M, K, N, scratch, thread, threadCount);
    }
  }
}

/** The scratch a run declares for all its threads. */
export function scratchBytes(run, threadCount) {
  return run.scratchBytesPerThread * threadCount;
}

/**
 * Reads a manifest: {seed, blob, runs: [{name, offset, length, entryPoint, convention, shape,
 * threadCounts, onlyThread, scratchBytesPerThread, shared, batches?, bias?, activation?}]}, where each
 * module is blob[offset, offset + length), onlyThread is -1 unless one thread is to run alone, shape
 * is one matrix's [M, K, N], batches (default 1) the number of matrices of a BATCH_MATMUL_THREADED
 * run, and bias / activation ('none', 'relu', 'gelu') a LINEAR_THREADED run's epilogue.
 */
export function readManifest(readFileSync, path) {
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const blob = readFileSync(manifest.blob);
  const modules = manifest.runs.map((run) => blob.subarray(run.offset, run.offset + run.length));
  return { manifest, modules };
}

/**
 * Runs grouped by shape and memory kind, each group sharing one memory big enough for all its scratch.
 * Batched runs group by batch count too, and Linear runs apart (their memory holds a bias).
 */
export function groupRuns(runs) {
  const groups = new Map();
  runs.forEach((run, index) => {
    const batches = run.batches ?? 1;
    const bias = run.convention === 'LINEAR_THREADED';
    const key = `${batches > 1 ? `${batches}x` : ''}${run.shape.join('x')}${run.shared ? '-shared' : ''}${bias ? '-linear' : ''}`;
    if (!groups.has(key)) {
      groups.set(key, { key, shape: run.shape, shared: run.shared, scratchBytes: 0, indices: [], batches, bias });
    }
    const group = groups.get(key);
    group.scratchBytes = Math.max(group.scratchBytes, scratchBytes(run, Math.max(...run.threadCounts)));
    group.indices.push(index);
  });
  return [...groups.values()];
}

/** The memory options of a group from {@link groupRuns}. */
export function memoryOptions(group) {
  return { batches: group.batches, bias: group.bias };
}

/**
 * The float64 reference of a run on a group's memory, by the harness page's own referenceGemm:
 * batched, each batch after the other; Linear, with bias and activation applied in float64. An
 * activation's derivative is at most 1.13 (GELU), so the fp32 rounding error stays within about
 * 1.13 K 2^-24 of the magnitude; the kernel's GELU approximation adds at most about 3e-7 |x| <= 3e-7
 * magnitude. Both are far below the 1e-4 tolerance, which therefore stays as it is.
 */
export function referenceFor(run, mem) {
  const [M, K, N] = run.shape;
  const linear = run.convention === 'LINEAR_THREADED';
  const operands = { a: mem.a, b: mem.b, bias: linear && run.bias ? mem.bias : undefined };
  const epilogue = { bias: linear && run.bias, activation: linear ? run.activation ?? 'none' : 'none' };
  return referenceGemm(operands, { dims: { B: run.batches ?? 1, M, K, N }, epilogue });
}
