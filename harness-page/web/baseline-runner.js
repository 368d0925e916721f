import { naiveJs } from './baselines/naive-js.js';
import { ortWeb } from './baselines/ort-web.js';
import { tfjs } from './baselines/tfjs.js';
import { expect, readMeasure, readSeed, readThreads } from './command-checks.js';
import { evaluate, stage } from './evaluation.js';
import { createInputCache } from './gemm-inputs.js';
import { readGemmProblem } from './gemm-problem.js';
import { measureSamplesAsync } from './sampler.js';

const clock = () => performance.now();

/**
 * @typedef {object} BaselineSetup
 * @property {import('./gemm-problem.js').GemmProblem} problem what to compute
 * @property {Object<string, Float32Array>} constants the inputs that are not fed per inference
 *   (the weight, the bias), for the engine to hold as constants as a model would
 * @property {number} threads as the command asks
 * @property {URL | null} vendorUrl where the page serves the engines' files; null in Node, where
 *   the packages find their own
 */

/**
 * @typedef {object} BaselineSession one engine set up for one shape and weight
 * @property {string | null} version the engine package's
 * @property {number} threads the threads the engine actually uses
 * @property {string | null} note anything done to the engine that a reader of its numbers must know
 * @property {(fed: Object<string, Float32Array>) => Float32Array | Promise<Float32Array>} run C from
 *   the fed inputs (the problem's `fed`: A, or A and B), one inference
 * @property {() => unknown} close frees the session
 */

/**
 * @typedef {object} BaselineEngine
 * @property {(setup: BaselineSetup) => Promise<BaselineSession>} open everything that counts as
 *   setup (runtime start, session or graph creation, weight upload); rejects with a BadCommand
 *   when the page can never meet the request (e.g. another thread count than the running one)
 */

/** The engines by their wire name. Each keeps its runtime for the page's lifetime. */
export const BASELINE_ENGINES = Object.freeze({ 'ort-web': ortWeb, tfjs, 'naive-js': naiveJs });

/**
 * A runner for `run-baseline` commands: another engine's MatMul, batched MatMul or Linear on the
 * inputs, check and sampling rules of `run-kernel`. Runs on the page's main thread, where the engines start their own workers.
 *
 * @param {object} [options]
 * @param {(problem: import('./gemm-problem.js').GemmProblem, seed: number) => import('./gemm-inputs.js').GemmInputs} [options.inputsFor]
 *   the page's input cache, shared with the kernels
 * @param {Object<string, BaselineEngine>} [options.engines]
 * @param {URL | null} [options.vendorUrl] see {@link BaselineSetup}
 * @returns {{runBaseline: (command: object) => Promise<object>}} `runBaseline` resolves to the
 *   fields of the `result` answer; it rejects when the command is malformed or cannot be honoured
 */
export function createBaselineRunner({ inputsFor = createInputCache(), engines = BASELINE_ENGINES, vendorUrl = null } = {}) {
  return { runBaseline: (command) => runBaseline(command, inputsFor, engines, vendorUrl) };
}

async function runBaseline(command, inputsFor, engines, vendorUrl) {
  const { engine } = command;
  expect(Object.hasOwn(engines, engine), `engine must be one of ${Object.keys(engines).join(', ')}`, engine);
  const problem = readGemmProblem(command);
  const measure = readMeasure(command.measure);
  const seed = readSeed(command.seed);
  const threads = readThreads(command.threads);
  const { operands, reference } = inputsFor(problem, seed);
  const pick = (fed) => Object.fromEntries(Object.entries(operands).filter(([name]) => problem.fed.includes(name) === fed));
  const fed = pick(true);
  const constants = pick(false);

  let setupMs = null;
  let firstRunMs = null;
  let session = null;
  try {
    const judged = await evaluate(reference, {
      output: async () => {
        const setupStart = clock();
        session = await stage('setup failed', () => engines[engine].open({ problem, constants, threads, vendorUrl }));
        setupMs = clock() - setupStart;
        const runStart = clock();
        const c = await stage('first run failed', () => session.run(fed));
        firstRunMs = clock() - runStart;
        return c;
      },
      samples: () => stage('run failed while timing', () => measureSamplesAsync(() => session.run(fed), measure, clock)),
    });
    const { valid, error, samplesMs, stats, maxAbsError, maxRelError } = judged;
    return {
      engine, threads: session?.threads ?? threads, valid, error, setupMs, firstRunMs, compileMs: 0,
      samplesMs, stats, maxAbsError, maxRelError, version: session?.version ?? null, note: session?.note ?? null,
    };
  } finally {
    await session?.close();
  }
}
