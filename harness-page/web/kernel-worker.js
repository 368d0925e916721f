// A kernel thread: instantiates the page's compiled kernel over its memory and calls it on request.
// Thread 0 (the leader) also runs the sampler, starting each timed call of all threads through the
// shared-memory barrier, so no postMessage lies inside a sample. The same file runs as a browser
// module worker and, for the tests, as a Node worker thread.
import { leadRound, releaseFollowers, serveRounds } from './barrier.js';
import { describeError } from './errors.js';
import { KernelRejected } from './evaluation.js';
import { copyOutput, writeInputs } from './gemm-layout.js';
import { fillModelValues, inputRestorer } from './model-values.js';
import { measureSamples } from './sampler.js';

const clock = () => performance.now();

/** The loaded kernel, replaced by each `load`. */
let kernel = null;

const handlers = {
  /**
   * {module, memory | memoryDescriptor + operands, layout, entryPoint, args, threadIndex,
   * threadCount, barrier}: an unshared memory cannot be posted, so the worker creates it and fills
   * it with the operands it is sent; a shared one arrives filled.
   */
  load(message) {
    kernel = null;
    const { layout, entryPoint, args, threadIndex, threadCount, barrier } = message;
    const memory = message.memory ?? new WebAssembly.Memory(message.memoryDescriptor);
    if (message.operands) writeInputs(memory.buffer, layout, message.operands);
    const entry = entryOf(message.module, memory, entryPoint);
    const share = () => entry(...args);
    const round = threadCount === 1 ? share : () => leadRound(barrier, threadCount, share);
    kernel = { memory, layout, share, round, threadIndex, barrier };
    return {};
  },
  /**
   * A whole model plan: {modules, entryPoints, memory | memoryDescriptor, values: {graph, offsets,
   * seed}, output: {ptr, elements}, args: this thread's calls [[module index, ...i32 arguments]],
   * threadIndex, threadCount, barrier}. Thread 0 fills the weights and inputs (a worker's own
   * unshared memory can only be filled there), and writes the inputs again before each inference. A round is one kernel call by every thread, so an
   * inference is one round per call, all led from here: no postMessage inside an inference. After
   * a failed round the followers are a call ahead of the leader; the plan is then invalid and only
   * `release` may follow.
   */
  'load-model'(message) {
    kernel = null;
    const { modules, entryPoints, values, output, args, threadIndex, threadCount, barrier } = message;
    const memory = message.memory ?? new WebAssembly.Memory(message.memoryDescriptor);
    let restoreInputs = () => {};
    if (threadIndex === 0) {
      fillModelValues(memory.buffer, values.graph, values.offsets, values.seed);
      restoreInputs = inputRestorer(memory.buffer, values.graph, values.offsets);
    }
    const entries = modules.map((module, index) => entryOf(module, memory, entryPoints[index]));
    const calls = args.map(([index, ...callArgs]) => () => entries[index](...callArgs));
    let next = 0;
    const share = () => {
      const call = calls[next];
      next = (next + 1) % calls.length;
      call();
    };
    const round = threadCount === 1 ? () => {
      restoreInputs();
      calls.forEach((call) => call());
    } : () => {
      restoreInputs();
      calls.forEach((call) => leadRound(barrier, threadCount, call));
    };
    kernel = { memory, layout: { output }, share, round, threadIndex, barrier };
    return {};
  },
  /** Leader: one call (or inference) by all threads; answers C (or the model's output). */
  call() {
    attempt('call failed', loaded().round);
    return { c: copyOutput(kernel.memory.buffer, kernel.layout) };
  },
  /** Leader: warm-ups and samples of calls by all threads. */
  measure({ measure }) {
    const { round } = loaded();
    return { samplesMs: attempt('call failed while timing', () => measureSamples(round, measure, clock)) };
  },
  /** Follower: blocks in the barrier, one share per round, until the leader's `release`. */
  serve() {
    const { barrier, threadIndex, share } = loaded();
    serveRounds(barrier, threadIndex, share);
    return {};
  },
  /** Leader: lets the followers out of `serve`. */
  release() {
    releaseFollowers(loaded().barrier);
    return {};
  },
};

function entryOf(module, memory, entryPoint) {
  const instance = attempt('instantiate failed', () => new WebAssembly.Instance(module, { env: { memory } }));
  const entry = instance.exports[entryPoint];
  if (typeof entry !== 'function') throw new KernelRejected(`module exports no function "${entryPoint}"`);
  return entry;
}

/** The synchronous twin of evaluation.js's `stage`: a worker's steps do not await. */
function attempt(failure, step) {
  try {
    return step();
  } catch (error) {
    throw new KernelRejected(`${failure}: ${describeError(error)}`);
  }
}

function loaded() {
  if (!kernel) throw new Error('no kernel is loaded');
  return kernel;
}

/**
 * One reply per message, in order: `{ok: true, ...fields}` or `{ok: false, fatal, error}`; a
 * KernelRejected is the kernel's fault (an invalid kernel), anything else (`fatal: true`) the page's.
 */
function handle(message) {
  try {
    return { ok: true, ...handlers[message.type](message) };
  } catch (error) {
    const fatal = !(error instanceof KernelRejected);
    return { ok: false, fatal, error: fatal ? describeError(error) : error.message };
  }
}

// A browser worker's global scope is its port to the page; a Node worker thread has parentPort.
const port = typeof WorkerGlobalScope === 'undefined' ? (await import('node:worker_threads')).parentPort : globalThis;
port.addEventListener('message', (event) => {
  const reply = handle(event.data);
  // Typed arrays in the reply (C) are moved, not copied.
  port.postMessage(reply, Object.values(reply).filter(ArrayBuffer.isView).map((view) => view.buffer));
});
