import { readBudgetMs } from './plan.js';
import { requestOnce } from './worker-request.js';

/**
 * How long past its budget a run may go before it is abandoned: a generous margin, only there so a
 * stuck worker cannot hold the page's command queue for ever.
 */
const budgetToTimeoutMs = (budgetMs) => 2 * budgetMs + 5000;

/**
 * Runs the `run-microbenchmarks` command: the probes of ./bench-worker.js in a fresh dedicated
 * worker, which is terminated (with the workers it started) once it has answered. Returns raw
 * samples only; turning them into a device profile is the agent's job.
 *
 * @param {{budgetMs?: number}} command budgetMs defaults to {@link import('./plan.js').DEFAULT_BUDGET_MS}
 * @param {() => number} [clock] milliseconds
 * @returns {Promise<{durationMs: number, probes: {registers: object, cache: object, fma: object, threads: object}}>}
 *   the fields of the `result` answer (without `type` and `id`); rejects on a bad budget or a
 *   failed probe
 */
export async function runMicrobenchmarks(command, clock = () => performance.now()) {
  const budgetMs = readBudgetMs(command.budgetMs);
  const start = clock();
  const worker = new Worker(new URL('./bench-worker.js', import.meta.url), { type: 'module' });
  try {
    const { probes } = await requestOnce(worker, { budgetMs }, budgetToTimeoutMs(budgetMs));
    return { durationMs: clock() - start, probes };
  } finally {
    worker.terminate();
  }
}
