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
// The harness page defines the inputs and the error metric; kernels are judged here exactly as there.
import { createMulberry32, fillUniformSigned } from '../../../../harness-page/web/prng.js';
import { compareWithReference, referenceMatMul } from '../../../../harness-page/web/reference.js';

const [wasmPath, entryPoint, ...rest] = process.argv.slice(2);
const [M, K, N, seed = 1] = rest.map(Number);
if (!wasmPath || !entryPoint || !(M >= 1 && K >= 1 && N >= 1)) {
  console.error('usage: node run-matmul.mjs <kernel.wasm> <entryPoint> <M> <K> <N> [seed]');
  process.exit(2);
}

const PAGE_BYTES = 65536;
// Guards between and around the matrices catch writes outside C. Their length is odd so the
// matrices start at addresses that are not 16-byte aligned, which kernels must not depend on.
const GUARD_FLOATS = 5;
const GUARD_VALUE = 12345.678;

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

const next = createMulberry32(seed);
const a = fillUniformSigned(view('a'), next);
const b = fillUniformSigned(view('b'), next);
const c = view('c');
c.fill(NaN); // proves the kernel overwrites C instead of accumulating into it
guards.forEach((name) => view(name).fill(GUARD_VALUE));

const module = new WebAssembly.Module(readFileSync(wasmPath));
const instance = new WebAssembly.Instance(module, { env: { memory } });
const ptr = (name) => layout[name].offset * 4;
instance.exports[entryPoint](ptr('a'), ptr('b'), ptr('c'), M, K, N);

const { maxAbsError, maxRelError } = compareWithReference(c, referenceMatMul(a, b, [M, K, N]));
const nonFiniteOutputs = c.filter((value) => !Number.isFinite(value)).length;
const guardsIntact = guards.every((name) => view(name).every((value) => value === Math.fround(GUARD_VALUE)));

console.log(JSON.stringify({ maxAbsError, maxRelError, nonFiniteOutputs, guardsIntact }));
