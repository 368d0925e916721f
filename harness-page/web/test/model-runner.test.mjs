import assert from 'node:assert/strict';
import test, { after } from 'node:test';
import { encodeModule, ValType } from '../microbench/wasm-assembler.js';
import { createModelRunner } from '../model-runner.js';
import { fillModelValues } from '../model-values.js';
import { spawnNodeWorker } from './node-kernel-worker.mjs';

const runner = createModelRunner({ spawnWorker: spawnNodeWorker });
after(runner.close);

const [X, Y, OUT, N, THREAD, THREADS, I] = [0, 1, 2, 3, 4, 5, 6];
const get = (local) => [0x20, local];
const set = (local) => [0x21, local];
const address = (base) => [...get(base), ...get(I), 0x41, 2, 0x74, 0x6a]; // base + 4 * i
/**
 * add(x, y, out, n, threadIndex, threadCount): out[i] = x[i] + y[i] for i = threadIndex, +
 * threadCount, ...: the row ops' convention in miniature, so threads share a call.
 */
function addModule(shared) {
  return encodeModule({
    memory: { module: 'env', name: 'memory', minPages: 1, ...(shared ? { maxPages: 1, shared: true } : {}) },
    functions: [{
      name: 'add', params: new Array(6).fill(ValType.i32), results: [], locals: [ValType.i32],
      body: [
        ...get(THREAD), ...set(I),
        0x02, 0x40, 0x03, 0x40, // block loop
        ...get(I), ...get(N), 0x4e, 0x0d, 1, // i >= n: out
        ...address(OUT), ...address(X), 0x2a, 2, 0, ...address(Y), 0x2a, 2, 0, 0x92, 0x38, 2, 0,
        ...get(I), ...get(THREADS), 0x6a, ...set(I),
        0x0c, 0, 0x0b, 0x0b, // br loop, end, end
      ],
    }],
  });
}

/**
 * h = x + b, then y = h + b, y where x was: the input is dead after the first call and its bytes are
 * reused, so a second inference is right only if the inputs are written again before it.
 */
const ELEMENTS = 37;
const graph = {
  name: 'toy',
  tensors: [
    { id: 0, name: 'b.bias', shape: [ELEMENTS], kind: 'weight', type: 'f32', init: 'synthetic' },
    { id: 1, name: 'x', shape: [ELEMENTS], kind: 'input', type: 'f32' },
    { id: 2, name: 'h', shape: [ELEMENTS], kind: 'activation', type: 'f32' },
    { id: 3, name: 'y', shape: [ELEMENTS], kind: 'activation', type: 'f32' },
  ],
  nodes: [],
  outputs: [3],
};
const [BIAS, XY, H] = [64, 256, 512];
const offsets = { 0: BIAS, 1: XY };

function plan(threads, shared = threads > 1) {
  const args = (x, out) => Array.from({ length: threads }, (_, t) => [x, BIAS, out, ELEMENTS, t, threads]);
  return {
    graph, offsets, memory: { initial: 1, maximum: shared ? 1 : undefined, shared },
    output: { ptr: XY, elements: ELEMENTS },
    kernels: [{ entryPoint: 'add', module: Buffer.from(addModule(shared)).toString('base64') }],
    calls: [{ kernel: 0, args: args(XY, H) }, { kernel: 0, args: args(H, XY) }],
  };
}

function expected(seed) {
  const buffer = new ArrayBuffer(1024);
  fillModelValues(buffer, graph, offsets, seed);
  const b = new Float32Array(buffer, BIAS, ELEMENTS);
  return Array.from(new Float32Array(buffer, XY, ELEMENTS), (x, i) => x + 2 * b[i]);
}

const command = (threads, overrides = {}) => ({
  type: 'run-model', engine: 'jitfarm', threads, seed: 5, measure: { warmup: 1, repeats: 4, minTimeMs: 0 },
  model: plan(threads), check: { ...plan(threads), expected: expected(5) }, ...overrides,
});

for (const threads of [1, 2]) {
  test(`a plan on ${threads} thread(s) is checked, then timed inference after inference`, async () => {
    const answer = await runner.runModel(command(threads));
    assert.equal(answer.valid, true, answer.error);
    assert.ok(answer.maxRelError < 1e-6);
    assert.equal(answer.threads, threads);
    assert.ok(answer.samplesMs.length >= 4);
    assert.ok(answer.setupMs > 0 && answer.firstRunMs > 0);
    assert.equal(answer.output.elements, ELEMENTS);
    // the full-size run's output: the same plan, fp32 rounding aside
    const b = expected(5);
    assert.equal(answer.output.first.length, 16);
    answer.output.first.forEach((value, i) => assert.ok(Math.abs(value - b[i]) < 1e-6, `${value} vs ${b[i]}`));
    assert.equal(answer.output.nonFinite, 0);
  });
}

test('a plan whose check disagrees with the reference is invalid and not timed', async () => {
  const wrong = { ...plan(1), expected: expected(6) };
  const answer = await runner.runModel(command(1, { check: wrong }));
  assert.equal(answer.valid, false);
  assert.match(answer.error, /wrong result/);
  assert.deepEqual(answer.samplesMs, []);
});

test('a malformed plan is the command\'s error', async () => {
  await assert.rejects(runner.runModel(command(2, { model: plan(2, false) })), /shared memory/);
  await assert.rejects(runner.runModel(command(1, { check: plan(1) })), /check.expected/);
});
