// Runs one MatMul kernel on random data and reports its error against a float64 reference.
//
// usage: node run-matmul.mjs <kernel.wasm> <entryPoint> <M> <K> <N> [seed]
// prints: {"maxAbsError":..,"maxRelError":..,"nonFiniteOutputs":..,"guardsIntact":..}
//
// Calling convention: entryPoint(aPtr, bPtr, cPtr, M, K, N), byte offsets of row-major fp32
// matrices in the imported env.memory; C is overwritten.
//
// Relative error is measured per element against sum_k |A[i,k] * B[k,j]|, not against |C[i,j]|:
// the rounding error of an fp32 dot product is bounded by about K * 2^-24 times that sum, while
// C[i,j] itself can cancel to nearly zero and make a plain relative error meaningless.
import { readFileSync } from 'node:fs';

const [wasmPath, entryPoint, ...rest] = process.argv.slice(2);
const [M, K, N, seed = 1] = rest.map(Number);
if (!wasmPath || !entryPoint || !(M >= 1 && K >= 1 && N >= 1)) {
  console.error('usage: node run-matmul.mjs <kernel.wasm> <entryPoint> <M> <K> <N> [seed]');
  process.exit(2);
}

const PAGE_BYTES = 65536;
const NORM_FLOOR = 1e-6;
// Guards between and around the matrices catch writes outside C. Their length is odd so the
// matrices start at addresses that are not 16-byte aligned, which kernels must not depend on.
const GUARD_FLOATS = 5;
const GUARD_VALUE = 12345.678;

// mulberry32: tiny, seedable, and the same in every Node version.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const layout = {};
let floats = 0;
for (const [name, length] of [['guard0', GUARD_FLOATS], ['a', M * K], ['guard1', GUARD_FLOATS],
  ['b', K * N], ['guard2', GUARD_FLOATS], ['c', M * N], ['guard3', GUARD_FLOATS]]) {
  layout[name] = { offset: floats, length };
  floats += length;
}

const memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / PAGE_BYTES) });
const view = (name) => new Float32Array(memory.buffer, layout[name].offset * 4, layout[name].length);
const guards = ['guard0', 'guard1', 'guard2', 'guard3'];

const next = random(seed);
const a = view('a');
const b = view('b');
const c = view('c');
a.forEach((_, i) => { a[i] = next() * 2 - 1; });
b.forEach((_, i) => { b[i] = next() * 2 - 1; });
c.fill(NaN); // proves the kernel overwrites C instead of accumulating into it
guards.forEach((name) => view(name).fill(GUARD_VALUE));

const module = new WebAssembly.Module(readFileSync(wasmPath));
const instance = new WebAssembly.Instance(module, { env: { memory } });
const ptr = (name) => layout[name].offset * 4;
instance.exports[entryPoint](ptr('a'), ptr('b'), ptr('c'), M, K, N);

let maxAbsError = 0;
let maxRelError = 0;
let nonFiniteOutputs = 0;
const reference = new Float64Array(N);
const norm = new Float64Array(N);
for (let i = 0; i < M; i++) {
  reference.fill(0);
  norm.fill(0);
  for (let k = 0; k < K; k++) {
    const aik = a[i * K + k];
    for (let j = 0; j < N; j++) {
      const product = aik * b[k * N + j];
      reference[j] += product;
      norm[j] += Math.abs(product);
    }
  }
  for (let j = 0; j < N; j++) {
    const value = c[i * N + j];
    if (!Number.isFinite(value)) {
      nonFiniteOutputs++;
      continue;
    }
    const error = Math.abs(value - reference[j]);
    maxAbsError = Math.max(maxAbsError, error);
    maxRelError = Math.max(maxRelError, error / Math.max(norm[j], NORM_FLOOR));
  }
}
const guardsIntact = guards.every((name) => view(name).every((value) => value === Math.fround(GUARD_VALUE)));

console.log(JSON.stringify({ maxAbsError, maxRelError, nonFiniteOutputs, guardsIntact }));
