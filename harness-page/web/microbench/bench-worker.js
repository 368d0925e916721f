/**
 * The microbenchmark worker (a dedicated module worker). Its one message, {budgetMs}, runs every
 * probe in turn and replies {probes} with their raw samples, or {error}. The probes run here and
 * not on the page's main thread: the thread probe's barrier blocks in Atomics.wait, which the main
 * thread may not, and the other probes' busy loops would freeze the page's event loop for seconds.
 */
import { describeError } from '../errors.js';
import { measureCache } from './cache-probe.js';
import { measureFma } from './fma-probe.js';
import { planMicrobenchmarks } from './plan.js';
import { measureRegisters } from './registers-probe.js';
import { measureThreadScaling } from './threads-probe.js';

const clock = () => performance.now();

self.onmessage = async ({ data: { budgetMs } }) => {
  try {
    const plan = planMicrobenchmarks(budgetMs);
    // One after the other: each probe needs the whole core (the thread probe, all of them).
    const registers = await measureRegisters(plan, clock);
    const cache = await measureCache(plan, clock);
    const fma = await measureFma(plan, clock);
    const threads = await measureThreadScaling(plan, clock);
    self.postMessage({ probes: { registers, cache, fma, threads } });
  } catch (error) {
    self.postMessage({ error: describeError(error) });
  }
};
