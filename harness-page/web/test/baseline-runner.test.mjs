import assert from 'node:assert/strict';
import test from 'node:test';
import { createBaselineRunner } from '../baseline-runner.js';
import { naiveGemm } from '../baselines/naive-js.js';

const quickMeasure = { warmup: 1, repeats: 3, minTimeMs: 0 };

function baselineCommand(engine, shape, overrides = {}) {
  return { type: 'run-baseline', id: 5, engine, op: 'matmul', shape, threads: 1, measure: quickMeasure, seed: 42, ...overrides };
}

/** A stand-in engine: `run(fed, callNumber, setup)` computes C with the naive loops unless told otherwise. */
function fakeEngine({ open, run } = {}) {
  const calls = { open: 0, run: 0, close: 0 };
  return {
    calls,
    open: async (setup) => {
      calls.open++;
      await open?.(setup);
      return {
        version: '0.0.1', threads: setup.threads, note: 'fake',
        run: async (fed) => {
          calls.run++;
          return (run ?? ((inputs) => naiveGemm({ ...setup.constants, ...inputs }, setup.problem)))(fed, calls.run, setup);
        },
        close: () => { calls.close++; },
      };
    },
  };
}

test('the answer: setup, first run, samples and judgement, in the order of the protocol', async () => {
  const engine = fakeEngine();
  const result = await createBaselineRunner({ engines: { fake: engine } }).runBaseline(baselineCommand('fake', [4, 6, 5]));
  assert.deepEqual(Object.keys(result), [
    'engine', 'threads', 'valid', 'error', 'setupMs', 'firstRunMs', 'compileMs', 'samplesMs', 'stats',
    'maxAbsError', 'maxRelError', 'version', 'note',
  ]);
  assert.equal(result.engine, 'fake');
  assert.equal(result.valid, true, result.error);
  assert.equal(result.compileMs, 0);
  assert.ok(result.setupMs >= 0 && result.firstRunMs >= 0);
  assert.equal(result.samplesMs.length, 3);
  assert.equal(result.stats.n, 3);
  assert.equal(result.version, '0.0.1');
  assert.equal(result.note, 'fake');
  assert.equal(engine.calls.open, 1);
  assert.equal(engine.calls.close, 1);
  // first run, one warm-up, then three samples; this fake is fast, so its samples are batches of calls
  assert.ok(engine.calls.run >= 1 + 1 + 3, `${engine.calls.run} runs`);
});

test('a wrong output, a failing setup and a failing run are invalid baselines; the session is closed', async () => {
  const wrong = fakeEngine({ run: ({ a }) => new Float32Array(a.length) });
  const broken = fakeEngine({ open: () => { throw new Error('no wasm'); } });
  const flaky = fakeEngine({
    run: (fed, call, { constants, problem }) => {
      if (call > 1) throw new Error('lost');
      return naiveGemm({ ...constants, ...fed }, problem);
    },
  });
  const runner = createBaselineRunner({ engines: { wrong, broken, flaky } });

  const wrongResult = await runner.runBaseline(baselineCommand('wrong', [3, 3, 3]));
  assert.equal(wrongResult.valid, false);
  assert.match(wrongResult.error, /^wrong result: /);
  assert.ok(wrongResult.maxAbsError > 0);
  assert.equal(wrong.calls.close, 1);

  const brokenResult = await runner.runBaseline(baselineCommand('broken', [3, 3, 3]));
  assert.equal(brokenResult.error, 'setup failed: Error: no wasm');
  assert.equal(brokenResult.setupMs, null);
  assert.equal(brokenResult.version, null);
  assert.deepEqual(brokenResult.samplesMs, []);

  const flakyResult = await runner.runBaseline(baselineCommand('flaky', [3, 3, 3]));
  assert.equal(flakyResult.error, 'run failed while timing: Error: lost');
  assert.ok(flakyResult.maxAbsError < 1e-6, 'the first run was checked, and right');
  assert.equal(flaky.calls.close, 1);
});

test('commands that cannot be run are rejected', async () => {
  const runner = createBaselineRunner({ engines: { fake: fakeEngine() } });
  const rejects = (overrides, pattern) => assert.rejects(runner.runBaseline(baselineCommand('fake', [2, 2, 2], overrides)), pattern);
  await rejects({ engine: 'webdnn' }, /engine must be one of fake, got "webdnn"/);
  await rejects({ op: 'conv2d' }, /op must be one of matmul, batch_matmul, linear/);
  await rejects({ shape: [2, 2] }, /shape must be \[M, K, N\]/);
  await rejects({ op: 'batch_matmul' }, /shape must be \[B, M, K, N\] of positive i32 for batch_matmul/);
  await rejects({ epilogue: { bias: true } }, /epilogue is for linear only/);
  await rejects({ op: 'linear', epilogue: { activation: 'tanh' } }, /epilogue.activation must be one of none, relu, gelu, got "tanh"/);
  await rejects({ threads: 1.5 }, /threads must be an integer/);
  await rejects({ measure: null }, /measure must be/);
  await rejects({ seed: null }, /seed must be an integer/);
});

test('the engine holds the weights and bias as constants and is fed A; batched MatMul feeds both operands', async () => {
  const seen = [];
  const engine = fakeEngine({ open: ({ constants, problem }) => seen.push([Object.keys(constants), problem.fed]) });
  const runner = createBaselineRunner({ engines: { fake: engine } });
  const linear = await runner.runBaseline(baselineCommand('fake', [3, 4, 5], { op: 'linear', epilogue: { bias: true, activation: 'gelu' } }));
  const batched = await runner.runBaseline(baselineCommand('fake', [2, 3, 4, 5], { op: 'batch_matmul' }));
  assert.equal(linear.valid && batched.valid, true, linear.error ?? batched.error);
  assert.deepEqual(seen, [[['w', 'bias'], ['a']], [[], ['a', 'b']]]);
});

test('naive-js: right, single-threaded, no version', async () => {
  const runner = createBaselineRunner();
  const result = await runner.runBaseline(baselineCommand('naive-js', [33, 65, 17]));
  assert.equal(result.valid, true, result.error);
  assert.equal(result.maxRelError < 1e-6, true);
  assert.equal(result.threads, 1);
  assert.equal(result.version, null);
  await assert.rejects(runner.runBaseline(baselineCommand('naive-js', [2, 2, 2], { threads: 2 })), /threads must be 1 for naive-js, got 2/);
});
