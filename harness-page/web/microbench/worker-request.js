/**
 * Posts `message` to `worker` and resolves with the worker's first reply. The workers of this
 * folder reply `{error}` when they fail, which rejects, as do a worker that cannot load or throws
 * uncaught (its `error` event) and, if given, no reply within `timeoutMs`.
 *
 * @param {Worker} worker uses only `postMessage`, `onmessage` and `onerror`
 * @param {unknown} message anything structured-cloneable
 * @param {number} [timeoutMs]
 * @returns {Promise<any>} the reply's data
 */
export function requestOnce(worker, message, timeoutMs = Infinity) {
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => reject(new Error(`no answer from the worker within ${timeoutMs} ms`)), timeoutMs)
      : undefined;
    const settle = (settleWith, value) => {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      settleWith(value);
    };
    worker.onmessage = ({ data }) => {
      if (data?.error !== undefined) settle(reject, new Error(data.error));
      else settle(resolve, data);
    };
    // A module that fails to load gives an event without a message.
    worker.onerror = (event) => settle(reject, new Error(`worker failed: ${event.message || 'could not load its script'}`));
    worker.postMessage(message);
  });
}
