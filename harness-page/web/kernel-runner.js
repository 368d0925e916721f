import { describeError } from './errors.js';
import { createMulberry32, fillUniformSigned } from './prng.js';
import { compareWithReference, referenceMatMul } from './reference.js';
import { measureSamples } from './sampler.js';
import { summarize } from './stats.js';

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
const FLOAT_BYTES = 4;
/** Cache-line (and SIMD) friendly starts for A, B and C. */
const ALIGN_BYTES = 64;
/**
 * Inputs + reference kept per (shape, seed): tuning measures many candidates of one shape in a
 * row, while a large shape's entry takes tens of MB.
 */
const CACHED_INPUT_SETS = 3;

const clock = () => performance.now();

/** The kernel itself failed (compile, link, trap, wrong output): answered as `valid: false`. */
class KernelRejected extends Error {}

/** The command cannot be run as sent: answered as an `error`. */
class BadCommand extends Error {
  name = 'BadCommand';
}

/**
 * A runner for `run-kernel` commands. It holds only the input/reference cache, so one runner per
 * page or per worker.
 *
 * @returns {{runKernel: (command: object) => Promise<object>}} `runKernel` resolves to the fields
 *   of the `result` answer (without `type` and `id`); it rejects when the command itself is
 *   malformed or cannot be honoured (e.g. maxPages too small), which is an `error` answer.
 */
export function createKernelRunner() {
  const inputCache = new Map();

  function inputsFor(shape, seed) {
    const key = `${shape.join('x')}/${seed}`;
    let inputs = inputCache.get(key);
    if (inputs) {
      inputCache.delete(key); // re-inserted below, as the most recently used
    } else {
      inputs = createInputs(shape, seed);
      if (inputCache.size >= CACHED_INPUT_SETS) inputCache.delete(inputCache.keys().next().value);
    }
    inputCache.set(key, inputs);
    return inputs;
  }

  return { runKernel: (command) => runKernel(command, inputsFor) };
}

async function runKernel({ kernel, measure, seed }, inputsFor) {
  const shape = readMatMulShape(kernel);
  checkMeasure(measure);
  expect(Number.isInteger(seed), 'seed must be an integer', seed);
  expect(typeof kernel.entryPoint === 'string', 'kernel.entryPoint must be a string', kernel.entryPoint);
  expect(typeof kernel.module === 'string', 'kernel.module must be base64 text', typeof kernel.module);
  const [M, K, N] = shape;
  const layout = layOutMatMul(shape);
  const memory = createMemory(kernel.memory, layout.pages);
  const bytes = Uint8Array.from(atob(kernel.module), (char) => char.charCodeAt(0));

  const { a, b, reference } = inputsFor(shape, seed);
  new Float32Array(memory.buffer, layout.aPtr, M * K).set(a);
  new Float32Array(memory.buffer, layout.bPtr, K * N).set(b);
  // NaN everywhere proves the kernel wrote every element of C.
  new Float32Array(memory.buffer, layout.cPtr, M * N).fill(NaN);

  let compileMs;
  let check = null;
  try {
    const compileStart = clock();
    const module = await stage('compile failed', async () => {
      try {
        return await WebAssembly.compile(bytes);
      } finally {
        compileMs = clock() - compileStart; // a failed compile reports its time too: never null
      }
    });
    const instance = await stage('instantiate failed', () => WebAssembly.instantiate(module, { env: { memory } }));
    const entry = instance.exports[kernel.entryPoint];
    if (typeof entry !== 'function') throw new KernelRejected(`module exports no function "${kernel.entryPoint}"`);
    const call = () => entry(layout.aPtr, layout.bPtr, layout.cPtr, M, K, N);

    await stage('call failed', call);
    // A fresh view: the kernel may have grown the memory, which detaches the old buffer.
    check = compareWithReference(new Float32Array(memory.buffer, layout.cPtr, M * N), reference);
    if (!check.valid) throw new KernelRejected(`wrong result: ${check.reason}`);

    const samplesMs = await stage('call failed while timing', () => measureSamples(call, measure, clock));
    return {
      valid: true, error: null, compileMs, samplesMs, stats: summarize(samplesMs),
      maxAbsError: check.maxAbsError, maxRelError: check.maxRelError,
    };
  } catch (error) {
    if (!(error instanceof KernelRejected)) throw error;
    return {
      valid: false, error: error.message, compileMs, samplesMs: [], stats: null,
      maxAbsError: check?.maxAbsError ?? null, maxRelError: check?.maxRelError ?? null,
    };
  }
}

/** Runs one step of evaluating the kernel; whatever it throws is the kernel's fault. */
async function stage(failure, step) {
  try {
    return await step();
  } catch (error) {
    throw new KernelRejected(`${failure}: ${describeError(error)}`);
  }
}

function createInputs(shape, seed) {
  const [M, K, N] = shape;
  const next = createMulberry32(seed);
  const a = fillUniformSigned(new Float32Array(M * K), next);
  const b = fillUniformSigned(new Float32Array(K * N), next);
  return { a, b, reference: referenceMatMul(a, b, shape) };
}

function layOutMatMul([M, K, N]) {
  const alignUp = (offset) => Math.ceil(offset / ALIGN_BYTES) * ALIGN_BYTES;
  // A does not start at 0, so a kernel that ignores aPtr reads the wrong data and fails the check.
  const aPtr = ALIGN_BYTES;
  const bPtr = alignUp(aPtr + M * K * FLOAT_BYTES);
  const cPtr = alignUp(bPtr + K * N * FLOAT_BYTES);
  const pages = Math.ceil((cPtr + M * N * FLOAT_BYTES) / PAGE_BYTES);
  expect(pages <= MAX_PAGES, `A, B and C must fit a 32-bit memory (${MAX_PAGES} pages); shape needs ${pages} pages`, [M, K, N]);
  return { aPtr, bPtr, cPtr, pages };
}

function createMemory(spec, pagesNeeded) {
  expect(spec !== null && typeof spec === 'object', 'kernel.memory must be {minPages, maxPages, shared}', spec);
  const { minPages, maxPages, shared } = spec;
  expect(Number.isInteger(minPages) && minPages >= 0, 'kernel.memory.minPages must be an integer >= 0', minPages);
  expect(maxPages === null || Number.isInteger(maxPages), 'kernel.memory.maxPages must be null or an integer', maxPages);
  expect(typeof shared === 'boolean', 'kernel.memory.shared must be a boolean', shared);
  expect(!shared || maxPages !== null, 'a shared kernel.memory needs maxPages', maxPages);
  const initial = Math.max(minPages, pagesNeeded);
  expect(maxPages === null || maxPages >= initial, `kernel.memory.maxPages is below the ${initial} pages needed for A, B and C`, maxPages);
  return new WebAssembly.Memory({ initial, maximum: maxPages ?? undefined, shared });
}

function readMatMulShape(kernel) {
  expect(kernel !== null && typeof kernel === 'object', 'kernel must be an object', kernel);
  expect(kernel.op === 'matmul', 'kernel.op must be "matmul", the only op this page runs', kernel.op);
  const { shape } = kernel;
  const isDimension = (d) => Number.isInteger(d) && d >= 1 && d <= 0x7fffffff;
  expect(Array.isArray(shape) && shape.length === 3 && shape.every(isDimension), 'kernel.shape must be [M, K, N] of positive i32', shape);
  return shape;
}

function checkMeasure(measure) {
  expect(measure !== null && typeof measure === 'object', 'measure must be {warmup, repeats, minTimeMs}', measure);
  const { warmup, repeats, minTimeMs } = measure;
  expect(Number.isInteger(warmup) && warmup >= 0, 'measure.warmup must be an integer >= 0', warmup);
  expect(Number.isInteger(repeats) && repeats >= 1, 'measure.repeats must be an integer >= 1', repeats);
  expect(Number.isFinite(minTimeMs) && minTimeMs >= 0, 'measure.minTimeMs must be a number >= 0', minTimeMs);
}

/** Rejects a malformed command; the message shows the offending value. */
function expect(ok, requirement, value) {
  if (!ok) throw new BadCommand(`${requirement}, got ${JSON.stringify(value)}`);
}
