import { expect } from '../command-checks.js';
import { placeableKernel } from '../kernel-runner.js';
import { createInputCache } from '../gemm-inputs.js';
import { quantileSorted } from '../stats.js';
import { createWorkerPool, spawnBrowserWorker } from '../worker-pool.js';
import { inferRepeatedly, placeOnMainThread, placeOnWorkers } from './placement.js';

/**
 * @typedef {object} Collector one quality-of-experience probe of one pass; each step runs once,
 *   in this order
 * @property {() => Promise<void> | void} setup before inference: listeners, observers, baselines
 *   (the idle frame interval, memory before)
 * @property {() => void} start inference begins
 * @property {() => Promise<object>} stop inference has ended; resolves to the collector's fields
 *   of the answer
 * @property {() => void} teardown releases listeners, timers and observers; safe after any step
 *   and more than once
 */

/**
 * @typedef {(context: {wasmBytes: () => number, weightsBytes?: number}) => Collector} CollectorFactory
 *   a fresh collector for a pass over the kernel `context` describes
 */

/**
 * The collectors a command may ask for, in the order they are set up (and stopped in reverse): the
 * memory collector's heap measurement, tens of ms of main-thread work, then lies outside the input
 * and frame windows, and the frame window lies closest around the inferences.
 */
const COLLECTORS = Object.freeze(['memory', 'responsiveness', 'frames']);
const PLACEMENTS = Object.freeze(['main', 'worker']);
/** Untimed inferences first: the first calls run code the engine has not optimized yet. */
const WARMUP_INFERENCES = 3;
/**
 * Overhead passes (none, then each collector alone) are run in this many interleaved rounds, so a
 * slow spell of a shared machine hits every configuration alike instead of the one it fell on.
 */
const OVERHEAD_ROUNDS = 3;
const DEFAULT_OVERHEAD_PASS_MS = 300;
const MAX_DURATION_MS = 60000;

/**
 * A runner for `run-qoe` commands: a kernel runs back to back for `durationMs`, on the page's main
 * thread or on workers, while the chosen collectors watch what that does to the page: memory,
 * frames, input delay.
 *
 * Each collector's own cost is measured first, in short passes: the median inference time with no
 * collector, and with each collector alone, over {@link OVERHEAD_ROUNDS} interleaved rounds;
 * `overheadPct` is the relative difference of the medians. The collectors do microseconds of work
 * per event, so what it shows is mostly the noise of short passes: a few percent on a quiet
 * machine, tens of percent on a loaded one. The whole command takes about
 * 3 x (1 + collectors) x overheadPassMs + durationMs, plus 0.5 s per pass with frames (its idle
 * phase) and ~0.1 s per pass with memory (its heap measurements).
 *
 * @param {object} options
 * @param {Record<string, CollectorFactory>} options.collectors one factory per name of {@link COLLECTORS}
 * @param {(problem: import('../gemm-problem.js').GemmProblem, seed: number) => import('../gemm-inputs.js').GemmInputs} [options.inputsFor]
 *   the page's input cache
 * @param {() => import('../worker-pool.js').SpawnedWorker} [options.spawnWorker]
 * @param {() => number} [options.clock] milliseconds
 * @returns {{runQoe: (command: object) => Promise<object>, close: () => void}} `runQoe` resolves
 *   to the fields of the `result` answer and rejects when the command is malformed or the kernel
 *   fails (an `error` answer); `close` terminates the workers
 */
export function createQoeRunner({
  collectors, inputsFor = createInputCache(), spawnWorker = spawnBrowserWorker, clock = () => performance.now(),
}) {
  const pool = createWorkerPool(spawnWorker);
  return { runQoe: (command) => runQoe(command, { collectors, inputsFor, pool, clock }), close: pool.terminate };
}

async function runQoe(command, { collectors, inputsFor, pool, clock }) {
  const { placement: where, durationMs, chosen, weightsBytes, overheadPassMs } = readQoeCommand(command);
  const kernel = placeableKernel(command, inputsFor);
  expect(where === 'worker' || kernel.threads === 1, 'placement "main" runs one thread', command.threads);
  const placement = where === 'main' ? await placeOnMainThread(kernel) : await placeOnWorkers(kernel, pool);
  try {
    for (let i = 0; i < WARMUP_INFERENCES; i++) {
      await placement.infer();
      await placement.pause();
    }
    const context = { wasmBytes: placement.wasmBytes, ...(weightsBytes !== undefined && { weightsBytes }) };
    /** Inferences for `passMs` with the named collectors watching. */
    const pass = (names, passMs) => watched(names.map((name) => collectors[name](context)),
      () => inferRepeatedly(placement, passMs, clock));

    const overhead = overheadPassMs > 0 ? await measureOverheads(chosen, pass, overheadPassMs) : null;
    const { samplesMs, fields } = await pass(chosen, durationMs);
    return {
      placement: where,
      threads: kernel.threads,
      durationMs,
      inferences: samplesMs.length,
      inferenceMedianMs: median(samplesMs),
      ...(overhead && { overheadPassMs, uninstrumentedMedianMs: overhead.uninstrumentedMedianMs }),
      ...Object.fromEntries(chosen.map((name, i) => [name, {
        ...fields[i], ...(overhead && { overheadPct: overhead.overheadPct[name] }),
      }])),
    };
  } finally {
    await placement.close();
  }
}

/**
 * The inference median without collectors, and each collector's cost relative to it.
 *
 * @param {string[]} chosen
 * @param {(names: string[], passMs: number) => Promise<{samplesMs: number[]}>} pass
 * @param {number} passMs
 * @returns {Promise<{uninstrumentedMedianMs: number, overheadPct: Record<string, number>}>}
 */
async function measureOverheads(chosen, pass, passMs) {
  const configurations = [[], ...chosen.map((name) => [name])];
  const samplesMs = configurations.map(() => []);
  for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
    for (const [i, names] of configurations.entries()) samplesMs[i].push(...(await pass(names, passMs)).samplesMs);
  }
  const [uninstrumentedMedianMs, ...withCollectorMs] = samplesMs.map(median);
  return {
    uninstrumentedMedianMs,
    overheadPct: Object.fromEntries(chosen.map((name, i) => [name, (withCollectorMs[i] / uninstrumentedMedianMs - 1) * 100])),
  };
}

/**
 * Runs `infer` inside the collectors' life cycles: set up in order, started, stopped in reverse
 * order, and torn down whatever happens.
 *
 * @returns {Promise<{samplesMs: number[], fields: object[]}>} the collectors' fields in their order
 */
async function watched(collectors, infer) {
  try {
    for (const collector of collectors) await collector.setup();
    collectors.forEach((collector) => collector.start());
    const samplesMs = await infer();
    const fields = [];
    for (const collector of [...collectors].reverse()) fields.unshift(await collector.stop());
    return { samplesMs, fields };
  } finally {
    collectors.forEach((collector) => collector.teardown());
  }
}

/** The command's QoE fields, checked; its kernel, threads and seed are read as `run-kernel`'s. */
function readQoeCommand({ placement, durationMs, collectors, weightsBytes, overheadPassMs = DEFAULT_OVERHEAD_PASS_MS }) {
  expect(PLACEMENTS.includes(placement), `placement must be one of ${PLACEMENTS.join(', ')}`, placement);
  const isDuration = (ms) => Number.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS;
  expect(isDuration(durationMs) && durationMs > 0, `durationMs must be a number in (0, ${MAX_DURATION_MS}]`, durationMs);
  expect(isDuration(overheadPassMs), `overheadPassMs must be a number in [0, ${MAX_DURATION_MS}]`, overheadPassMs);
  expect(Array.isArray(collectors) && collectors.every((name) => COLLECTORS.includes(name))
    && new Set(collectors).size === collectors.length,
  `collectors must be distinct names out of ${COLLECTORS.join(', ')}`, collectors);
  expect(weightsBytes === undefined || (Number.isSafeInteger(weightsBytes) && weightsBytes > 0),
    'weightsBytes must be a positive integer when present', weightsBytes);
  return {
    placement, durationMs, overheadPassMs, weightsBytes,
    chosen: COLLECTORS.filter((name) => collectors.includes(name)),
  };
}

function median(samplesMs) {
  return quantileSorted(Float64Array.from(samplesMs).sort(), 0.5);
}
