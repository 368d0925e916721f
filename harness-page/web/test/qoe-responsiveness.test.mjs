import assert from 'node:assert/strict';
import test from 'node:test';
import { createResponsivenessCollector, summarizeDelays } from '../qoe/responsiveness.js';
import { createFakeTime } from './fake-time.mjs';

const PERIOD_MS = 50; // 20 events per second

/** A collector on made-up time, dispatching plain events on a target that counts dispatches. */
function collectorOnFakeTime() {
  const time = createFakeTime();
  const target = new EventTarget();
  let dispatched = 0;
  const dispatchEvent = target.dispatchEvent.bind(target);
  target.dispatchEvent = (event) => {
    dispatched++;
    return dispatchEvent(event);
  };
  const collector = createResponsivenessCollector({
    target, createEvent: (type) => new Event(type), clock: time.clock, timers: time.timers,
  });
  return { time, collector, dispatched: () => dispatched };
}

test('delay percentiles are type-7 quantiles of the handled events', () => {
  const delays = [10, 2, 8, 4, 6, 0, 12, 18, 16, 14, 20];
  assert.deepEqual(summarizeDelays(delays), { events: 11, p50DelayMs: 10, p95DelayMs: 19, maxDelayMs: 20 });
});

test('no events: only the count, no percentiles of nothing', () => {
  assert.deepEqual(summarizeDelays([]), { events: 0 });
});

test('on an idle page every event is handled when due', async () => {
  const { time, collector } = collectorOnFakeTime();
  collector.setup();
  collector.start();
  time.run(1000);
  const result = await collector.stop();
  assert.deepEqual(result, { eventsPerSecond: 20, events: 20, p50DelayMs: 0, p95DelayMs: 0, maxDelayMs: 0 });
});

test('events due while the main thread is blocked are delayed from when they were due, not from their late dispatch', async () => {
  const { time, collector } = collectorOnFakeTime();
  collector.setup();
  collector.start(); // events due at +50, +100, +150, ...
  time.run(2 * PERIOD_MS); // two on time
  time.block(120); // a long inference: +150 and +200 fall due meanwhile
  time.run(PERIOD_MS - 20); // the thread is free again at +220: both fire now, then +250 on time
  const result = await collector.stop();
  assert.equal(result.events, 5);
  assert.equal(result.maxDelayMs, 70); // +150 handled at +220
  assert.equal(result.p50DelayMs, 0); // of 0, 0, 70, 20, 0
});

test('stop handles the events that fell due during the last inference, then dispatches no more', async () => {
  const { time, collector, dispatched } = collectorOnFakeTime();
  collector.setup();
  collector.start();
  time.run(40);
  time.block(100); // +50 and +100 are overdue when the pass ends at +140
  const result = await collector.stop();
  assert.deepEqual(result, { eventsPerSecond: 20, events: 2, p50DelayMs: 65, p95DelayMs: 87.5, maxDelayMs: 90 });
  collector.teardown();
  time.run(1000);
  assert.equal(dispatched(), 2);
});

test('teardown before start is harmless', () => {
  const { time, collector, dispatched } = collectorOnFakeTime();
  collector.setup();
  collector.teardown();
  collector.teardown();
  time.run(1000);
  assert.equal(dispatched(), 0);
});
