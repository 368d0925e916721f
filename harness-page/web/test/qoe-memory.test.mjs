import assert from 'node:assert/strict';
import test from 'node:test';
import { createMemoryCollector } from '../qoe/memory.js';
import { createFakeTime } from './fake-time.mjs';

const MB = 1 << 20;

/** A JS heap that reads `usedMb[i]` at the i-th reading (the last one from then on). */
function heapReading(usedMb) {
  let reads = 0;
  return () => {
    const used = usedMb[Math.min(reads++, usedMb.length - 1)] * MB;
    return { usedJSHeapSize: used, totalJSHeapSize: used + 4 * MB };
  };
}

/** Runs the collector's life cycle over `inferenceMs` of made-up time. */
async function pass(options, inferenceMs) {
  const time = createFakeTime();
  const collector = createMemoryCollector({ timers: time.timers, ...options });
  await collector.setup();
  collector.start();
  time.run(inferenceMs);
  const result = await collector.stop();
  collector.teardown();
  time.run(1000);
  return result;
}

test('before, during, after, peak, growth and the ratio to the weights', async () => {
  const result = await pass({
    wasmBytes: () => 8 * MB,
    weightsBytes: 2 * MB,
    readHeap: heapReading([10, 12, 20, 14, 13, 11]), // before; 4 periodic samples; after
    measureUaMemory: async () => ({ bytes: 30 * MB }),
  }, 1000);
  assert.equal(result.intervalMs, 250);
  assert.equal(result.samples, 4);
  assert.deepEqual(result.before, {
    uaMemoryBytes: 30 * MB, jsHeapBytes: 10 * MB, jsHeapTotalBytes: 14 * MB, wasmBytes: 8 * MB, footprintBytes: 18 * MB,
  });
  // median of the periodic samples, figure by figure; the UA memory is not asked for during inference
  assert.deepEqual(result.during, {
    jsHeapBytes: 13.5 * MB, jsHeapTotalBytes: 17.5 * MB, wasmBytes: 8 * MB, footprintBytes: 21.5 * MB,
  });
  assert.equal(result.after.jsHeapBytes, 11 * MB);
  assert.equal(result.after.uaMemoryBytes, 30 * MB);
  assert.equal(result.peak.jsHeapBytes, 20 * MB);
  assert.equal(result.peak.footprintBytes, 28 * MB);
  assert.equal(result.peak.uaMemoryBytes, 30 * MB);
  assert.equal(result.growthBytes, MB);
  assert.equal(result.weightsBytes, 2 * MB);
  assert.equal(result.ratioToWeights, 14);
});

test('figures the browser does not give are left out, never 0', async () => {
  const result = await pass({ wasmBytes: () => MB, readHeap: () => undefined, measureUaMemory: null }, 600);
  for (const sample of [result.before, result.during, result.after, result.peak]) {
    assert.deepEqual(sample, { wasmBytes: MB, footprintBytes: MB });
  }
  assert.equal(result.growthBytes, 0);
  assert.equal('ratioToWeights' in result, false, 'no weights given');
  assert.equal('weightsBytes' in result, false);
});

test('a user-agent memory measurement the browser holds back is left out instead of stalling the pass', async () => {
  const result = await pass({
    wasmBytes: () => MB, readHeap: heapReading([1]), measureUaMemory: () => new Promise(() => {}), uaMemoryTimeoutMs: 20,
  }, 300);
  assert.equal('uaMemoryBytes' in result.before, false);
  assert.equal('uaMemoryBytes' in result.after, false);
  assert.equal(result.after.jsHeapBytes, MB);
});

test('GPU buffers count in the footprint when the engine has them', async () => {
  const result = await pass({
    wasmBytes: () => 0, gpuBytes: () => 5 * MB, readHeap: heapReading([1]), measureUaMemory: null, weightsBytes: MB,
  }, 300);
  assert.equal(result.peak.gpuBytes, 5 * MB);
  assert.equal(result.peak.footprintBytes, 6 * MB);
  assert.equal(result.ratioToWeights, 6);
});

test('a pass shorter than the sampling interval has no during sample', async () => {
  const result = await pass({ wasmBytes: () => MB, readHeap: heapReading([1]), measureUaMemory: null }, 100);
  assert.equal(result.samples, 0);
  assert.equal('during' in result, false);
});
