import assert from 'node:assert/strict';
import test from 'node:test';
import { Worker } from 'node:worker_threads';
import { createBarrier, leadRound, releaseFollowers } from '../barrier.js';

/**
 * Followers 1..threadCount-1 as Node worker threads serving `barrier`. Each share counts itself in
 * `counts[threadIndex]`, and throws in the round where `failing` says so.
 */
function startFollowers(barrier, threadCount, counts, failing = { thread: -1, round: -1 }) {
  const source = `
    const { parentPort, workerData: { barrierUrl, barrier, threadIndex, counts, failing } } = require('node:worker_threads');
    import(barrierUrl).then(({ serveRounds }) => {
      serveRounds(barrier, threadIndex, () => {
        const round = Atomics.add(counts, threadIndex, 1) + 1;
        if (threadIndex === failing.thread && round === failing.round) throw new RangeError('boom');
      });
      parentPort.postMessage('released');
    });`;
  const barrierUrl = new URL('../barrier.js', import.meta.url).href;
  return Array.from({ length: threadCount - 1 }, (_, i) => {
    const worker = new Worker(source, { eval: true, workerData: { barrierUrl, barrier, threadIndex: i + 1, counts, failing } });
    return new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).finally(() => worker.terminate());
  });
}

test('every round ends only after every thread ran its share once', async () => {
  const threadCount = 3;
  const barrier = createBarrier();
  const counts = new Int32Array(new SharedArrayBuffer(4 * threadCount));
  const released = startFollowers(barrier, threadCount, counts);
  for (let round = 1; round <= 200; round++) {
    leadRound(barrier, threadCount, () => Atomics.add(counts, 0, 1));
    assert.deepEqual([...counts], [round, round, round]);
  }
  releaseFollowers(barrier);
  assert.deepEqual(await Promise.all(released), ['released', 'released']);
});

test('followers started after the first round still serve it, and a release without rounds ends them', async () => {
  const barrier = createBarrier();
  const counts = new Int32Array(new SharedArrayBuffer(8));
  releaseFollowers(barrier);
  await Promise.all(startFollowers(barrier, 2, counts));
  assert.deepEqual([...counts], [0, 0]);
});

test('a follower\'s failure reaches the leader after the whole round, with its thread and error', async () => {
  const barrier = createBarrier();
  const counts = new Int32Array(new SharedArrayBuffer(12));
  const released = startFollowers(barrier, 3, counts, { thread: 2, round: 2 });
  leadRound(barrier, 3, () => {});
  assert.throws(() => leadRound(barrier, 3, () => {}), { name: 'thread 2', message: 'RangeError: boom' });
  assert.deepEqual([...counts], [0, 2, 2], 'both followers finished round 2');
  releaseFollowers(barrier);
  await Promise.all(released);
});

test('the leader\'s own failure is thread 0\'s, reported once the followers are done', async () => {
  const barrier = createBarrier();
  const counts = new Int32Array(new SharedArrayBuffer(8));
  const released = startFollowers(barrier, 2, counts);
  assert.throws(() => leadRound(barrier, 2, () => { throw new TypeError('own'); }), { name: 'thread 0', message: 'TypeError: own' });
  assert.equal(counts[1], 1);
  releaseFollowers(barrier);
  await Promise.all(released);
});
