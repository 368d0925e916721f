import { startOrt } from '../baselines/ort-runtime.js';
import { startTfjs } from '../baselines/tfjs-runtime.js';
import { onnxModel } from './onnx-model.js';
import { tfjsModel } from './tfjs-model.js';

/**
 * @typedef {object} ModelBaselineSetup
 * @property {import('./graph-lowering.js').ModelGraph} graph the graph JSON
 * @property {Object<number, Float32Array | Int32Array>} tensors tensor id -> values of every weight
 *   and state tensor (more, such as the inputs, may be given and are left alone)
 * @property {number} threads as the command asks; the runtime keeps the count it started with,
 *   shared with the single-op baselines
 * @property {URL | null} vendorUrl where the page serves the engines' files; null in Node
 */

/**
 * @typedef {object} ModelBaselineSession one engine set up for one graph and its weights
 * @property {string | null} version the engine package's
 * @property {number} threads the threads the engine actually uses
 * @property {string | null} note anything done to the engine that a reader of its numbers must know
 * @property {(inputs: Object<number, Float32Array | Int32Array>) => Float32Array | Promise<Float32Array>} run
 *   the graph's output from its input tensors by id, one inference
 * @property {() => unknown} close frees the session
 */

/**
 * @typedef {object} ModelBaselineEngine
 * @property {(setup: ModelBaselineSetup) => Promise<ModelBaselineSession>} open everything that
 *   counts as setup (runtime start, model build, session or weight upload); rejects with a
 *   BadCommand for another thread count than the running one, with an Error naming the op for an
 *   op the engine cannot run
 */

/**
 * ONNX Runtime Web, wasm execution provider, on the graph built as an ONNX model by {@link onnxModel}.
 * @type {ModelBaselineEngine}
 */
export const ortWebModel = {
  async open({ graph, tensors, threads, vendorUrl }) {
    const ort = await startOrt(threads, vendorUrl);
    const { bytes, inputNames, outputName } = onnxModel(graph, tensors);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const inputs = graph.tensors.filter((tensor) => Object.hasOwn(inputNames, tensor.id));
    return {
      version: ort.env.versions.web,
      threads,
      note: null,
      run: async (fed) => {
        const feeds = Object.fromEntries(inputs.map(({ id, name, type, shape }) => {
          if (!fed[id]) throw new Error(`no value given for input ${name} (tensor ${id})`);
          return [inputNames[id], new ort.Tensor(type === 'i32' ? 'int32' : 'float32', fed[id], shape)];
        }));
        return (await session.run(feeds))[outputName].data;
      },
      close: () => session.release(),
    };
  },
};

/**
 * TensorFlow.js, wasm backend, on the graph as tfjs-core ops by {@link tfjsModel}.
 * @type {ModelBaselineEngine}
 */
export const tfjsModelEngine = {
  async open({ graph, tensors, threads, vendorUrl }) {
    const { core, backend, note } = await startTfjs(threads, vendorUrl);
    const model = tfjsModel(core, graph, tensors);
    return {
      version: backend.version_wasm,
      threads: backend.getThreadsCount(),
      note,
      run: (inputs) => model.run(inputs),
      close: () => model.dispose(),
    };
  },
};

/** The model baselines by their wire name, the single-op baselines' names. */
export const MODEL_BASELINE_ENGINES = Object.freeze({ 'ort-web': ortWebModel, tfjs: tfjsModelEngine });
