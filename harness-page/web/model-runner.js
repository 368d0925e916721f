import { expect, readMeasure, readSeed, readThreads } from './command-checks.js';
import { evaluate, KernelRejected, stage } from './evaluation.js';
import { PAGE_BYTES } from './gemm-layout.js';
import { startKernelThreads } from './kernel-threads.js';
import { createWorkerPool, spawnBrowserWorker } from './worker-pool.js';

const clock = () => performance.now();
/** Output values returned as they are, so baselines can be compared with ours later. */
const OUTPUT_PREFIX = 16;

/**
 * A runner for `run-model` commands: one engine's plan of a whole model (jit's ExecutionPlan with
 * the engine's kernels), checked first on a reduced configuration of the same model against the
 * agent's float64 reference (the full size has no cheap reference), then run at full size: setup
 * (module compiles, memory, weights fill, workers loaded), the first inference, and the steady state
 * under the sampler's rules. Workers as for kernels: one per thread, kept between commands.
 *
 * A plan (`model`, and `check` with its `expected` output) is
 * `{graph, memory: {initial, maximum, shared}, offsets: {tensor id: byte offset},
 *   output: {ptr, elements}, kernels: [{entryPoint, module (base64)}],
 *   calls: [{kernel, args: [i32 arguments of thread 0, of thread 1, ...]}]}`.
 *
 * @param {object} [options]
 * @param {() => import('./worker-pool.js').SpawnedWorker} [options.spawnWorker]
 * @returns {{runModel: (command: object) => Promise<object>, close: () => void}} `runModel` resolves
 *   to `{valid, error, samplesMs, stats, maxAbsError, maxRelError, threads, setupMs, firstRunMs,
 *   output}`: the errors are the check's, the rest the full size's, `output` its
 *   `{elements, first (a prefix), sum, sumAbs, nonFinite}`; it rejects when the command is malformed
 */
export function createModelRunner({ spawnWorker = spawnBrowserWorker } = {}) {
  const pool = createWorkerPool(spawnWorker);
  return { runModel: (command) => runModel(command, pool), close: pool.terminate };
}

async function runModel(command, pool) {
  const measure = readMeasure(command.measure);
  const threads = readThreads(command.threads);
  const seed = readSeed(command.seed);
  const check = readPlan(command.check, threads, 'check.');
  const model = readPlan(command.model, threads, 'model.');
  const expected = readExpected(command.check?.expected, check.output.elements);
  const full = {};
  const judged = await evaluate(referenceOf(expected, check), {
    output: () => withPlan(pool, check, threads, seed, (loaded) => loaded.call()),
    samples: () => withPlan(pool, model, threads, seed, async (loaded, setupMs) => {
      const firstStart = clock();
      const output = await loaded.call();
      full.firstRunMs = clock() - firstStart;
      full.setupMs = setupMs;
      full.output = summarizeOutput(output);
      if (full.output.nonFinite > 0) throw new KernelRejected(`${full.output.nonFinite} outputs of the full-size model are not finite`);
      return loaded.measure(measure);
    }),
  });
  return { ...judged, threads, setupMs: full.setupMs ?? null, firstRunMs: full.firstRunMs ?? null, output: full.output ?? null };
}

/** Loads the plan on the workers, runs `use(loaded, setupMs)`, and always lets the workers go. */
async function withPlan(pool, plan, threads, seed, use) {
  const setupStart = clock();
  const modules = await Promise.all(plan.kernels.map(({ bytes }) => stage('compile failed', () => WebAssembly.compile(bytes))));
  const memory = plan.memory.shared ? { memory: new WebAssembly.Memory(plan.memory) } : { memoryDescriptor: plan.memory };
  const load = {
    type: 'load-model', modules, entryPoints: plan.kernels.map(({ entryPoint }) => entryPoint), ...memory,
    values: { graph: plan.graph, offsets: plan.offsets, seed }, output: plan.output,
  };
  const callsOf = (threadIndex) => plan.calls.map(({ kernel, args }) => [kernel, ...args[threadIndex]]);
  const loaded = await startKernelThreads(pool.acquire(threads), load, callsOf);
  try {
    return await use(loaded, clock() - setupStart);
  } finally {
    await loaded.close();
  }
}

/** The check's reference: every element scaled by the output's largest magnitude, as jit's PlanExecutionTest. */
export function referenceOf(expected, check) {
  const scale = expected.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
  const cols = check.graph.tensors.find((tensor) => tensor.id === check.graph.outputs[0])?.shape.at(-1) ?? expected.length;
  return { values: expected, magnitudes: new Float64Array(expected.length).fill(scale), cols };
}

/** A short prefix, a checksum and the count of non-finite values: enough to compare engines later. */
export function summarizeOutput(output) {
  let sum = 0;
  let sumAbs = 0;
  let nonFinite = 0;
  for (const value of output) {
    if (!Number.isFinite(value)) nonFinite++;
    else {
      sum += value;
      sumAbs += Math.abs(value);
    }
  }
  return { elements: output.length, first: Array.from(output.subarray(0, OUTPUT_PREFIX)), sum, sumAbs, nonFinite };
}

function readPlan(plan, threads, where) {
  expect(plan !== null && typeof plan === 'object', `${where} must be a plan object`, typeof plan);
  const { graph, memory, offsets, output, kernels, calls } = plan;
  expect(graph !== null && typeof graph === 'object' && Array.isArray(graph.tensors) && Array.isArray(graph.nodes),
    `${where}graph must be a graph (GraphJson)`, typeof graph);
  expect(memory !== null && typeof memory === 'object' && Number.isInteger(memory.initial), `${where}memory must be {initial, maximum, shared}`, memory);
  expect(!memory.shared || typeof SharedArrayBuffer === 'function', 'a shared memory needs a cross-origin isolated page', memory);
  expect(memory.shared || threads === 1, 'a plan on more than one thread needs a shared memory', memory);
  expect(offsets !== null && typeof offsets === 'object', `${where}offsets must map tensor ids to byte offsets`, offsets);
  expect(output !== null && Number.isInteger(output?.ptr) && Number.isInteger(output?.elements)
    && output.ptr + 4 * output.elements <= memory.initial * PAGE_BYTES, `${where}output must be {ptr, elements} inside the memory`, output);
  expect(Array.isArray(kernels) && kernels.length > 0, `${where}kernels must be a non-empty list`, kernels?.length);
  expect(Array.isArray(calls) && calls.length > 0, `${where}calls must be a non-empty list`, calls?.length);
  for (const call of calls) {
    expect(Number.isInteger(call?.kernel) && call.kernel >= 0 && call.kernel < kernels.length, `${where}calls[].kernel must index kernels`, call?.kernel);
    expect(Array.isArray(call.args) && call.args.length === threads, `${where}calls[].args must hold one argument list per thread`, call.args?.length);
  }
  return {
    graph, offsets, output, calls,
    memory: { initial: memory.initial, maximum: memory.maximum ?? undefined, shared: memory.shared === true },
    kernels: kernels.map(({ entryPoint, module }) => {
      expect(typeof entryPoint === 'string' && typeof module === 'string', `${where}kernels[] must be {entryPoint, module (base64)}`, entryPoint);
      return { entryPoint, bytes: Uint8Array.from(atob(module), (char) => char.charCodeAt(0)) };
    }),
  };
}

export function readExpected(expected, elements) {
  expect(Array.isArray(expected) && expected.length === elements && expected.every(Number.isFinite),
    `check.expected must be the ${elements} reference values of check's output`, expected?.length);
  return Float64Array.from(expected);
}
