import { expect, readMeasure, readSeed, readThreads } from './command-checks.js';
import { evaluate, KernelRejected, stage } from './evaluation.js';
import { MODEL_BASELINE_ENGINES } from './model-baselines/model-engines.js';
import { readExpected, referenceOf, summarizeOutput } from './model-runner.js';
import { fillModelValues } from './model-values.js';
import { measureSamplesAsync } from './sampler.js';

const clock = () => performance.now();

/**
 * A runner for `run-model-baseline` commands: ONNX Runtime Web or TensorFlow.js running the same
 * model graph as `run-model`, with the same seeded weights and inputs, checked and timed by the
 * same rules: the reduced configuration against the agent's float64 reference first, then the full
 * size's setup (graph or session creation, weight upload), first run and steady state.
 *
 * Command: `{engine, threads, seed, measure, graph (GraphJson, full size),
 *   check: {graph (reduced), expected: [float64 output of the reduced graph]}}`.
 *
 * @param {object} [options]
 * @param {Object<string, import('./model-baselines/model-engines.js').ModelBaselineEngine>} [options.engines]
 * @param {URL | null} [options.vendorUrl] where the page serves the engines' files
 * @returns {{runModelBaseline: (command: object) => Promise<object>}} resolves to `{engine, version,
 *   threads, note, valid, error, samplesMs, stats, maxAbsError, maxRelError, setupMs, firstRunMs,
 *   output}` as `run-model`'s answer; rejects when the command is malformed
 */
export function createModelBaselineRunner({ engines = MODEL_BASELINE_ENGINES, vendorUrl = null } = {}) {
  return { runModelBaseline: (command) => runModelBaseline(command, engines, vendorUrl) };
}

async function runModelBaseline(command, engines, vendorUrl) {
  const { engine, graph, check } = command;
  expect(Object.hasOwn(engines, engine), `engine must be one of ${Object.keys(engines).join(', ')}`, engine);
  const measure = readMeasure(command.measure);
  const threads = readThreads(command.threads);
  const seed = readSeed(command.seed);
  for (const [where, candidate] of [['graph', graph], ['check.graph', check?.graph]]) {
    expect(candidate !== null && typeof candidate === 'object' && Array.isArray(candidate.tensors)
      && Array.isArray(candidate.nodes), `${where} must be a graph (GraphJson)`, typeof candidate);
  }
  const expected = readExpected(check.expected, outputElements(check.graph));
  const full = {};
  const judged = await evaluate(referenceOf(expected, check), {
    output: () => withSession(engines[engine], check.graph, threads, seed, vendorUrl, (session, run) => run()),
    samples: () => withSession(engines[engine], graph, threads, seed, vendorUrl, async (session, run, setupMs) => {
      Object.assign(full, { setupMs, version: session.version, threads: session.threads, note: session.note });
      const firstStart = clock();
      full.output = summarizeOutput(await run());
      full.firstRunMs = clock() - firstStart;
      if (full.output.nonFinite > 0) throw new KernelRejected(`${full.output.nonFinite} outputs of the full-size model are not finite`);
      return measureSamplesAsync(run, measure, clock);
    }),
  });
  return {
    engine, version: full.version ?? null, threads: full.threads ?? threads, note: full.note ?? null, ...judged,
    setupMs: full.setupMs ?? null, firstRunMs: full.firstRunMs ?? null, output: full.output ?? null,
  };
}

/** Opens the engine on the graph with its seeded values, runs `use`, and always closes the session. */
async function withSession(engine, graph, threads, seed, vendorUrl, use) {
  const setupStart = clock();
  const tensors = seededTensors(graph, seed);
  const session = await stage('setup failed', () => engine.open({ graph, tensors, threads, vendorUrl }));
  try {
    const inputs = Object.fromEntries(graph.tensors.filter((tensor) => tensor.kind === 'input')
      .map((tensor) => [tensor.id, tensors[tensor.id]]));
    const run = () => stage('run failed', () => session.run(inputs));
    return await use(session, run, clock() - setupStart);
  } finally {
    await session.close();
  }
}

/**
 * Every weight, input and state tensor of the graph with the values `run-model` gives them: the same
 * seeded fill, laid out one after another in a buffer of their own.
 *
 * @returns {Object<string, Float32Array | Int32Array>} by tensor id
 */
export function seededTensors(graph, seed) {
  const valued = graph.tensors.filter((tensor) => tensor.kind !== 'activation');
  const elementsOf = (tensor) => tensor.shape.reduce((product, dim) => product * dim, 1);
  const offsets = {};
  let bytes = 0;
  for (const tensor of valued) {
    offsets[tensor.id] = bytes;
    bytes += 4 * elementsOf(tensor);
  }
  const buffer = new ArrayBuffer(bytes);
  fillModelValues(buffer, graph, offsets, seed);
  return Object.fromEntries(valued.map((tensor) => [tensor.id,
    new (tensor.type === 'i32' ? Int32Array : Float32Array)(buffer, offsets[tensor.id], elementsOf(tensor))]));
}

function outputElements(graph) {
  const output = graph.tensors.find((tensor) => tensor.id === graph.outputs?.[0]);
  expect(output !== undefined, 'check.graph must name its output tensor', graph.outputs);
  return output.shape.reduce((product, dim) => product * dim, 1);
}
