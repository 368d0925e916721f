/**
 * @typedef {object} SpawnedWorker what the pool needs of a worker, whichever kind
 * @property {(message: object) => void} post
 * @property {(onMessage: (data: any) => void, onFailure: (error: Error) => void) => void} listen
 * @property {() => void} terminate
 */

/**
 * @typedef {object} WorkerThread one pooled worker; it answers each request with one reply, in order
 * @property {(message: object) => Promise<any>} request resolves to the reply; rejects if the
 *   worker fails or is terminated first
 */

/**
 * Spawns `kernel-worker.js` as a module worker of the page.
 *
 * @returns {SpawnedWorker}
 */
export function spawnBrowserWorker() {
  const worker = new Worker(new URL('./kernel-worker.js', import.meta.url), { type: 'module', name: 'jitfarm-kernel' });
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('messageerror', () => onFailure(new Error('kernel worker: a reply could not be deserialized')));
      // A worker that fails to load gives an error event without a message.
      worker.addEventListener('error', (event) => onFailure(new Error(`kernel worker: ${event.message || 'failed to start'}`)));
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * Workers kept across commands: spawning them costs more than a small kernel takes, and nothing in
 * them outlives a command but its kernel, which the next command's `load` replaces.
 *
 * @param {() => SpawnedWorker} spawn
 * @returns {{acquire: (count: number) => WorkerThread[], terminate: () => void}} `acquire` gives the
 *   same workers as last time unless the count changed or one of them failed; `terminate` ends all
 */
export function createWorkerPool(spawn) {
  let threads = [];
  const terminate = () => {
    threads.forEach((thread) => thread.terminate());
    threads = [];
  };
  return {
    acquire(count) {
      if (threads.length !== count || threads.some((thread) => thread.failed)) {
        terminate();
        threads = Array.from({ length: count }, () => connect(spawn()));
      }
      return threads;
    },
    terminate,
  };
}

function connect(worker) {
  const pending = [];
  const failAll = (error) => {
    thread.failed = true;
    pending.splice(0).forEach(({ reject }) => reject(error));
  };
  const thread = {
    failed: false,
    request: (message) => new Promise((resolve, reject) => {
      if (thread.failed) {
        reject(new Error('kernel worker: already failed'));
        return;
      }
      pending.push({ resolve, reject });
      worker.post(message);
    }),
    terminate: () => {
      worker.terminate();
      failAll(new Error('kernel worker: terminated'));
    },
  };
  worker.listen((reply) => pending.shift().resolve(reply), failAll);
  return thread;
}
