import { describeError } from './errors.js';

/**
 * Turns each agent command into exactly one answer message. Never rejects: whatever a command
 * throws becomes an `error` answer for its id, so one bad command cannot kill the page.
 *
 * @param {object} services
 * @param {(command: object) => Promise<object>} services.runKernel fields of a `run-kernel` result
 * @param {(text: string) => void} [services.showStatus] one line saying what the page is doing
 * @returns {(command: any) => Promise<object>} resolves to `{type: 'result', id, ...}` or
 *   `{type: 'error', id, message}`
 */
export function createCommandHandler({ runKernel, showStatus = () => {} }) {
  const handlers = {
    ping: async () => ({}),
    'run-kernel': async (command) => {
      const { candidateId, op, shape } = command.kernel ?? {};
      const name = `${candidateId} (${op} ${Array.isArray(shape) ? shape.join('x') : shape})`;
      showStatus(`running kernel ${name}`);
      const result = await runKernel(command);
      showStatus(result.valid
        ? `done: kernel ${name}, median ${result.stats.medianMs.toFixed(3)} ms over ${result.stats.n} samples`
        : `done: kernel ${name} is invalid: ${result.error}`);
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
