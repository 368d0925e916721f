// Runs a batch of MatMul kernels on seeded random data and reports each one's error against a
// float64 reference; one process for many kernels, so compiling Node is paid once.
//
// usage: node [--experimental-wasm-relaxed-simd] [--liftoff-only] run-matmul.mjs <manifest.json>
// manifest: see readManifest in matmul-memory.mjs
// prints one JSON line per kernel and thread count:
//   {"name":..,"threadCount":..,"maxAbsError":..,"maxRelError":..,"nonFiniteOutputs":..,"guardsIntact":..,"error":..}
// and one per shape: {"group":..,"inputsIntact":..}
//
// Batched runs (BATCH_MATMUL_THREADED) are checked batch by batch, Linear runs (LINEAR_THREADED)
// against bias and activation applied in float64 (see referenceFor in matmul-memory.mjs for why the
// same tolerance holds with GELU).
//
// Relative error is measured per element against sum_k |A[i,k] * B[k,j]|, not against |C[i,j]|:
// the rounding error of an fp32 dot product is bounded by about K * 2^-24 times that sum, while
// C[i,j] itself can cancel to nearly zero and make a plain relative error meaningless.
import { readFileSync } from 'node:fs';
// The harness page defines the error metric; kernels are judged here exactly as there.
import { compareWithReference } from '../../../../harness-page/web/reference.js';
import {
  callKernel, createMatMulMemory, groupRuns, memoryOptions, readManifest, referenceFor, scratchBytes,
} from './matmul-memory.mjs';

const [manifestPath] = process.argv.slice(2);
if (!manifestPath) {
  console.error('usage: node run-matmul.mjs <manifest.json>');
  process.exit(2);
}
const { manifest, modules } = readManifest(readFileSync, manifestPath);

for (const group of groupRuns(manifest.runs)) {
  const mem = createMatMulMemory(group.shape, group.scratchBytes, group.shared, manifest.seed, memoryOptions(group));
  // Runs of a group share their inputs, so one reference per epilogue serves them all.
  const references = new Map();
  for (const index of group.indices) {
    const run = manifest.runs[index];
    const epilogueKey = `${run.bias ? 'bias' : ''}-${run.activation ?? 'none'}`;
    if (!references.has(epilogueKey)) references.set(epilogueKey, referenceFor(run, mem));
    const reference = references.get(epilogueKey);
    let exports;
    try {
      exports = new WebAssembly.Instance(new WebAssembly.Module(modules[index]), { env: { memory: mem.memory } }).exports;
    } catch (e) {
      console.log(JSON.stringify({
        name: run.name, threadCount: 0, maxAbsError: null, maxRelError: null, nonFiniteOutputs: -1, guardsIntact: false, error: `${e}`,
      }));
      continue;
    }
    for (const threadCount of run.threadCounts) {
      mem.reset(scratchBytes(run, threadCount));
      let error = null;
      try {
        callKernel(run, exports, mem, threadCount);
      } catch (e) {
        error = `${e}`;
      }
      const { maxAbsError, maxRelError } = compareWithReference(mem.c, reference);
      const nonFiniteOutputs = mem.c.filter((value) => !Number.isFinite(value)).length;
      console.log(JSON.stringify({
        name: run.name, threadCount, maxAbsError, maxRelError, nonFiniteOutputs, guardsIntact: mem.guardsIntact(), error,
      }));
    }
  }
  // Checked once per shape: comparing the inputs after every kernel would cost more than running it.
  console.log(JSON.stringify({ group: group.key, inputsIntact: mem.inputsIntact() }));
}
