import assert from 'node:assert/strict';
import test from 'node:test';
import * as os from 'node:os';
import * as workerThreads from 'node:worker_threads';
import { createCommandHandler } from '../command-handler.js';
import { BUDGET_LIMITS } from '../microbench/plan.js';
import { requestOnce } from '../microbench/worker-request.js';

/**
 * Gives this Node thread what the microbenchmark code uses of a browser worker scope: `Worker`
 * (module workers), `self`, `postMessage`/`onmessage` towards the parent, and
 * `navigator.hardwareConcurrency`. Each Node worker it starts runs it again first, so workers can
 * start workers, as the bench worker does. It is stringified into the workers' bootstrap, so it
 * may only use its arguments.
 */
function installBrowserWorkerGlobals(threads, system) {
  const bootstrap = `(${installBrowserWorkerGlobals})(require('node:worker_threads'), require('node:os'));
    const { parentPort, workerData } = require('node:worker_threads');
    // Listening only once the module ran: a browser, too, delivers no message before that.
    import(workerData.url).then(() => parentPort.on('message', (data) => globalThis.onmessage({ data })));`;
  globalThis.self = globalThis;
  globalThis.navigator ??= { hardwareConcurrency: system.availableParallelism() };
  if (threads.parentPort) globalThis.postMessage = (data) => threads.parentPort.postMessage(data);
  globalThis.Worker = class {
    #thread;

    constructor(url) {
      this.#thread = new threads.Worker(bootstrap, { eval: true, workerData: { url: String(url) } });
      this.#thread.on('message', (data) => this.onmessage?.({ data }));
      this.#thread.on('error', (error) => this.onerror?.({ message: String(error) }));
    }

    postMessage(message) {
      this.#thread.postMessage(message);
    }

    terminate() {
      this.#thread.terminate();
    }
  };
}

installBrowserWorkerGlobals(workerThreads, os);

const BUDGET_MS = BUDGET_LIMITS.minMs;
const isSampleList = (samples, repeats) => samples.length === repeats && samples.every((s) => Number.isFinite(s) && s > 0);

test('run-microbenchmarks answers raw samples of every probe, in the documented shape, within budget', async () => {
  const statuses = [];
  const handle = createCommandHandler({ runKernel: assert.fail, runBaseline: assert.fail, showStatus: (s) => statuses.push(s) });
  const started = performance.now();
  const answer = await handle({ type: 'run-microbenchmarks', id: 5, budgetMs: BUDGET_MS });
  const elapsedMs = performance.now() - started;
  assert.equal(answer.type, 'result', answer.message);
  assert.equal(answer.id, 5);
  assert.deepEqual(Object.keys(answer).sort(), ['durationMs', 'id', 'probes', 'type']);
  assert.ok(answer.durationMs > 0 && answer.durationMs <= elapsedMs);
  assert.ok(elapsedMs < BUDGET_MS, `took ${elapsedMs} ms of a ${BUDGET_MS} ms budget`);

  const { registers, cache, fma, threads } = answer.probes;
  const repeats = registers.repeats;
  assert.ok(repeats >= 3);
  assert.deepEqual(Object.keys(answer.probes), ['registers', 'cache', 'fma', 'threads']);

  assert.equal(registers.unit, 'ns/update');
  assert.deepEqual(registers.points.map((p) => p.accumulators), [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]);
  assert.ok(registers.points.every((p) => isSampleList(p.samples, repeats)));

  assert.equal(cache.unit, 'ns/load');
  assert.equal(cache.repeats, repeats);
  assert.equal(cache.lineBytes, 64);
  assert.equal(cache.points[0].bytes, 4096);
  assert.equal(cache.points.at(-1).bytes, 8 << 20);
  assert.ok(cache.points.every((p) => isSampleList(p.samples, repeats)));

  assert.equal(fma.unit, 'ns/update');
  assert.equal(fma.repeats, repeats);
  assert.equal(fma.accumulators, 8);
  assert.ok(isSampleList(fma.mulAdd, repeats));
  assert.equal(fma.relaxedMadd, null, 'Node 20 without --experimental-wasm-relaxed-simd');

  assert.equal(threads.unit, 'ms');
  assert.equal(threads.repeats, repeats);
  assert.deepEqual(threads.points.map((p) => p.threads), Array.from({ length: os.availableParallelism() }, (_, i) => i + 1));
  assert.ok(threads.points.every((p) => isSampleList(p.samples, repeats)));

  assert.deepEqual(statuses, ['running microbenchmarks', `done: microbenchmarks in ${answer.durationMs.toFixed(0)} ms`]);
});

test('a budget out of range is an error answer', async () => {
  const handle = createCommandHandler({ runKernel: assert.fail, runBaseline: assert.fail });
  const answer = await handle({ type: 'run-microbenchmarks', id: 6, budgetMs: 50 });
  assert.deepEqual(answer, { type: 'error', id: 6, message: 'RangeError: budgetMs must be a number from 1000 to 60000, got 50' });
});

/** Stands for a Worker: records what is posted; the test plays the worker's side. */
function fakeWorker() {
  return {
    posted: [], onmessage: null, onerror: null,
    postMessage(message) {
      this.posted.push(message);
    },
  };
}

test('requestOnce resolves with the first reply and lets go of the worker', async () => {
  const worker = fakeWorker();
  const reply = requestOnce(worker, { budgetMs: 1000 });
  assert.deepEqual(worker.posted, [{ budgetMs: 1000 }]);
  worker.onmessage({ data: { probes: 1 } });
  assert.deepEqual(await reply, { probes: 1 });
  assert.equal(worker.onmessage, null);
  assert.equal(worker.onerror, null);
});

test('requestOnce rejects on an error reply, an error event, or no reply in time', async () => {
  const failing = fakeWorker();
  const failed = requestOnce(failing, {});
  failing.onmessage({ data: { error: 'RangeError: too big' } });
  await assert.rejects(failed, { message: 'RangeError: too big' });

  const unloadable = fakeWorker();
  const unloaded = requestOnce(unloadable, {});
  unloadable.onerror({}); // how a module worker that failed to load reports
  await assert.rejects(unloaded, { message: 'worker failed: could not load its script' });

  await assert.rejects(requestOnce(fakeWorker(), {}, 10), { message: 'no answer from the worker within 10 ms' });
});
