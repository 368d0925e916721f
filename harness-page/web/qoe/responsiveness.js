import { quantileSorted } from '../stats.js';

/** Synthetic input events per second: a fast typist's pace, so most calls of a 30-50 ms kernel see one. */
const EVENTS_PER_SECOND = 20;
/** The kind of input: a press, whose handler would start the app's reaction to a click or tap. */
const EVENT_TYPE = 'pointerdown';

/**
 * A QoE collector for responsiveness: from start to stop, a synthetic input event is due every
 * 1 / {@link EVENTS_PER_SECOND} s on a fixed schedule, and each event's delay is the time from
 * when it was due to when its listener starts.
 *
 * Why from when it was due: a user's input arrives whatever the page is doing. If the main thread
 * is busy, the task that stands for the user runs late, and the event would have waited just as
 * long, so the delay is measured from the schedule, not from the late dispatch (which would hide
 * exactly the blocking we look for). Events that fell due during one block are all dispatched
 * when it ends, each measured from its own due time, as queued input would be.
 *
 * The events are dispatched from `user-blocking` tasks (`scheduler.postTask`), because Chromium
 * runs real input ahead of ordinary tasks: from a plain timer, an event that falls due during an
 * inference on the main thread would also wait behind the loop's next inference (its yield was
 * queued first), about doubling the delay. Still an approximation of real input, which comes
 * through the browser's input pipeline; an idle page shows the scheduler's own slack (~1 ms).
 *
 * @param {object} options
 * @param {EventTarget} options.target where the events are dispatched, e.g. an element of the page
 * @param {(type: string) => Event} [options.createEvent] one input event of the type
 * @param {() => number} [options.clock] milliseconds
 * @param {{setTimeout: typeof setTimeout, clearTimeout: typeof clearTimeout}} [options.timers] by
 *   default user-blocking tasks where the browser has `scheduler.postTask`, else plain timers
 * @returns {import('./run-qoe.js').Collector}
 */
export function createResponsivenessCollector({
  target,
  createEvent = (type) => new PointerEvent(type, { bubbles: true }),
  clock = () => performance.now(),
  timers = inputPriorityTimers(),
}) {
  const periodMs = 1000 / EVENTS_PER_SECOND;
  const delaysMs = [];
  let dueMs = null;
  let nextDueMs;
  let timer = null;

  const listener = () => {
    if (dueMs !== null) delaysMs.push(clock() - dueMs);
  };
  /** Dispatches every event that is due by now, each stamped with its own due time. */
  const dispatchDue = () => {
    while (nextDueMs <= clock()) {
      dueMs = nextDueMs;
      target.dispatchEvent(createEvent(EVENT_TYPE));
      nextDueMs += periodMs;
    }
    dueMs = null;
  };
  const tick = () => {
    dispatchDue();
    timer = timers.setTimeout(tick, Math.max(0, nextDueMs - clock()));
  };
  const release = () => {
    timers.clearTimeout(timer);
    timer = null;
    target.removeEventListener(EVENT_TYPE, listener);
  };

  return {
    setup() {
      target.addEventListener(EVENT_TYPE, listener);
    },
    start() {
      nextDueMs = clock() + periodMs;
      timer = timers.setTimeout(tick, periodMs);
    },
    async stop() {
      timers.clearTimeout(timer);
      timer = null;
      dispatchDue(); // those that fell due while the last inference ran
      release();
      return { eventsPerSecond: EVENTS_PER_SECOND, ...summarizeDelays(delaysMs) };
    },
    teardown: release,
  };
}

/**
 * @param {number[]} delaysMs one per handled event
 * @returns {{events: number, p50DelayMs?: number, p95DelayMs?: number, maxDelayMs?: number}}
 *   the percentiles are left out without events
 */
export function summarizeDelays(delaysMs) {
  if (delaysMs.length === 0) return { events: 0 };
  const sorted = Float64Array.from(delaysMs).sort();
  return {
    events: sorted.length,
    p50DelayMs: quantileSorted(sorted, 0.5),
    p95DelayMs: quantileSorted(sorted, 0.95),
    maxDelayMs: sorted[sorted.length - 1],
  };
}

/** setTimeout and clearTimeout whose callbacks run at the priority of input where the browser can. */
function inputPriorityTimers() {
  if (typeof globalThis.scheduler?.postTask !== 'function') return globalThis;
  return {
    setTimeout: (callback, delayMs) => {
      const controller = new TaskController({ priority: 'user-blocking' });
      // An aborted task's promise rejects: that is how clearTimeout works here, not a failure.
      scheduler.postTask(callback, { signal: controller.signal, delay: delayMs }).catch(() => {});
      return controller;
    },
    clearTimeout: (controller) => controller?.abort(),
  };
}
