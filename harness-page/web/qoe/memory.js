import { quantileSorted } from '../stats.js';

/** How often memory is sampled while inference runs. */
const SAMPLE_INTERVAL_MS = 250;
/**
 * Longest wait for `measureUserAgentSpecificMemory`. The browser may hold the answer back until a
 * garbage collection it chooses (seen for minutes on a loaded 2-core machine, where the eager flag
 * did not help), so a late answer is "not measured" rather than a stalled pass.
 */
const UA_MEMORY_TIMEOUT_MS = 3000;

/**
 * @typedef {object} MemorySample bytes at one moment; a figure the page cannot read is left out,
 *   never reported as 0
 * @property {number} [jsHeapBytes] `performance.memory.usedJSHeapSize`: the page's main-thread JS
 *   heap (not the workers', and not ArrayBuffers such as Wasm memories)
 * @property {number} [jsHeapTotalBytes] `performance.memory.totalJSHeapSize`
 * @property {number} [uaMemoryBytes] `performance.measureUserAgentSpecificMemory()`: everything the
 *   page and its workers hold; only `before` and `after`, see {@link createMemoryCollector}
 * @property {number} wasmBytes the inference's Wasm memories
 * @property {number} [gpuBytes] the inference's GPU buffers (WebGPU engines only)
 * @property {number} footprintBytes jsHeapBytes + wasmBytes + gpuBytes, those present: what the
 *   page holds for inference, comparable between samples of one device
 */

/**
 * A QoE collector for memory: a sample `before` inference (at setup), one every
 * {@link SAMPLE_INTERVAL_MS} `during` it, and one `after` it (at stop). The answer has `during` as
 * the per-figure median of the periodic samples, `peak` as the per-figure maximum of all samples,
 * `growthBytes` as the footprint's change from before to after and `ratioToWeights` as the peak
 * footprint over the model's weights.
 *
 * `measureUserAgentSpecificMemory` is asked only before and after: it walks the whole heap (40-90 ms
 * on the main thread even with `--enable-blink-features=ForceEagerMeasureMemory`, ~10 s without),
 * which would be the biggest jank of the pass if it ran every 250 ms.
 *
 * @param {object} options
 * @param {() => number} options.wasmBytes bytes of the Wasm memories the inference uses
 * @param {() => number} [options.gpuBytes] bytes of its GPU buffers; absent for Wasm engines
 * @param {number} [options.weightsBytes] the model's (or kernel's) weights; without it no ratio
 * @param {() => {usedJSHeapSize: number, totalJSHeapSize: number} | undefined} [options.readHeap]
 *   `performance.memory` where the browser has it
 * @param {(() => Promise<{bytes: number}>) | null} [options.measureUaMemory] the browser's
 *   `measureUserAgentSpecificMemory` where the page may call it (cross-origin isolated)
 * @param {{setInterval: typeof setInterval, clearInterval: typeof clearInterval}} [options.timers]
 * @param {number} [options.uaMemoryTimeoutMs] longest wait for `measureUaMemory`, in real time
 * @returns {import('./run-qoe.js').Collector}
 */
export function createMemoryCollector({
  wasmBytes, gpuBytes, weightsBytes, readHeap = () => performance.memory, measureUaMemory = browserUaMemory(),
  timers = globalThis, uaMemoryTimeoutMs = UA_MEMORY_TIMEOUT_MS,
}) {
  let before;
  const during = [];
  let interval = null;

  /** The figures that are cheap to read, so the periodic samples stay synchronous. */
  const sample = () => {
    const heap = readHeap();
    const taken = {
      ...(heap && { jsHeapBytes: heap.usedJSHeapSize, jsHeapTotalBytes: heap.totalJSHeapSize }),
      wasmBytes: wasmBytes(),
      ...(gpuBytes && { gpuBytes: gpuBytes() }),
    };
    return { ...taken, footprintBytes: (taken.jsHeapBytes ?? 0) + taken.wasmBytes + (taken.gpuBytes ?? 0) };
  };
  const sampleWithUaMemory = async () => {
    const measured = measureUaMemory && await within(uaMemoryTimeoutMs, measureUaMemory());
    return { ...(measured && { uaMemoryBytes: measured.bytes }), ...sample() };
  };
  const stopSampling = () => {
    if (interval !== null) timers.clearInterval(interval);
    interval = null;
  };

  return {
    async setup() {
      before = await sampleWithUaMemory();
    },
    start() {
      interval = timers.setInterval(() => during.push(sample()), SAMPLE_INTERVAL_MS);
    },
    async stop() {
      stopSampling();
      const after = await sampleWithUaMemory();
      const peak = combine([before, ...during, after], (values) => Math.max(...values));
      return {
        intervalMs: SAMPLE_INTERVAL_MS,
        samples: during.length,
        before,
        ...(during.length > 0 && { during: combine(during, median) }),
        after,
        peak,
        growthBytes: after.footprintBytes - before.footprintBytes,
        ...(weightsBytes && { weightsBytes, ratioToWeights: peak.footprintBytes / weightsBytes }),
      };
    },
    teardown: stopSampling,
  };
}

/**
 * One sample made of each figure's `reduce` over `samples`; a figure missing from some samples
 * (the UA memory is only in before and after) is reduced over those that have it.
 */
function combine(samples, reduce) {
  const figures = [...new Set(samples.flatMap(Object.keys))];
  return Object.fromEntries(figures.map((figure) => [
    figure, reduce(samples.filter((s) => Object.hasOwn(s, figure)).map((s) => s[figure])),
  ]));
}

function median(values) {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/** The promise's value, or null if it has not settled within `ms`. */
async function within(ms, promise) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Only a cross-origin isolated page may measure its memory this way. */
function browserUaMemory() {
  const available = globalThis.crossOriginIsolated && typeof performance.measureUserAgentSpecificMemory === 'function';
  return available ? () => performance.measureUserAgentSpecificMemory() : null;
}
