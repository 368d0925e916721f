// The page's kernel worker as a Node worker thread, for the runners' tests.
import { Worker } from 'node:worker_threads';

/** @returns {import('../worker-pool.js').SpawnedWorker} */
export function spawnNodeWorker() {
  const worker = new Worker(new URL('../kernel-worker.js', import.meta.url));
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onFailure) => {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
    },
    terminate: () => worker.terminate(),
  };
}
