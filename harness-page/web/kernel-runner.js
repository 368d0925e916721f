import { expect, readMeasure, readSeed, readThreads } from './command-checks.js';
import { evaluate, stage } from './evaluation.js';
import { createInputCache } from './gemm-inputs.js';
import { layOutGemm, PAGE_BYTES, writeInputs } from './gemm-layout.js';
import { readGemmProblem } from './gemm-problem.js';
import { startKernelThreads } from './kernel-threads.js';
import { createWorkerPool, spawnBrowserWorker } from './worker-pool.js';

const clock = () => performance.now();

/**
 * Per calling convention (jit's `CallingConvention`): the op it computes, and the entry point's
 * arguments for thread `threadIndex` of `threadCount`. `maxThreads` 1: the kernel computes all of C
 * in one call.
 */
const CONVENTIONS = {
  MATMUL_ABC_MKN: {
    op: 'matmul',
    maxThreads: 1,
    args: ({ aPtr, bPtr, cPtr }, { M, K, N }) => [aPtr, bPtr, cPtr, M, K, N],
  },
  MATMUL_THREADED: {
    op: 'matmul',
    maxThreads: Infinity,
    args: ({ aPtr, bPtr, cPtr, scratchPtr }, { M, K, N }, threadIndex, threadCount) => [
      aPtr, bPtr, cPtr, M, K, N, scratchPtr, threadIndex, threadCount,
    ],
  },
  BATCH_MATMUL_THREADED: {
    op: 'batch_matmul',
    maxThreads: Infinity,
    args: ({ aPtr, bPtr, cPtr, scratchPtr }, { B, M, K, N }, threadIndex, threadCount) => [
      aPtr, bPtr, cPtr, B, M, K, N, scratchPtr, threadIndex, threadCount,
    ],
  },
  LINEAR_THREADED: {
    op: 'linear',
    maxThreads: Infinity,
    args: ({ aPtr, wPtr, biasPtr, cPtr, scratchPtr }, { M, K, N }, threadIndex, threadCount) => [
      aPtr, wPtr, biasPtr, cPtr, M, K, N, scratchPtr, threadIndex, threadCount,
    ],
  },
};

/**
 * A runner for `run-kernel` commands. Every kernel runs on dedicated workers, one per thread (a
 * single-threaded one too, so its cost compares with the threaded ones and the page's main thread
 * stays free); the workers are kept for the next command.
 *
 * @param {object} [options]
 * @param {(problem: import('./gemm-problem.js').GemmProblem, seed: number) => import('./gemm-inputs.js').GemmInputs} [options.inputsFor]
 *   the page's input cache, shared with the baselines
 * @param {() => import('./worker-pool.js').SpawnedWorker} [options.spawnWorker] how to start a
 *   kernel worker (the tests start Node worker threads)
 * @returns {{runKernel: (command: object) => Promise<object>, close: () => void}} `runKernel`
 *   resolves to the fields of the `result` answer (without `type` and `id`); it rejects when the
 *   command is malformed or cannot be honoured (e.g. maxPages too small), which is an `error`
 *   answer. `close` terminates the workers.
 */
export function createKernelRunner({ inputsFor = createInputCache(), spawnWorker = spawnBrowserWorker } = {}) {
  const pool = createWorkerPool(spawnWorker);
  const sharedMemory = createSharedMemoryCache();
  return { runKernel: (command) => runKernel(command, inputsFor, pool, sharedMemory), close: pool.terminate };
}

/**
 * One shared memory reused by the kernels that follow each other, as long as it is large enough
 * and has the maximum their modules import. A shared memory reserves its whole maximum (1 GiB for
 * the JIT's kernels) plus guard regions, and V8 frees it only when it collects the garbage: a fresh
 * one per tuning candidate ran out of address space within ~100 candidates ("could not allocate
 * memory"), sometimes inside a worker, where the command then never answered.
 *
 * @returns {(descriptor: {initial: number, maximum: number, shared: true}) => WebAssembly.Memory}
 */
function createSharedMemoryCache() {
  let cached = null;
  return (descriptor) => {
    const fits = cached && cached.maximum === descriptor.maximum
      && cached.memory.buffer.byteLength >= descriptor.initial * PAGE_BYTES;
    if (!fits) cached = { memory: new WebAssembly.Memory(descriptor), maximum: descriptor.maximum };
    return cached.memory;
  };
}

async function runKernel(command, inputsFor, pool, sharedMemory) {
  const measure = readMeasure(command.measure);
  const kernel = placeableKernel(command, inputsFor, sharedMemory);
  let compileMs;
  let kernelThreads = null;
  try {
    const judged = await evaluate(kernel.reference, {
      output: async () => {
        const compileStart = clock();
        const module = await stage('compile failed', async () => {
          try {
            return await WebAssembly.compile(kernel.bytes);
          } finally {
            compileMs = clock() - compileStart; // a failed compile reports its time too: never null
          }
        });
        kernelThreads = await startKernelThreads(pool.acquire(kernel.threads), kernel.workerLoad(module), kernel.argumentsOf);
        return kernelThreads.call();
      },
      samples: () => kernelThreads.measure(measure),
    });
    const { valid, error, samplesMs, stats, maxAbsError, maxRelError } = judged;
    return { valid, error, compileMs, samplesMs, stats, maxAbsError, maxRelError, threads: kernel.threads };
  } finally {
    await kernelThreads?.close();
  }
}

/** Everything the command says, checked, with the memory layout and descriptor it implies. */
function readKernelCommand(command) {
  const { kernel } = command;
  expect(kernel !== null && typeof kernel === 'object', 'kernel must be an object', kernel);
  const problem = readGemmProblem(kernel, 'kernel.');
  const threads = readThreads(command.threads);
  const { convention = 'MATMUL_ABC_MKN', scratchBytesPerThread = 0, entryPoint, module: base64 } = kernel;
  expect(Object.hasOwn(CONVENTIONS, convention), `kernel.convention must be one of ${Object.keys(CONVENTIONS).join(', ')}`, convention);
  expect(CONVENTIONS[convention].op === problem.op, `a ${convention} kernel computes ${CONVENTIONS[convention].op}, not ${problem.op}`, convention);
  expect(threads <= CONVENTIONS[convention].maxThreads, `a ${convention} kernel runs on one thread only`, threads);
  expect(Number.isInteger(scratchBytesPerThread) && scratchBytesPerThread >= 0, 'kernel.scratchBytesPerThread must be an integer >= 0', scratchBytesPerThread);
  expect(typeof entryPoint === 'string', 'kernel.entryPoint must be a string', entryPoint);
  expect(typeof base64 === 'string', 'kernel.module must be base64 text', typeof base64);
  const layout = layOutGemm(problem, threads * scratchBytesPerThread);
  const memory = memoryDescriptor(kernel.memory, layout.pages);
  // Only a shared memory reaches several workers; one thread may have its memory to itself.
  expect(memory.shared || threads === 1, 'a kernel on more than one thread needs a shared kernel.memory', kernel.memory);
  return {
    problem, seed: readSeed(command.seed), threads, convention, entryPoint,
    bytes: Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)), layout, memory,
  };
}

/**
 * The kernel's memory as the `load` message carries it. A shared memory is taken from
 * `sharedMemory` and filled here, then posted to every worker; an unshared one cannot be posted, so
 * the (single) worker creates it from the descriptor and fills it with the inputs.
 */
function memoryFor(descriptor, layout, { operands }, sharedMemory) {
  if (!descriptor.shared) return { memoryDescriptor: descriptor, operands };
  const memory = sharedMemory(descriptor);
  writeInputs(memory.buffer, layout, operands);
  return { memory };
}

function memoryDescriptor(spec, pagesNeeded) {
  expect(spec !== null && typeof spec === 'object', 'kernel.memory must be {minPages, maxPages, shared}', spec);
  const { minPages, maxPages, shared } = spec;
  expect(Number.isInteger(minPages) && minPages >= 0, 'kernel.memory.minPages must be an integer >= 0', minPages);
  expect(maxPages === null || Number.isInteger(maxPages), 'kernel.memory.maxPages must be null or an integer', maxPages);
  expect(typeof shared === 'boolean', 'kernel.memory.shared must be a boolean', shared);
  expect(!shared || maxPages !== null, 'a shared kernel.memory needs maxPages', maxPages);
  // Without isolation there is no SharedArrayBuffer, so no shared memory for the workers.
  expect(!shared || typeof SharedArrayBuffer === 'function', 'a shared kernel.memory needs a cross-origin isolated page', spec);
  const initial = Math.max(minPages, pagesNeeded);
  expect(maxPages === null || maxPages >= initial, `kernel.memory.maxPages is below the ${initial} pages needed for the operands and scratch`, maxPages);
  return { initial, maximum: maxPages ?? undefined, shared };
}

/**
 * A `run-kernel` command's kernel, checked, with its inputs: what running it takes, whether for a
 * `run-kernel` measurement or for the QoE passes of qoe/, on the page's main thread or on workers.
 *
 * @param {object} command `kernel`, `threads` and `seed` as in `run-kernel`
 * @param {(problem: import('./gemm-problem.js').GemmProblem, seed: number) => import('./gemm-inputs.js').GemmInputs} inputsFor
 * @param {(descriptor: object) => WebAssembly.Memory} [sharedMemory] where a shared memory comes from
 * @returns {{threads: number, bytes: Uint8Array, entryPoint: string, memoryBytes: number,
 *   reference: import('./reference.js').GemmReference, mainThreadMemory: () => WebAssembly.Memory,
 *   workerLoad: (module: WebAssembly.Module) => object, argumentsOf: (threadIndex: number) => number[]}}
 *   `memoryBytes` is the memory's size as created (kernels do not grow it); `mainThreadMemory`
 *   creates it filled with the inputs; `workerLoad` is the `load` message without the per-thread
 *   fields (see kernel-threads.js)
 */
export function placeableKernel(command, inputsFor, sharedMemory = (descriptor) => new WebAssembly.Memory(descriptor)) {
  const { problem, seed, threads, convention, entryPoint, bytes, layout, memory } = readKernelCommand(command);
  const inputs = inputsFor(problem, seed);
  return {
    threads, bytes, entryPoint,
    reference: inputs.reference,
    memoryBytes: memory.initial * PAGE_BYTES,
    mainThreadMemory: () => {
      const created = new WebAssembly.Memory(memory);
      writeInputs(created.buffer, layout, inputs.operands);
      return created;
    },
    workerLoad: (module) => ({ module, layout, entryPoint, ...memoryFor(memory, layout, inputs, sharedMemory) }),
    argumentsOf: (threadIndex) => CONVENTIONS[convention].args(layout.pointers, problem.dims, threadIndex, threads),
  };
}
