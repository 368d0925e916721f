import assert from 'node:assert/strict';
import test from 'node:test';
import { measureSamples, SAMPLING_LIMITS } from '../sampler.js';

/** A clock that only moves when the timed function runs, by the durations it is given. */
function fakeKernel(durationsMs) {
  let nowMs = 1000;
  let calls = 0;
  return {
    clock: () => nowMs,
    run: () => {
      nowMs += durationsMs(calls++);
    },
    calls: () => calls,
  };
}

test('minTimeMs binding: stops at the first sample that reaches it', () => {
  const kernel = fakeKernel(() => 10);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 5, minTimeMs: 200 }, kernel.clock);
  assert.equal(samples.length, 20);
  assert.ok(samples.every((s) => s === 10));
});

test('repeats binding: stops at exactly repeats samples', () => {
  const kernel = fakeKernel(() => 10);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 30, minTimeMs: 100 }, kernel.clock);
  assert.equal(samples.length, 30);
});

test('warm-up calls run but are not sampled', () => {
  const kernel = fakeKernel((call) => (call < 3 ? 500 : 2)); // slow first calls, as with tier-up
  const samples = measureSamples(kernel.run, { warmup: 3, repeats: 4, minTimeMs: 0 }, kernel.clock);
  assert.deepEqual(samples, [2, 2, 2, 2]);
  assert.equal(kernel.calls(), 7);
});

test('a huge minTimeMs stops at the wall-time cap', () => {
  const kernel = fakeKernel(() => 1000);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 1, minTimeMs: 1e9 }, kernel.clock);
  assert.equal(samples.length, SAMPLING_LIMITS.maxWallMs / 1000);
});

test('a fast kernel stops at the sample cap', () => {
  const kernel = fakeKernel(() => 0.001);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 1, minTimeMs: 1e9 }, kernel.clock);
  assert.equal(samples.length, SAMPLING_LIMITS.maxSamples);
});

test('huge repeats stop at the sample cap too', () => {
  const kernel = fakeKernel(() => 1);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 1e9, minTimeMs: 0 }, kernel.clock);
  assert.equal(samples.length, SAMPLING_LIMITS.maxSamples);
});
