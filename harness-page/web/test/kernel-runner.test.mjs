import assert from 'node:assert/strict';
import test from 'node:test';
import { createKernelRunner } from '../kernel-runner.js';

// --- A tiny assembler for kernels with the page's calling convention, so the tests run real Wasm. ---

const leb128 = (value) => {
  const bytes = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    bytes.push(value ? low | 0x80 : low);
  } while (value);
  return bytes;
};
const sized = (bytes) => [...leb128(bytes.length), ...bytes];
const section = (id, bytes) => [id, ...sized(bytes)];
const name = (text) => sized([...text].map((char) => char.charCodeAt(0)));
const I32 = 0x7f;
const F32 = 0x7d;

/**
 * (module (import "env" "memory" (memory 1))
 *   (func (export "matmul") (param $a $b $c $M $K $N i32) (local $i $j $k i32) (local $acc f32) BODY))
 */
function matmulModule(body) {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('matmul'), 0x00, 0]),
    ...section(10, [1, ...sized([2, 3, I32, 1, F32, ...body, 0x0b])]),
  ]);
}

const [A, B, C, M, K, N, I, J, KK, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const get = (local) => [0x20, local];
const set = (local) => [0x21, local];
const i32Const = (small) => [0x41, small]; // one-byte signed LEB128: 0..63
const f32Zero = [0x43, 0, 0, 0, 0];
const f32Load = [0x2a, 0x02, 0x00];
const f32Store = [0x38, 0x02, 0x00];
/** for (v = 0; v < limit; v++) body: block { loop { br_if (v >= limit) 1; body; v++; br 0 } } */
const forLoop = (v, limit, body) => [
  ...i32Const(0), ...set(v), 0x02, 0x40, 0x03, 0x40, ...get(v), ...get(limit), 0x4f, 0x0d, 0x01,
  ...body, ...get(v), ...i32Const(1), 0x6a, ...set(v), 0x0c, 0x00, 0x0b, 0x0b,
];
/** Byte address base + 4 * (row * width + col). */
const element = (base, row, width, col) => [
  ...get(base), ...get(row), ...get(width), 0x6c, ...get(col), 0x6a, ...i32Const(2), 0x74, 0x6a,
];

const scalarKernel = matmulModule(forLoop(I, M, forLoop(J, N, [
  ...f32Zero, ...set(ACC),
  ...forLoop(KK, K, [...get(ACC), ...element(A, I, K, KK), ...f32Load, ...element(B, KK, N, J), ...f32Load, 0x94, 0x92, ...set(ACC)]),
  ...element(C, I, N, J), ...get(ACC), ...f32Store,
])));
const zeroWritingKernel = matmulModule(forLoop(I, M, forLoop(J, N, [...element(C, I, N, J), ...f32Zero, ...f32Store])));
const idleKernel = matmulModule([]);
const trappingKernel = matmulModule([0x00]); // unreachable

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
  for (const bytes of [scalarKernel, zeroWritingKernel, idleKernel, trappingKernel]) {
    assert.equal(WebAssembly.validate(bytes), true);
  }
});

for (const shape of [[1, 1, 1], [3, 5, 7], [33, 65, 17]]) {
  test(`a correct scalar kernel at ${shape.join('x')} is valid and timed`, async () => {
    const result = await createKernelRunner().runKernel(runKernelCommand(scalarKernel, shape));
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
  // Large enough that 20 ms takes fewer calls than the sampler's sample cap.
  const command = runKernelCommand(scalarKernel, [33, 65, 17], { measure: { warmup: 0, repeats: 1, minTimeMs: 20 } });
  const { samplesMs } = await createKernelRunner().runKernel(command);
  assert.ok(samplesMs.reduce((sum, s) => sum + s, 0) >= 20);
});

test('one runner reuses its inputs: same shape and seed give the same errors', async () => {
  const runner = createKernelRunner();
  const first = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5]));
  await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 6]));
  const again = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5]));
  assert.equal(again.maxAbsError, first.maxAbsError);
  const otherSeed = await runner.runKernel(runKernelCommand(scalarKernel, [9, 33, 5], { seed: 43 }));
  assert.notEqual(otherSeed.maxAbsError, first.maxAbsError);
});

test('a wrong kernel is invalid, with errors and a reason, and is not timed', async () => {
  const result = await createKernelRunner().runKernel(runKernelCommand(zeroWritingKernel, [3, 5, 7]));
  assert.equal(result.valid, false);
  assert.match(result.error, /^wrong result: maxRelError .* at C\[\d+,\d+\]/);
  assert.ok(result.maxAbsError > 0.01);
  assert.deepEqual(result.samplesMs, []);
  assert.equal(result.stats, null);
});

test('a kernel that leaves C untouched is invalid: C starts as NaN', async () => {
  const result = await createKernelRunner().runKernel(runKernelCommand(idleKernel, [2, 2, 2]));
  assert.equal(result.valid, false);
  assert.match(result.error, /4 of 4 outputs are not finite/);
});

test('a trapping kernel is invalid with the trap message', async () => {
  const result = await createKernelRunner().runKernel(runKernelCommand(trappingKernel, [3, 5, 7]));
  assert.equal(result.valid, false);
  assert.match(result.error, /^call failed: RuntimeError: unreachable/);
  assert.equal(result.maxAbsError, null);
  assert.deepEqual(result.samplesMs, []);
  assert.equal(result.stats, null);
});

test('compile and link failures are invalid kernels', async () => {
  const runner = createKernelRunner();
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
  const runner = createKernelRunner();
  const rejects = (overrides, pattern) => assert.rejects(runner.runKernel(runKernelCommand(scalarKernel, [128, 64, 64], overrides)), pattern);
  // A (32 KiB), B and C (16 KiB each) after A's 64-byte offset overflow one page by 64 bytes.
  await rejects({ kernel: { memory: { minPages: 1, maxPages: 1, shared: false } } }, /maxPages is below the 2 pages needed/);
  await rejects({ kernel: { memory: { minPages: 1, maxPages: null, shared: true } } }, /shared kernel.memory needs maxPages/);
  await rejects({ kernel: { op: 'conv2d' } }, /kernel.op must be "matmul"/);
  await rejects({ kernel: { shape: [2, 0, 2] } }, /kernel.shape must be \[M, K, N\]/);
  await rejects({ measure: { warmup: 1, repeats: 0, minTimeMs: 0 } }, /measure.repeats must be an integer >= 1, got 0/);
  await rejects({ seed: 'x' }, /seed must be an integer/);
});

test('minPages above what the buffers need is honoured', async () => {
  const command = runKernelCommand(scalarKernel, [1, 1, 1], { kernel: { memory: { minPages: 3, maxPages: 3, shared: false } } });
  // The kernel imports (memory 1) without a maximum, so a memory with a maximum links fine.
  assert.equal((await createKernelRunner().runKernel(command)).valid, true);
});
