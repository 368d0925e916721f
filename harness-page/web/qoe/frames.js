import { quantileSorted } from '../stats.js';

/** Frames before inference starts, for the idle frame interval that defines a dropped frame. */
const IDLE_MS = 500;
/** An interval longer than this many idle intervals is a dropped frame (DESIGN section 4). */
const DROPPED_FACTOR = 1.5;

/**
 * A QoE collector for smoothness: a `requestAnimationFrame` loop (and optionally a CSS animation,
 * so the page has something to paint) from setup to stop. Setup spends {@link IDLE_MS} with no
 * inference to learn the idle frame interval; between start and stop it counts frames, frame
 * intervals and the page's long tasks. rAF callbacks run on the main thread, so they show what a
 * busy main thread does to an app's own rendering; a compositor-only CSS animation would keep
 * moving regardless, which is why it is only the scenery here.
 *
 * @param {object} [options]
 * @param {() => number} [options.clock] milliseconds, the timeline of the rAF timestamps
 * @param {(callback: (timestampMs: number) => void) => number} [options.requestFrame]
 * @param {(handle: number) => void} [options.cancelFrame]
 * @param {{setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout}} [options.timers]
 * @param {(() => LongTaskObserver) | null} [options.observeLongTasks] null where the browser
 *   reports no long tasks: their figures are then left out
 * @param {{start: () => void, stop: () => void} | null} [options.animation] see {@link cssAnimation}
 * @returns {import('./run-qoe.js').Collector}
 */
export function createFrameCollector({
  clock = () => performance.now(),
  requestFrame = (callback) => requestAnimationFrame(callback),
  cancelFrame = (handle) => cancelAnimationFrame(handle),
  timers = globalThis,
  observeLongTasks = browserLongTasks(),
  animation = null,
} = {}) {
  const frameTimesMs = [];
  let frameRequest = null;
  let longTasks = null;
  let idleTimer = null;
  let fromMs;

  const onFrame = (timestampMs) => {
    frameTimesMs.push(timestampMs);
    frameRequest = requestFrame(onFrame);
  };
  const release = () => {
    if (frameRequest !== null) cancelFrame(frameRequest);
    frameRequest = null;
    timers.clearTimeout(idleTimer);
    longTasks?.disconnect();
    longTasks = null;
    animation?.stop();
  };

  return {
    async setup() {
      animation?.start();
      longTasks = observeLongTasks?.() ?? null;
      frameRequest = requestFrame(onFrame);
      await new Promise((resolve) => {
        idleTimer = timers.setTimeout(resolve, IDLE_MS);
      });
    },
    start() {
      fromMs = clock();
    },
    async stop() {
      const toMs = clock();
      const tasks = longTasks?.takeRecords() ?? null;
      release();
      return summarizeFrames({ frameTimesMs, fromMs, toMs, longTasks: tasks });
    },
    teardown: release,
  };
}

/**
 * @typedef {object} LongTaskObserver the page's long tasks (> 50 ms on the main thread)
 * @property {() => {startTime: number, duration: number}[]} takeRecords every task since it began
 * @property {() => void} disconnect
 */

/**
 * The smoothness figures of one pass.
 *
 * @param {object} pass
 * @param {number[]} pass.frameTimesMs every rAF timestamp since the loop began, ascending; those
 *   before `fromMs` are the idle frames
 * @param {number} pass.fromMs inference started
 * @param {number} pass.toMs inference ended
 * @param {{startTime: number, duration: number}[] | null} pass.longTasks null when not observed
 * @returns {{fps: number, frames: number, droppedFrames?: number, medianFrameMs?: number,
 *   p95FrameMs?: number, idleMedianFrameMs?: number, longTasks?: number, longTaskMs?: number}}
 *   `frames` counts frames in [fromMs, toMs]; an interval belongs to the phase its second frame
 *   is in, so a stall that straddles the start counts as inference; figures that need intervals
 *   are left out without them
 */
export function summarizeFrames({ frameTimesMs, fromMs, toMs, longTasks }) {
  const idleIntervals = [];
  const intervals = [];
  let frames = 0;
  frameTimesMs.forEach((timeMs, i) => {
    if (timeMs > toMs) return;
    if (timeMs >= fromMs) frames++;
    if (i > 0) (timeMs >= fromMs ? intervals : idleIntervals).push(timeMs - frameTimesMs[i - 1]);
  });
  const sorted = Float64Array.from(intervals).sort();
  const idleMedianFrameMs = idleIntervals.length > 0 ? quantileSorted(Float64Array.from(idleIntervals).sort(), 0.5) : null;
  const tasks = longTasks?.filter(({ startTime }) => startTime >= fromMs && startTime <= toMs);
  return {
    fps: toMs > fromMs ? (frames * 1000) / (toMs - fromMs) : 0,
    frames,
    ...(idleMedianFrameMs !== null && {
      idleMedianFrameMs,
      droppedFrames: intervals.filter((interval) => interval > DROPPED_FACTOR * idleMedianFrameMs).length,
    }),
    ...(sorted.length > 0 && { medianFrameMs: quantileSorted(sorted, 0.5), p95FrameMs: quantileSorted(sorted, 0.95) }),
    ...(tasks && {
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((sum, { duration }) => sum + duration, 0),
    }),
  };
}

/**
 * An animation of `element` by CSS class: index.html styles `.qoe-animated` with a looping
 * transform animation.
 *
 * @param {Element} element
 * @returns {{start: () => void, stop: () => void}}
 */
export function cssAnimation(element) {
  return {
    start: () => element.classList.add('qoe-animated'),
    stop: () => element.classList.remove('qoe-animated'),
  };
}

/** Long tasks through a PerformanceObserver, where the browser has the entry type. */
function browserLongTasks() {
  if (!globalThis.PerformanceObserver?.supportedEntryTypes?.includes('longtask')) return null;
  return () => {
    const entries = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    return {
      // The observer's callback comes later, as a task of its own: take what it has not delivered yet.
      takeRecords: () => [...entries, ...observer.takeRecords()],
      disconnect: () => observer.disconnect(),
    };
  };
}
