import assert from 'node:assert/strict';
import test from 'node:test';
import { createCommandHandler } from '../command-handler.js';

const validResult = {
  valid: true, error: null, compileMs: 1, samplesMs: [2], maxAbsError: 0, maxRelError: 0,
  stats: { n: 1, medianMs: 2, p10Ms: 2, p90Ms: 2, minMs: 2, meanMs: 2 },
};
const kernelCommand = { type: 'run-kernel', id: 7, kernel: { op: 'matmul', shape: [1, 2, 3], candidateId: 'simd-4x8' } };

test('ping answers an empty result with its id', async () => {
  const handle = createCommandHandler({ runKernel: assert.fail });
  assert.deepEqual(await handle({ type: 'ping', id: 3 }), { type: 'result', id: 3 });
});

test('run-kernel answers the runner\'s fields and reports progress', async () => {
  const statuses = [];
  const handle = createCommandHandler({ runKernel: async () => validResult, showStatus: (s) => statuses.push(s) });
  assert.deepEqual(await handle(kernelCommand), { type: 'result', id: 7, ...validResult });
  assert.deepEqual(statuses, [
    'running kernel simd-4x8 (matmul 1x2x3)',
    'done: kernel simd-4x8 (matmul 1x2x3), median 2.000 ms over 1 samples',
  ]);
});

test('run-kernels answers one result per kernel in order; a kernel that cannot run is an error in its place', async () => {
  const runKernel = async ({ kernel }) => {
    if (kernel.candidateId === 'bad') throw new RangeError('maxPages too small');
    return { ...validResult, compileMs: kernel.shape[0] };
  };
  const handle = createCommandHandler({ runKernel });
  const kernel = (candidateId, m) => ({ kernel: { op: 'matmul', shape: [m, 2, 3], candidateId } });
  const answer = await handle({ type: 'run-kernels', id: 9, kernels: [kernel('a', 1), kernel('bad', 2), kernel('c', 3)] });
  assert.deepEqual(answer, {
    type: 'result', id: 9,
    results: [{ ...validResult, compileMs: 1 }, { error: 'RangeError: maxPages too small' }, { ...validResult, compileMs: 3 }],
  });
  assert.equal((await handle({ type: 'run-kernels', id: 10, kernels: [] })).type, 'error');
});

test('run-baseline answers the runner\'s fields and reports progress', async () => {
  const statuses = [];
  const baseline = { engine: 'ort-web', threads: 2, ...validResult, setupMs: 900, firstRunMs: 30, compileMs: 0, version: '1.30.0', note: null };
  const handle = createCommandHandler({ runKernel: assert.fail, runBaseline: async () => baseline, showStatus: (s) => statuses.push(s) });
  const command = { type: 'run-baseline', id: 8, engine: 'ort-web', op: 'matmul', shape: [128, 768, 768], threads: 2 };
  assert.deepEqual(await handle(command), { type: 'result', id: 8, ...baseline });
  assert.deepEqual(statuses, [
    'running baseline ort-web (matmul 128x768x768, 2 threads)',
    'done: baseline ort-web (matmul 128x768x768, 2 threads), median 2.000 ms over 1 samples',
  ]);
});

test('a command that throws becomes an error answer for its id', async () => {
  const handle = createCommandHandler({ runKernel: async () => { throw new RangeError('too big'); } });
  assert.deepEqual(await handle(kernelCommand), { type: 'error', id: 7, message: 'RangeError: too big' });
});

test('unknown or missing command types are errors that list the known ones', async () => {
  const handle = createCommandHandler({ runKernel: assert.fail });
  assert.deepEqual(await handle({ type: 'reboot', id: 9 }),
    { type: 'error', id: 9, message: 'Error: unknown command type "reboot"; known: ping, run-kernel, run-kernels, run-baseline, run-model, run-model-baseline, run-qoe, run-microbenchmarks' });
  assert.equal((await handle(null)).id, null);
  assert.equal((await handle({ type: 'toString', id: 1 })).type, 'error');
});

test('run-qoe answers the runner\'s fields and reports progress', async () => {
  const statuses = [];
  const qoe = { placement: 'main', threads: 1, durationMs: 2000, inferences: 40, inferenceMedianMs: 45 };
  const handle = createCommandHandler({ runKernel: assert.fail, runQoe: async () => qoe, showStatus: (s) => statuses.push(s) });
  const command = { type: 'run-qoe', id: 4, kernel: { candidateId: 'simd-4x8' }, placement: 'main', durationMs: 2000 };
  assert.deepEqual(await handle(command), { type: 'result', id: 4, ...qoe });
  assert.deepEqual(statuses, [
    'running QoE of kernel simd-4x8 on main for 2000 ms',
    'done: QoE of kernel simd-4x8 on main for 2000 ms, 40 inferences, median 45.000 ms',
  ]);
});
