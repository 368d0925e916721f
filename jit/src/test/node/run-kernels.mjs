// Runs kernels on memory images the Java side prepared and compares what they wrote with the
// Java side's float64 reference: the runner for row ops and for whole model plans, which know
// nothing of any op here. (MatMul kernels have run-matmul.mjs, which draws the harness page's own
// inputs instead.)
//
// usage: node [--experimental-wasm-relaxed-simd] [--liftoff-only] run-kernels.mjs <manifest.json>
// manifest: {blob, kernels: [{offset, length, entryPoint}], jobs: [job]}; every offset is into blob
//   job: {name, memoryBytes, shared, image: {offset, length}, kernels: [index into kernels], runs: [run]}
//   run: {name, calls: [[kernel (index into job.kernels), ...i32 arguments]], checks: [check]}
//   check: {name, byteOffset, elements, expected: offset, magnitudes: offset} (float64 arrays in blob)
// For each run the memory is reset to the image (zero past it), the calls are made in order, and one
// JSON line is printed per check:
//   {job, run, check, maxAbsError, maxRelError, nonFinite, changed, restIntact, error}
// maxRelError is max |out - expected| / max(magnitude, 1e-30) over the finite outputs; nonFinite counts
// the others; changed counts the checked floats whose bits differ from the image (outputs start as NaN,
// so this is what a call wrote); restIntact says no byte outside the checked ranges changed.
import { readFileSync } from 'node:fs';

const PAGE_BYTES = 65536;
const MIN_MAGNITUDE = 1e-30;

const [manifestPath] = process.argv.slice(2);
if (!manifestPath) {
  console.error('usage: node run-kernels.mjs <manifest.json>');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const blob = readFileSync(manifest.blob);
const bytesAt = (offset, length) => blob.subarray(offset, offset + length);
/** A copy, so the float64 view is aligned whatever the blob's own alignment. */
const float64sAt = (offset, elements) => new Float64Array(blob.buffer.slice(blob.byteOffset + offset,
  blob.byteOffset + offset + elements * 8));

const compiled = manifest.kernels.map((kernel) => {
  try {
    return { module: new WebAssembly.Module(bytesAt(kernel.offset, kernel.length)), entryPoint: kernel.entryPoint };
  } catch (e) {
    return { error: `${e}` };
  }
});

for (const job of manifest.jobs) {
  const pages = Math.max(1, Math.ceil(job.memoryBytes / PAGE_BYTES));
  // A shared memory needs a maximum; the kernels' import allows up to 1 GiB, this one needs no growth.
  const memory = new WebAssembly.Memory(job.shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
  const image = bytesAt(job.image.offset, job.image.length);
  let entries;
  let setupError = null;
  try {
    entries = job.kernels.map((index) => {
      if (compiled[index].error) throw new Error(compiled[index].error);
      const { exports } = new WebAssembly.Instance(compiled[index].module, { env: { memory } });
      return exports[compiled[index].entryPoint];
    });
  } catch (e) {
    setupError = `${e}`;
  }
  for (const run of job.runs) {
    const bytes = new Uint8Array(memory.buffer);
    bytes.set(image);
    bytes.fill(0, image.length);
    let error = setupError;
    if (!error) {
      try {
        for (const [kernel, ...args] of run.calls) entries[kernel](...args);
      } catch (e) {
        error = `${e}`;
      }
    }
    const restIntact = unchangedOutside(bytes, image, run.checks);
    for (const check of run.checks) {
      console.log(JSON.stringify({ job: job.name, run: run.name, check: check.name, ...compare(memory, image, check), restIntact, error }));
    }
  }
}

function compare(memory, image, check) {
  const out = new Float32Array(memory.buffer, check.byteOffset, check.elements);
  const before = new Uint32Array(image.buffer.slice(image.byteOffset + check.byteOffset,
    image.byteOffset + check.byteOffset + check.elements * 4));
  const bits = new Uint32Array(memory.buffer, check.byteOffset, check.elements);
  const expected = float64sAt(check.expected, check.elements);
  const magnitudes = float64sAt(check.magnitudes, check.elements);
  let maxAbsError = 0;
  let maxRelError = 0;
  let nonFinite = 0;
  let changed = 0;
  for (let i = 0; i < check.elements; i++) {
    if (bits[i] !== before[i]) changed++;
    if (!Number.isFinite(out[i])) {
      nonFinite++;
      continue;
    }
    const absError = Math.abs(out[i] - expected[i]);
    maxAbsError = Math.max(maxAbsError, absError);
    maxRelError = Math.max(maxRelError, absError / Math.max(magnitudes[i], MIN_MAGNITUDE));
  }
  return { maxAbsError, maxRelError, nonFinite, changed };
}

function unchangedOutside(bytes, image, checks) {
  const ranges = checks.map((check) => [check.byteOffset, check.byteOffset + check.elements * 4]).sort((x, y) => x[0] - y[0]);
  let from = 0;
  for (const [start, end] of [...ranges, [bytes.length, bytes.length]]) {
    for (let i = from; i < start; i++) {
      if (bytes[i] !== (i < image.length ? image[i] : 0)) return false;
    }
    from = Math.max(from, end);
  }
  return true;
}
