import { expect } from './command-checks.js';
import { describeError } from './errors.js';
import { runMicrobenchmarks as measureDevice } from './microbench/microbenchmarks.js';

/**
 * Turns each agent command into exactly one answer message. Never rejects: whatever a command
 * throws becomes an `error` answer for its id, so one bad command cannot kill the page.
 *
 * @param {object} services
 * @param {(command: object) => Promise<object>} services.runKernel fields of a `run-kernel` result
 * @param {(command: object) => Promise<object>} services.runBaseline fields of a `run-baseline` result
 * @param {(command: object) => Promise<object>} services.runQoe fields of a `run-qoe` result
 * @param {(command: object) => Promise<object>} [services.runModel] fields of a `run-model` result
 * @param {(command: object) => Promise<object>} [services.runModelBaseline] fields of a
 *   `run-model-baseline` result
 * @param {(command: object) => Promise<object>} [services.runMicrobenchmarks] fields of a
 *   `run-microbenchmarks` result; by default the probes of microbench/ in a worker
 * @param {(text: string) => void} [services.showStatus] one line saying what the page is doing
 * @returns {(command: any) => Promise<object>} resolves to `{type: 'result', id, ...}` or
 *   `{type: 'error', id, message}`
 */
export function createCommandHandler({
  runKernel, runBaseline, runQoe, runModel, runModelBaseline, runMicrobenchmarks = measureDevice, showStatus = () => {},
}) {
  /** Runs one measurement, saying on the status line what runs and how it went. */
  const measured = (describe, run) => async (command) => {
    const name = describe(command);
    showStatus(`running ${name}`);
    const result = await run(command);
    showStatus(result.valid
      ? `done: ${name}, median ${result.stats.medianMs.toFixed(3)} ms over ${result.stats.n} samples`
      : `done: ${name} is invalid: ${result.error}`);
    return result;
  };
  const shapeText = (shape) => (Array.isArray(shape) ? shape.join('x') : shape);
  const measuredKernel = measured(({ kernel, threads = 1 }) => {
    const { candidateId, op, shape } = kernel ?? {};
    return `kernel ${candidateId} (${op} ${shapeText(shape)}${threads === 1 ? '' : `, ${threads} threads`})`;
  }, runKernel);
  const handlers = {
    ping: async () => ({}),
    'run-kernel': measuredKernel,
    /**
     * A batch of `run-kernel` commands (the tuner's), one after the other: one answer with a result
     * per kernel, in order. A kernel the page cannot run is `{error}` in its place, never the batch's
     * failure.
     */
    'run-kernels': async ({ kernels }) => {
      expect(Array.isArray(kernels) && kernels.length > 0, 'kernels must be a non-empty list of run-kernel commands', kernels);
      const results = [];
      for (const kernel of kernels) {
        try {
          results.push(await measuredKernel(kernel));
        } catch (error) {
          results.push({ error: describeError(error) });
        }
      }
      return { results };
    },
    'run-baseline': measured(({ engine, op, shape, threads = 1 }) => (
      `baseline ${engine} (${op} ${shapeText(shape)}, ${threads} thread${threads === 1 ? '' : 's'})`
    ), runBaseline),
    'run-model': measured(({ engine, model, threads = 1 }) => (
      `model ${model?.graph?.name} with ${engine} (${threads} thread${threads === 1 ? '' : 's'})`
    ), runModel),
    'run-model-baseline': measured(({ engine, graph, threads = 1 }) => (
      `model ${graph?.name} with baseline ${engine} (${threads} thread${threads === 1 ? '' : 's'})`
    ), runModelBaseline),
    'run-qoe': async (command) => {
      const { kernel, placement, durationMs } = command;
      const name = `QoE of kernel ${kernel?.candidateId} on ${placement} for ${durationMs} ms`;
      showStatus(`running ${name}`);
      const result = await runQoe(command);
      showStatus(`done: ${name}, ${result.inferences} inferences, median ${result.inferenceMedianMs.toFixed(3)} ms`);
      return result;
    },
    'run-microbenchmarks': async (command) => {
      showStatus('running microbenchmarks');
      const result = await runMicrobenchmarks(command);
      showStatus(`done: microbenchmarks in ${result.durationMs.toFixed(0)} ms`);
      return result;
    },
  };

  return async (command) => {
    const id = command?.id ?? null;
    try {
      const type = command?.type;
      if (!Object.hasOwn(handlers, type)) {
        throw new Error(`unknown command type ${JSON.stringify(type)}; known: ${Object.keys(handlers).join(', ')}`);
      }
      return { type: 'result', id, ...(await handlers[type](command)) };
    } catch (error) {
      const message = describeError(error);
      showStatus(`command ${id} failed: ${message}`);
      return { type: 'error', id, message };
    }
  };
}
