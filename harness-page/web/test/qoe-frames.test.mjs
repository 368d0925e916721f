import assert from 'node:assert/strict';
import test from 'node:test';
import { createFrameCollector, summarizeFrames } from '../qoe/frames.js';
import { createFakeTime } from './fake-time.mjs';

const VSYNC_MS = 1000 / 60;

/** Sums of frame intervals are not exact in binary. */
const assertClose = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, not ${expected}`);

/** Timestamps `intervalsMs` apart, starting at `startMs`. */
function framesFrom(startMs, intervalsMs) {
  const times = [startMs];
  for (const interval of intervalsMs) times.push(times.at(-1) + interval);
  return times;
}

test('dropped frames are inference intervals over 1.5x the idle median', () => {
  const idle = new Array(30).fill(VSYNC_MS);
  // Inference: 2 smooth frames, then a 50 ms stall, 2 frames, a 25.1 ms (just over 1.5x) and a 25 ms one.
  const during = [VSYNC_MS, VSYNC_MS, 50, VSYNC_MS, VSYNC_MS, 25.1, 25];
  const frameTimesMs = framesFrom(0, [...idle, ...during]);
  const fromMs = frameTimesMs[30] + 1; // inference starts just after the last idle frame
  const toMs = fromMs + 200;
  const result = summarizeFrames({ frameTimesMs, fromMs, toMs, longTasks: null });
  assert.equal(result.frames, 7);
  assert.equal(result.fps, 35);
  assertClose(result.idleMedianFrameMs, VSYNC_MS, 'idle median');
  assert.equal(result.droppedFrames, 2);
  assertClose(result.medianFrameMs, VSYNC_MS, 'median');
  assertClose(result.p95FrameMs, 25.1 + 0.7 * (50 - 25.1), 'p95');
  assert.equal('longTasks' in result, false, 'not observed: left out, not 0');
});

test('a stall that straddles the start of inference counts as inference', () => {
  const frameTimesMs = framesFrom(0, [VSYNC_MS, VSYNC_MS, VSYNC_MS, 100, VSYNC_MS]);
  const fromMs = frameTimesMs[3] + 10;
  const result = summarizeFrames({ frameTimesMs, fromMs, toMs: fromMs + 200, longTasks: null });
  assert.equal(result.frames, 2);
  assert.equal(result.droppedFrames, 1);
});

test('frames after the end of inference are not counted', () => {
  const frameTimesMs = framesFrom(0, new Array(20).fill(VSYNC_MS));
  const result = summarizeFrames({ frameTimesMs, fromMs: 5 * VSYNC_MS, toMs: 10 * VSYNC_MS, longTasks: null });
  assert.equal(result.frames, 6); // frames 5..10 inclusive
});

test('without idle frames there is no dropped-frame threshold: those figures are left out', () => {
  const frameTimesMs = framesFrom(100, [VSYNC_MS, 40]);
  const result = summarizeFrames({ frameTimesMs, fromMs: 100, toMs: 200, longTasks: null });
  assert.deepEqual(Object.keys(result).sort(), ['fps', 'frames', 'medianFrameMs', 'p95FrameMs']);
});

test('no frames at all: zero fps and frames, no interval statistics', () => {
  assert.deepEqual(summarizeFrames({ frameTimesMs: [], fromMs: 0, toMs: 1000, longTasks: [] }),
    { fps: 0, frames: 0, longTasks: 0, longTaskMs: 0 });
});

test('long tasks are those that start during inference', () => {
  const longTasks = [
    { startTime: 50, duration: 80 }, // before
    { startTime: 120, duration: 60 },
    { startTime: 300, duration: 51 },
    { startTime: 401, duration: 90 }, // after
  ];
  const result = summarizeFrames({ frameTimesMs: [], fromMs: 100, toMs: 400, longTasks });
  assert.equal(result.longTasks, 2);
  assert.equal(result.longTaskMs, 111);
});

/** rAF on made-up time: a frame every vsync while the main thread is free, late when it is not. */
function collectorOnFakeTime(longTasks = []) {
  const time = createFakeTime();
  const steps = [];
  const collector = createFrameCollector({
    clock: time.clock,
    timers: time.timers,
    requestFrame: (callback) => time.timers.setTimeout(() => callback(time.clock()), VSYNC_MS),
    cancelFrame: time.timers.clearTimeout,
    observeLongTasks: () => ({ takeRecords: () => longTasks, disconnect: () => steps.push('disconnect') }),
    animation: { start: () => steps.push('animate'), stop: () => steps.push('still') },
  });
  return { time, collector, steps };
}

test('the collector learns the idle interval in setup and sees a blocked main thread as dropped frames', async () => {
  const { time, collector, steps } = collectorOnFakeTime([{ startTime: 1600, duration: 200 }]);
  const ready = collector.setup();
  time.run(500);
  await ready;
  collector.start(); // at 1500
  time.run(100);
  time.block(200); // one inference of 200 ms on the main thread
  time.run(100);
  const result = await collector.stop();
  assertClose(result.idleMedianFrameMs, VSYNC_MS, 'idle median');
  assert.equal(result.droppedFrames, 1);
  assert.ok(result.frames >= 12 && result.frames <= 13, `frames ${result.frames}`);
  assert.ok(result.p95FrameMs > 100);
  assert.deepEqual([result.longTasks, result.longTaskMs], [1, 200]);
  assert.deepEqual(steps, ['animate', 'disconnect', 'still']);
});

test('teardown stops the frame loop, the observer and the animation, also before start', () => {
  const { time, collector, steps } = collectorOnFakeTime();
  collector.setup();
  collector.teardown();
  collector.teardown();
  time.run(1000); // no frame callback may be left to run
  assert.deepEqual(steps, ['animate', 'disconnect', 'still', 'still']);
});
