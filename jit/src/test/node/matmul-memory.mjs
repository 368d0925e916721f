// One memory per MatMul shape, laid out as the page does it: A, B, C and per-thread scratch, with
// guards around each to catch writes outside C and outside the scratch a kernel declared. The
// scratch area is sized for the group's largest need; each run gets the end of it, so the guard
// after it sits right behind the scratch that run declared.
//
// Guards have an odd length so the matrices start at addresses that are not 16-byte aligned, which
// kernels must not depend on. A and B come from the harness page's seeded generator, so kernels are
// judged here on exactly the inputs they get there.
import { createMulberry32, fillUniformSigned } from '../../../../harness-page/web/prng.js';

const PAGE_BYTES = 65536;
const GUARD_FLOATS = 5;
const GUARD_VALUE = Math.fround(12345.678);

/**
 * @param {[number, number, number]} shape [M, K, N]
 * @param {number} scratchBytes room for every thread's scratch (a multiple of 4)
 * @param {boolean} shared whether kernels import a shared memory (threaded kernels)
 * @param {number} seed
 */
export function createMatMulMemory([M, K, N], scratchBytes, shared, seed) {
  const layout = {};
  let floats = 0;
  for (const [name, length] of [['guard0', GUARD_FLOATS], ['a', M * K], ['guard1', GUARD_FLOATS],
    ['b', K * N], ['guard2', GUARD_FLOATS], ['c', M * N], ['guard3', GUARD_FLOATS],
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
  const inputs = { a: a.slice(), b: b.slice() };

  const scratchEnd = layout.guard4.offset * 4;
  return {
    memory,
    a,
    b,
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
    inputsIntact: () => a.every((value, i) => value === inputs.a[i]) && b.every((value, i) => value === inputs.b[i]),
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
    entry(mem.ptr('a'), mem.ptr('b'), mem.ptr('c'), M, K, N, scratch, thread, threadCount);
  }
}

/** The scratch a run declares for all its threads. */
export function scratchBytes(run, threadCount) {
  return run.scratchBytesPerThread * threadCount;
}

/**
 * Reads a manifest: {seed, blob, runs: [{name, offset, length, entryPoint, convention, shape,
 * threadCounts, onlyThread, scratchBytesPerThread, shared}]}, where each module is
 * blob[offset, offset + length) and onlyThread is -1 unless one thread is to run alone.
 */
export function readManifest(readFileSync, path) {
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  const blob = readFileSync(manifest.blob);
  const modules = manifest.runs.map((run) => blob.subarray(run.offset, run.offset + run.length));
  return { manifest, modules };
}

/** Runs grouped by shape and memory kind, each group sharing one memory big enough for all its scratch. */
export function groupRuns(runs) {
  const groups = new Map();
  runs.forEach((run, index) => {
    const key = `${run.shape.join('x')}${run.shared ? '-shared' : ''}`;
    if (!groups.has(key)) groups.set(key, { key, shape: run.shape, shared: run.shared, scratchBytes: 0, indices: [] });
    const group = groups.get(key);
    group.scratchBytes = Math.max(group.scratchBytes, scratchBytes(run, Math.max(...run.threadCounts)));
    group.indices.push(index);
  });
  return [...groups.values()];
}
