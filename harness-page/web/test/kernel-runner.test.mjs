import assert from 'node:assert/strict';
import test, { after } from 'node:test';
import { createKernelRunner } from '../kernel-runner.js';
import { encodeName as name, section, sized, uleb128 as leb128 } from '../microbench/wasm-assembler.js';
import { spawnNodeWorker } from './node-kernel-worker.mjs';

const runners = [];
/** A runner on Node workers, closed when the file's tests are done. */
function createRunner() {
  const runner = createKernelRunner({ spawnWorker: spawnNodeWorker });
  runners.push(runner);
  return runner;
}
after(() => runners.forEach((runner) => runner.close()));

// --- Kernels with the page's calling convention, hand-assembled, so the tests run real Wasm. ---

const I32 = 0x7f;
const F32 = 0x7d;

const I32x = (count) => new Array(count).fill(I32);
const UNSHARED_MEMORY = [0x00, 1]; // (memory 1)
const SHARED_MEMORY = [0x03, 1, ...leb128(65536)]; // (memory 1 65536 shared)

/**
 * (module (import "env" "memory" MEMORY)
 *   (func (export "matmul") (param i32 x PARAMS) (local i32 x I32_LOCALS) (local $acc f32) BODY))
 */
function kernelModule({ params, memory, i32Locals }, body) {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, params, ...I32x(params), 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...memory]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('matmul'), 0x00, 0]),
    ...section(10, [1, ...sized([2, i32Locals, I32, 1, F32, ...body, 0x0b])]),
  ]);
}

// Parameters of both conventions, then MATMUL_THREADED's own.
const [A, B, C, M, K, N, SCRATCH, THREAD, THREADS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const get = (local) => [0x20, local];
const set = (local) => [0x21, local];
const i32Const = (small) => [0x41, small]; // one-byte signed LEB128: 0..63
const f32Zero = [0x43, 0, 0, 0, 0];
const f32Load = [0x2a, 0x02, 0x00];
const f32Store = [0x38, 0x02, 0x00];
const [i32Add, i32Mul, i32DivU, i32Eq] = [0x6a, 0x6c, 0x6e, 0x46];
/** for (v = START; v < limit; v++) body: block { loop { br_if (v >= limit) 1; body; v++; br 0 } } */
const forRange = (v, start, limit, body) => [
  ...start, ...set(v), 0x02, 0x40, 0x03, 0x40, ...get(v), ...get(limit), 0x4f, 0x0d, 0x01,
  ...body, ...get(v), ...i32Const(1), i32Add, ...set(v), 0x0c, 0x00, 0x0b, 0x0b,
];
const forLoop = (v, limit, body) => forRange(v, i32Const(0), limit, body);
/** Byte address base + 4 * (row * width + col). */
const element = (base, row, width, col) => [
  ...get(base), ...get(row), ...get(width), i32Mul, ...get(col), i32Add, ...i32Const(2), 0x74, i32Add,
];
/** An f32 accumulator in a local. */
const localAccumulator = (local) => ({ get: get(local), set: (value) => [...value, ...set(local)] });
/**
 * Rows [first, end) of C = A x B with scalar f32 dot products; `acc` says where the running sum
 * lives.
 */
const scalarRows = ({ i, j, k }, acc, first, end) => forRange(i, first, end, forLoop(j, N, [
  ...acc.set(f32Zero),
  ...forLoop(k, K, acc.set([...acc.get, ...element(A, i, K, k), ...f32Load, ...element(B, k, N, j), ...f32Load, 0x94, 0x92])),
  ...element(C, i, N, j), ...acc.get, ...f32Store,
]));

// MATMUL_ABC_MKN kernels: locals $i $j $k, then $acc.
const single = { params: 6, memory: UNSHARED_MEMORY, i32Locals: 3 };
const singleLoops = { i: 6, j: 7, k: 8 };
const scalarKernel = kernelModule(single, scalarRows(singleLoops, localAccumulator(9), i32Const(0), M));
const zeroWritingKernel = kernelModule(single, forLoop(6, M, forLoop(7, N, [...element(C, 6, N, 7), ...f32Zero, ...f32Store])));
const idleKernel = kernelModule(single, []);
const trappingKernel = kernelModule(single, [0x00]); // unreachable

// MATMUL_THREADED kernels over a shared memory: locals $i $j $k $end, then $acc. Thread t of T
// computes rows [M * t / T, M * (t + 1) / T).
const threaded = { params: 9, memory: SHARED_MEMORY, i32Locals: 4 };
const threadedLoops = { i: 9, j: 10, k: 11 };
const END = 12;
const threadAccumulator = localAccumulator(13);
const rowsOfThread = (thread) => [...get(M), ...thread, i32Mul, ...get(THREADS), i32DivU];
const ownRows = (acc) => [
  ...rowsOfThread([...get(THREAD), ...i32Const(1), i32Add]), ...set(END),
  ...scalarRows(threadedLoops, acc, rowsOfThread(get(THREAD)), END),
];
const threadedKernel = kernelModule(threaded, ownRows(threadAccumulator));
/** Keeps its running sums in its scratch (64 bytes per thread), which must overlap nothing else. */
const SCRATCH_BYTES_PER_THREAD = 64;
const scratchSlot = [...get(SCRATCH), ...get(THREAD), ...i32Const(6), 0x74, i32Add]; // scratch + t * 64
const scratchAccumulatingKernel = kernelModule(threaded, ownRows({
  get: [...scratchSlot, ...f32Load],
  set: (value) => [...scratchSlot, ...value, ...f32Store],
}));
/** Computes thread 0's rows whatever its thread index: the other rows stay NaN. */
const firstShareOnlyKernel = kernelModule(threaded, [
  ...rowsOfThread(i32Const(1)), ...set(END),
  ...scalarRows(threadedLoops, threadAccumulator, i32Const(0), END),
]);
/** Traps in thread 1 only: if (threadIndex == 1) unreachable; then its share. */
const secondThreadTrapsKernel = kernelModule(threaded, [
  ...get(THREAD), ...i32Const(1), i32Eq, 0x04, 0x40, 0x00, 0x0b, ...ownRows(threadAccumulator),
]);

// --- Commands as the agent sends them. ---

const base64 = (bytes) => Buffer.from(bytes).toString('base64');
const quickMeasure = { warmup: 2, repeats: 5, minTimeMs: 0 };

function runKernelCommand(moduleBytes, shape, overrides = {}) {
  return {
    type: 'run-kernel', id: 1, seed: 42, measure: quickMeasure,
    ...overrides,
    kernel: {
      op: 'matmul', shape, engine: 'test', candidateId: 'scalar', config: 'triple loop', entryPoint: 'matmul',
      module: base64(moduleBytes), memory: { minPages: 1, maxPages: null, shared: false },
      ...overrides.kernel,
    },
  };
}

test('the hand-assembled kernels are valid modules', () => {
  for (const bytes of [scalarKernel, zeroWritingKernel, idleKernel, trappingKernel, threadedKernel, scratchAccumulatingKernel, firstShareOnlyKernel, secondThreadTrapsKernel]) {
    assert.equal(WebAssembly.validate(bytes), true);
  }
});

for (const shape of [[1, 1, 1], [3, 5, 7], [33, 65, 17]]) {
  test(`a correct scalar kernel at ${shape.join('x')} is valid and timed`, async () => {
    const result = await createRunner().runKernel(runKernelCommand(scalarKernel, shape));
    assert.equal(result.valid, true, result.error);
    assert.equal(result.error, null);
    assert.ok(result.compileMs >= 0);
    assert.ok(result.maxAbsError < 1e-5, `maxAbsError ${result.maxAbsError}`);
    assert.ok(result.maxRelError < 1e-5, `maxRelError ${result.maxRelError}`);
    assert.ok(result.samplesMs.length >= quickMeasure.repeats);
    assert.equal(result.stats.n, result.samplesMs.length);
    assert.ok(result.stats.minMs <= result.stats.medianMs);
  });
}

test('sampling continues until minTimeMs of sampled time', async () => {
  // Slow enough (a scalar 128^3 takes milliseconds) that each sample is one call, not a batch.
  const command = runKernelCommand(scalarKernel, [128, 128, 128], { measure: { warmup: 0, repeats: 1, minTimeMs: 20 } });
  const { samplesMs } = await createRunner().runKernel(command);
  assert.ok(samplesMs.reduce((sum, s) => sum + s, 0) >= 20);
});

test('one runner reuses its inputs: same shape and seed give the same errors', async () => {
  const runner = createRunner();
  const first = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5]));
  await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 6]));
  const again = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5]));
  assert.equal(again.maxAbsError, first.maxAbsError);
  const otherSeed = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5], { seed: 43 }));
  assert.notEqual(otherSeed.maxAbsError, first.maxAbsError);
});

test('a wrong kernel is invalid, with errors and a reason, and is not timed', async () => {
  const result = await createRunner().runKernel(runKernelCommand(zeroWritingKernel, [3, 5, 7]));
  assert.equal(result.valid, false);
  assert.match(result.error, /^wrong result: maxRelError .* at C\[\d+,\d+\]/);
  assert.ok(result.maxAbsError > 0.01);
  assert.deepEqual(result.samplesMs, []);
  assert.equal(result.stats, null);
});

test('a kernel that leaves C untouched is invalid: C starts as NaN', async () => {
  const result = await createRunner().runKernel(runKernelCommand(idleKernel, [2, 2, 2]));
  assert.equal(result.valid, false);
  assert.match(result.error, /4 of 4 outputs are not finite/);
});

test('a trapping kernel is invalid with the trap message', async () => {
  const result = await createRunner().runKernel(runKernelCommand(trappingKernel, [3, 5, 7]));
  assert.equal(result.valid, false);
  assert.match(result.error, /^call failed: RuntimeError: unreachable/);
  assert.equal(result.maxAbsError, null);
  assert.deepEqual(result.samplesMs, []);
  assert.equal(result.stats, null);
});

test('compile and link failures are invalid kernels', async () => {
  const runner = createRunner();
  const garbage = await runner.runKernel(runKernelCommand(new Uint8Array([0, 0x61, 0x73, 0x6d, 9]), [1, 1, 1]));
  assert.equal(garbage.valid, false);
  assert.match(garbage.error, /^compile failed: CompileError/);
  assert.ok(garbage.compileMs >= 0, 'the failed compile is timed too');

  const shared = { minPages: 1, maxPages: 4, shared: true }; // the kernel imports an unshared memory
  const mismatch = await runner.runKernel(runKernelCommand(scalarKernel, [1, 1, 1], { kernel: { memory: shared } }));
  assert.equal(mismatch.valid, false);
  assert.match(mismatch.error, /^instantiate failed: LinkError/);
  assert.ok(mismatch.compileMs >= 0);

  const noEntry = await runner.runKernel(runKernelCommand(scalarKernel, [1, 1, 1], { kernel: { entryPoint: 'gemm' } }));
  assert.equal(noEntry.error, 'module exports no function "gemm"');
});

test('commands that cannot be run are rejected, not reported as invalid kernels', async () => {
  const runner = createRunner();
  const rejects = (overrides, pattern) => assert.rejects(runner.runKernel(runKernelCommand(scalarKernel, [128, 64, 64], overrides)), pattern);
  // A (32 KiB), B and C (16 KiB each) after A's 64-byte offset overflow one page by 64 bytes.
  await rejects({ kernel: { memory: { minPages: 1, maxPages: 1, shared: false } } }, /maxPages is below the 2 pages needed/);
  await rejects({ kernel: { memory: { minPages: 1, maxPages: null, shared: true } } }, /shared kernel.memory needs maxPages/);
  await rejects({ kernel: { op: 'conv2d' } }, /kernel.op must be one of matmul, batch_matmul, linear, got "conv2d"/);
  await rejects({ kernel: { shape: [2, 0, 2] } }, /kernel.shape must be \[M, K, N\]/);
  await rejects({ measure: { warmup: 1, repeats: 0, minTimeMs: 0 } }, /measure.repeats must be an integer >= 1, got 0/);
  await rejects({ seed: 'x' }, /seed must be an integer/);
});

test('minPages above what the buffers need is honoured', async () => {
  const command = runKernelCommand(scalarKernel, [1, 1, 1], { kernel: { memory: { minPages: 3, maxPages: 3, shared: false } } });
  // The kernel imports (memory 1) without a maximum, so a memory with a maximum links fine.
  assert.equal((await createRunner().runKernel(command)).valid, true);
});

// --- MATMUL_THREADED: one shared memory, one worker per thread, timed through the barrier. ---

const sharedMemory = { minPages: 1, maxPages: 256, shared: true };

function threadedCommand(moduleBytes, shape, threads, kernel = {}) {
  return runKernelCommand(moduleBytes, shape, {
    threads,
    kernel: { convention: 'MATMUL_THREADED', memory: sharedMemory, ...kernel },
  });
}

for (const threads of [1, 2, 3]) {
  test(`a threaded kernel on ${threads} thread(s) is valid and timed, and says how many threads`, async () => {
    const result = await createRunner().runKernel(threadedCommand(threadedKernel, [33, 65, 17], threads));
    assert.equal(result.valid, true, result.error);
    assert.equal(result.threads, threads);
    assert.ok(result.maxRelError < 1e-5);
    assert.ok(result.samplesMs.length >= quickMeasure.repeats);
    assert.ok(result.compileMs >= 0);
  });
}

test('a threaded kernel built for one thread may import an unshared memory', async () => {
  const unsharedThreaded = kernelModule({ ...threaded, memory: UNSHARED_MEMORY }, ownRows(threadAccumulator));
  const command = threadedCommand(unsharedThreaded, [9, 7, 5], 1, { memory: { minPages: 1, maxPages: null, shared: false } });
  assert.equal((await createRunner().runKernel(command)).valid, true);
});

test('each thread gets its own scratch, past A, B and C', async () => {
  const command = threadedCommand(scratchAccumulatingKernel, [33, 65, 17], 3, { scratchBytesPerThread: SCRATCH_BYTES_PER_THREAD });
  const result = await createRunner().runKernel(command);
  assert.equal(result.valid, true, result.error);
});

test('a kernel that ignores its thread index leaves the other threads\' rows unwritten', async () => {
  const result = await createRunner().runKernel(threadedCommand(firstShareOnlyKernel, [8, 4, 4], 2));
  assert.equal(result.valid, false);
  assert.match(result.error, /16 of 32 outputs are not finite, first C\[4,0\]/);
  // With one thread, thread 0's share is all of C.
  assert.equal((await createRunner().runKernel(threadedCommand(firstShareOnlyKernel, [8, 4, 4], 1))).valid, true);
});

test('a trap in another thread than the leader is reported with its thread', async () => {
  const runner = createRunner();
  const result = await runner.runKernel(threadedCommand(secondThreadTrapsKernel, [8, 4, 4], 2));
  assert.equal(result.valid, false);
  assert.match(result.error, /^call failed: thread 1: RuntimeError: unreachable/);
  assert.deepEqual(result.samplesMs, []);
  // The threads were released: the same workers run the next kernel.
  assert.equal((await runner.runKernel(threadedCommand(threadedKernel, [8, 4, 4], 2))).valid, true);
});

test('workers are kept while the thread count stays, and replaced when it changes', async () => {
  let spawned = 0;
  const runner = createKernelRunner({ spawnWorker: () => { spawned++; return spawnNodeWorker(); } });
  runners.push(runner);
  const run = (threads) => runner.runKernel(threadedCommand(threadedKernel, [5, 3, 4], threads));
  await run(2);
  await run(2);
  assert.equal(spawned, 2);
  assert.equal((await run(3)).valid, true);
  assert.equal(spawned, 5);
  assert.equal((await runner.runKernel(runKernelCommand(scalarKernel, [5, 3, 4]))).valid, true, 'single-threaded kernels use the pool too');
  assert.equal(spawned, 6);
});

test('threaded commands that cannot be run are rejected', async () => {
  const runner = createRunner();
  const rejects = (command, pattern) => assert.rejects(runner.runKernel(command), pattern);
  await rejects(runKernelCommand(scalarKernel, [2, 2, 2], { threads: 2 }), /a MATMUL_ABC_MKN kernel runs on one thread only, got 2/);
  await rejects(threadedCommand(threadedKernel, [2, 2, 2], 2, { memory: { minPages: 1, maxPages: null, shared: false } }),
    /a kernel on more than one thread needs a shared kernel.memory/);
  await rejects(threadedCommand(threadedKernel, [2, 2, 2], 0), /threads must be an integer in \[1, 64\], got 0/);
  await rejects(threadedCommand(threadedKernel, [2, 2, 2], 2, { convention: 'MATMUL_CBA' }), /kernel.convention must be one of/);
  await rejects(threadedCommand(threadedKernel, [2, 2, 2], 2, { scratchBytesPerThread: -1 }), /scratchBytesPerThread must be an integer >= 0/);
  // A, B and C take one page; two threads' 40000 bytes of scratch need a second one.
  await rejects(threadedCommand(threadedKernel, [2, 2, 2], 2, { scratchBytesPerThread: 40000, memory: { minPages: 1, maxPages: 1, shared: true } }),
    /maxPages is below the 2 pages needed for the operands and scratch/);
});
