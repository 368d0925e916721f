// The real ONNX Runtime Web and TF.js wasm packages, as npm installed them, run in Node on one
// thread. Their browser side (vendor files, threads) is checked in Chromium.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createBaselineRunner } from '../baseline-runner.js';

const runner = createBaselineRunner();
const measure = { warmup: 1, repeats: 3, minTimeMs: 0 };

for (const engine of ['ort-web', 'tfjs']) {
  for (const shape of [[33, 65, 17], [128, 64, 32]]) {
    test(`${engine} computes C right at ${shape.join('x')}`, async () => {
      const result = await runner.runBaseline({ type: 'run-baseline', id: 1, engine, op: 'matmul', shape, threads: 1, measure, seed: 42 });
      assert.equal(result.valid, true, result.error);
      assert.ok(result.maxRelError < 1e-5, `maxRelError ${result.maxRelError}`);
      assert.equal(result.threads, 1);
      assert.match(result.version, /^\d+\.\d+\.\d+/);
      assert.ok(result.setupMs > 0 && result.firstRunMs > 0);
      assert.equal(result.stats.n, 3);
    });
  }

  const problems = [
    { op: 'batch_matmul', shape: [3, 17, 33, 9] },
    { op: 'linear', shape: [17, 33, 9], epilogue: { bias: true, activation: 'gelu' } },
    { op: 'linear', shape: [17, 33, 9], epilogue: { bias: true, activation: 'relu' } },
    { op: 'linear', shape: [1, 64, 40], epilogue: { bias: false, activation: 'none' } },
  ];
  for (const problem of problems) {
    test(`${engine} computes ${problem.op} ${JSON.stringify(problem.epilogue ?? {})} right at ${problem.shape.join('x')}`, async () => {
      const result = await runner.runBaseline({ type: 'run-baseline', id: 3, engine, ...problem, threads: 1, measure, seed: 7 });
      assert.equal(result.valid, true, result.error);
      assert.ok(result.maxRelError < 1e-5, `maxRelError ${result.maxRelError}`);
    });
  }

  test(`${engine} keeps the thread count it started with`, async () => {
    const command = { type: 'run-baseline', id: 2, engine, op: 'matmul', shape: [2, 2, 2], threads: 2, measure, seed: 1 };
    await assert.rejects(runner.runBaseline(command), /threads must stay 1: .* until the page is reloaded, got 2/);
  });
}
