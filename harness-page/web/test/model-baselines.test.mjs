// The model baselines on the reduced models of test/fixtures, with the real ONNX Runtime Web and
// TF.js wasm packages in Node, on one thread (model-baselines-threads.test.mjs asks for 2), judged
// by compareWithFixture.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createBaselineRunner } from '../baseline-runner.js';
import { MODEL_BASELINE_ENGINES } from '../model-baselines/model-engines.js';
import { MAX_REL_ERROR } from '../reference.js';
import { compareWithFixture, readModelFixture } from './model-fixtures.mjs';

const MODELS = ['bert.json', 't5-encoder.json', 'gpt2-prefill.json', 'llama-prefill.json', 'bart.json', 'gpt2-decode.json', 'llama-decode.json'];

for (const [engine, baseline] of Object.entries(MODEL_BASELINE_ENGINES)) {
  for (const model of MODELS) {
    test(`${engine} runs ${model} as the float64 reference does`, async () => {
      const fixture = readModelFixture(model);
      const session = await baseline.open({ graph: fixture.graph, tensors: fixture.weights, threads: 1, vendorUrl: null });
      try {
        const first = await session.run(fixture.inputs);
        const judged = compareWithFixture(first, fixture);
        assert.equal(judged.valid, true, judged.reason);
        assert.ok(judged.maxRelError <= MAX_REL_ERROR);
        assert.deepEqual(await session.run(fixture.inputs), first, 'a second run computes the same');
        assert.equal(session.threads, 1);
        assert.match(session.version, /^\d+\.\d+\.\d+/);
      } finally {
        await session.close();
      }
    });
  }
}

test('unbatched matmul, and add and mul whose b repeats over groups of rows, as their conventions define them', async () => {
  // c = x w; out[r] = (c[r] + b[r % 2]) * b[r % 2], with rows 4 and bRows 2.
  const [M, K, N] = [4, 3, 5];
  const graph = {
    name: 'broadcasts',
    tensors: [
      { id: 0, name: 'x', shape: [M, K], kind: 'input', type: 'f32' },
      { id: 1, name: 'w', shape: [K, N], kind: 'weight', type: 'f32' },
      { id: 2, name: 'c', shape: [M, N], kind: 'activation', type: 'f32' },
      { id: 3, name: 'b', shape: [2, N], kind: 'weight', type: 'f32' },
      { id: 4, name: 'sum', shape: [M, N], kind: 'activation', type: 'f32' },
      { id: 5, name: 'product', shape: [M * N], kind: 'activation', type: 'f32' },
    ],
    nodes: [
      { name: 'project', op: 'matmul', sizes: { M, K, N }, operands: { aPtr: 0, bPtr: 1, cPtr: 2 } },
      { name: 'shift', op: 'add', sizes: { rows: M, width: N, bRows: 2 }, operands: { aPtr: 2, bPtr: 3, outPtr: 4 } },
      { name: 'scale', op: 'mul', sizes: { rows: M, width: N, bRows: 2 }, operands: { aPtr: 4, bPtr: 3, outPtr: 5 } },
    ],
    outputs: [5],
  };
  const x = Float32Array.from({ length: M * K }, (_, i) => (i % 7) / 4 - 0.75);
  const w = Float32Array.from({ length: K * N }, (_, i) => (i % 5) / 2 - 1);
  const b = Float32Array.from({ length: 2 * N }, (_, i) => i / 8 + 0.5);
  const expected = [];
  for (let r = 0; r < M; r++) {
    for (let j = 0; j < N; j++) {
      let c = 0;
      for (let k = 0; k < K; k++) c += x[r * K + k] * w[k * N + j];
      expected.push((c + b[(r % 2) * N + j]) * b[(r % 2) * N + j]);
    }
  }
  for (const baseline of Object.values(MODEL_BASELINE_ENGINES)) {
    const session = await baseline.open({ graph, tensors: { 1: w, 3: b }, threads: 1, vendorUrl: null });
    try {
      const output = await session.run({ 0: x });
      assert.equal(output.length, M * N);
      output.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) <= 1e-6, `${i}: ${value} vs ${expected[i]}`));
    } finally {
      await session.close();
    }
  }
});

test('an op the baselines cannot lower fails naming the node and the op', async () => {
  const graph = {
    name: 'conv',
    tensors: [
      { id: 0, name: 'x', shape: [2, 3], kind: 'input', type: 'f32' },
      { id: 1, name: 'y', shape: [2, 3], kind: 'activation', type: 'f32' },
    ],
    nodes: [{ name: 'stem', op: 'conv2d', sizes: {}, operands: { xPtr: 0, outPtr: 1 } }],
    outputs: [1],
  };
  for (const baseline of Object.values(MODEL_BASELINE_ENGINES)) {
    await assert.rejects(baseline.open({ graph, tensors: {}, threads: 1, vendorUrl: null }),
      /conv: node stem \(conv2d\): op conv2d is not supported by the model baselines \(they lower matmul, bmm, linear, .*kv_append\)/);
  }
});

test('the model baselines keep the thread count the runtimes started with, shared with the single-op baselines', async () => {
  const fixture = readModelFixture('bert.json');
  for (const baseline of Object.values(MODEL_BASELINE_ENGINES)) {
    await assert.rejects(baseline.open({ graph: fixture.graph, tensors: fixture.weights, threads: 2, vendorUrl: null }),
      /threads must stay 1: .* until the page is reloaded, got 2/);
  }
  const runner = createBaselineRunner();
  for (const engine of Object.keys(MODEL_BASELINE_ENGINES)) {
    const command = { type: 'run-baseline', id: 1, engine, op: 'matmul', shape: [2, 2, 2], threads: 2, measure: { warmup: 0, repeats: 1, minTimeMs: 0 }, seed: 1 };
    await assert.rejects(runner.runBaseline(command), /threads must stay 1/);
  }
});
