import assert from 'node:assert/strict';
import test from 'node:test';
import { quantileSorted, summarize } from '../stats.js';

const assertClose = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

test('odd n: median is the middle sample; p10/p90 interpolate between closest ranks', () => {
  const stats = summarize([5, 1, 3]);
  // sorted [1, 3, 5]; p10: h = 2 * 0.1 = 0.2 -> 1 + 0.2 * (3 - 1); p90: h = 1.8 -> 3 + 0.8 * (5 - 3)
  assert.equal(stats.n, 3);
  assert.equal(stats.medianMs, 3);
  assertClose(stats.p10Ms, 1.4);
  assertClose(stats.p90Ms, 4.6);
  assert.equal(stats.minMs, 1);
  assert.equal(stats.meanMs, 3);
});

test('even n: median is the mean of the two middle samples', () => {
  const stats = summarize([4, 1, 3, 2]);
  // sorted [1, 2, 3, 4]; p10: h = 0.3 -> 1.3; p90: h = 2.7 -> 3.7
  assert.equal(stats.medianMs, 2.5);
  assertClose(stats.p10Ms, 1.3);
  assertClose(stats.p90Ms, 3.7);
  assert.equal(stats.minMs, 1);
  assert.equal(stats.meanMs, 2.5);
});

test('eleven samples: p10 and p90 land exactly on ranks 1 and 9', () => {
  const samples = [10, 0, 9, 1, 8, 2, 7, 3, 6, 4, 5];
  const stats = summarize(samples);
  assert.equal(stats.p10Ms, 1);
  assert.equal(stats.p90Ms, 9);
  assert.equal(stats.medianMs, 5);
  assert.deepEqual(samples, [10, 0, 9, 1, 8, 2, 7, 3, 6, 4, 5], 'input left unsorted');
});

test('a single sample is every statistic', () => {
  assert.deepEqual(summarize([7.5]), { n: 1, medianMs: 7.5, p10Ms: 7.5, p90Ms: 7.5, minMs: 7.5, meanMs: 7.5 });
});

test('quantile endpoints are min and max', () => {
  assert.equal(quantileSorted([2, 4, 8], 0), 2);
  assert.equal(quantileSorted([2, 4, 8], 1), 8);
});

test('no samples is an error, not NaN statistics', () => {
  assert.throws(() => summarize([]), RangeError);
});
