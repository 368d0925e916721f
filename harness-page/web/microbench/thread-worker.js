/**
 * A follower thread of the thread probe (a dedicated module worker). Messages, each answered once
 * ({} or {error}):
 * - {type: 'load', module, accumulators, warmUp}: instantiates the throughput loop and warms it up;
 * - {type: 'serve', barrier, threadIndex, iterations}: runs `iterations` of the loop once per
 *   barrier round (see ../barrier.js), answering once the leader releases it.
 */
import { serveRounds } from '../barrier.js';
import { describeError } from '../errors.js';
import { instantiateThroughputLoop } from './throughput-loop.js';
import { warmUp } from './timing.js';

const clock = () => performance.now();

/** The loop from the last `load`. */
let run = null;

const handlers = {
  async load({ module, accumulators, warmUp: warmUpOptions }) {
    const { loops } = await instantiateThroughputLoop(module, [accumulators]);
    run = loops.get(accumulators);
    warmUp(run, warmUpOptions, clock);
  },
  serve({ barrier, threadIndex, iterations }) {
    if (!run) throw new Error('serve before load');
    serveRounds(barrier, threadIndex, () => run(iterations));
  },
};

self.onmessage = async ({ data }) => {
  try {
    await handlers[data.type](data);
    self.postMessage({});
  } catch (error) {
    self.postMessage({ error: describeError(error) });
  }
};
