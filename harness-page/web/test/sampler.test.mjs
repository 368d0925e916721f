import assert from 'node:assert/strict';
import test from 'node:test';
import { measureSamples, measureSamplesAsync, MIN_SAMPLE_MS, SAMPLING_LIMITS } from '../sampler.js';

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

test('calls faster than a sample should be are timed in batches, each sample their mean', () => {
  const kernel = fakeKernel(() => 0.004); // below the 5 µs timer quantum of an isolated page
  const samples = measureSamples(kernel.run, { warmup: 1, repeats: 10, minTimeMs: 0 }, kernel.clock);
  const perSample = Math.ceil(MIN_SAMPLE_MS / 0.004);
  assert.equal(samples.length, 10);
  assert.ok(samples.every((s) => Math.abs(s - 0.004) < 1e-9));
  assert.equal(kernel.calls(), 1 + 1 + 10 * perSample); // warm-up, the sizing call, ten batches
});

test('a call the clock cannot see at all still gets a finite batch and real samples', () => {
  let nowMs = 0;
  let calls = 0;
  const coarseClock = () => Math.floor(nowMs / 0.005) * 0.005; // 5 µs quantum
  const run = () => { nowMs += 0.002; calls++; };
  const samples = measureSamples(run, { warmup: 0, repeats: 3, minTimeMs: 0 }, coarseClock);
  assert.equal(samples.length, 3);
  assert.ok(samples.every((s) => s > 0.0015 && s < 0.0025), samples.join(' '));
});

test('huge repeats stop at the sample cap too', () => {
  const kernel = fakeKernel(() => 1);
  const samples = measureSamples(kernel.run, { warmup: 0, repeats: 1e9, minTimeMs: 0 }, kernel.clock);
  assert.equal(samples.length, SAMPLING_LIMITS.maxSamples);
});

test('the synchronous sampler returns its samples, not a promise', () => {
  const kernel = fakeKernel(() => 1);
  assert.ok(Array.isArray(measureSamples(kernel.run, { warmup: 0, repeats: 2, minTimeMs: 0 }, kernel.clock)));
});

/** fakeKernel whose run resolves later: the clock moves when the promise settles, as for a session.run. */
function fakeAsyncKernel(durationsMs) {
  const kernel = fakeKernel(durationsMs);
  let pending = 0;
  return {
    ...kernel,
    run: async () => {
      pending++;
      await new Promise((resolve) => setImmediate(resolve));
      kernel.run();
      pending--;
    },
    pending: () => pending,
  };
}

test('async: each sample spans the call until its promise settles, one call at a time', async () => {
  const kernel = fakeAsyncKernel((call) => (call < 2 ? 500 : 10));
  let maxPending = 0;
  const run = async () => {
    const done = kernel.run();
    maxPending = Math.max(maxPending, kernel.pending());
    await done;
  };
  const samples = await measureSamplesAsync(run, { warmup: 2, repeats: 3, minTimeMs: 50 }, kernel.clock);
  assert.deepEqual(samples, [10, 10, 10, 10, 10]);
  assert.equal(kernel.calls(), 7);
  assert.equal(maxPending, 1);
});

test('async: the same caps as the synchronous sampler', async () => {
  const slow = fakeAsyncKernel(() => 1000);
  assert.equal((await measureSamplesAsync(slow.run, { warmup: 0, repeats: 1, minTimeMs: 1e9 }, slow.clock)).length,
    SAMPLING_LIMITS.maxWallMs / 1000);
  const fast = fakeKernel(() => 0.001); // a run that returns no promise is fine too
  assert.equal((await measureSamplesAsync(fast.run, { warmup: 0, repeats: 1e9, minTimeMs: 0 }, fast.clock)).length,
    SAMPLING_LIMITS.maxSamples);
});

test('async: a rejected run rejects the measurement', async () => {
  const failing = async () => { throw new Error('session lost'); };
  await assert.rejects(measureSamplesAsync(failing, { warmup: 1, repeats: 1, minTimeMs: 0 }, () => 0), /session lost/);
});
