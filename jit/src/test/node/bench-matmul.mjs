// Development aid, not a test: times a batch of MatMul kernels in one Node process, interleaved in
// rounds so that the machine's drift hits all of them alike, and prints GFLOP/s per kernel.
// Node's V8 is close to Chromium's, but only the browser farm's figures count.
//
// usage: node --experimental-wasm-relaxed-simd bench-matmul.mjs <manifest.json> [rounds] [msPerRound]
// prints one JSON line per kernel: {"name":..,"shape":..,"medianMs":..,"bestMs":..,"gflops":..,"bestGflops":..}
import { readFileSync } from 'node:fs';
import { callKernel, createMatMulMemory, groupRuns, memoryOptions, readManifest } from './matmul-memory.mjs';

const [manifestPath, rounds = 5, msPerRound = 300] = process.argv.slice(2);
const { manifest, modules } = readManifest(readFileSync, manifestPath);

for (const group of groupRuns(manifest.runs)) {
  const mem = createMatMulMemory(group.shape, group.scratchBytes, group.shared, manifest.seed, memoryOptions(group));
  const [M, K, N] = group.shape;
  const kernels = group.indices.map((index) => {
    const run = manifest.runs[index];
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(modules[index]), { env: { memory: mem.memory } });
    const call = () => callKernel(run, exports, mem, run.threadCounts[0]);
    call(); // warm-up: tier-up to TurboFan happens on the first calls
    call();
    return { run, call, samples: [] };
  });
  for (let round = 0; round < Number(rounds); round++) {
    for (const kernel of kernels) {
      const until = performance.now() + Number(msPerRound);
      do {
        const start = performance.now();
        kernel.call();
        kernel.samples.push(performance.now() - start);
      } while (performance.now() < until);
    }
  }
  for (const { run, samples } of kernels) {
    samples.sort((x, y) => x - y);
    const medianMs = samples[Math.floor(samples.length / 2)];
    const gflops = (ms) => (2 * group.batches * M * K * N) / (ms * 1e6);
    console.log(JSON.stringify({
      name: run.name, shape: run.shape, medianMs, bestMs: samples[0], gflops: gflops(medianMs), bestGflops: gflops(samples[0]),
    }));
  }
}
