import { BadCommand } from './command-checks.js';
import { describeError } from './errors.js';
import { compareWithReference } from './reference.js';
import { summarize } from './stats.js';

/** The subject itself failed (compile, setup, trap, wrong output): answered as `valid: false`. */
export class KernelRejected extends Error {}

/**
 * Runs one step of evaluating a kernel or baseline; whatever it throws is the subject's fault,
 * except a {@link BadCommand}, which stays the command's.
 *
 * @template T
 * @param {string} failure what failed, the start of the `error` text
 * @param {() => T | Promise<T>} step
 * @returns {Promise<T>}
 */
export async function stage(failure, step) {
  try {
    return await step();
  } catch (error) {
    if (error instanceof BadCommand || error instanceof KernelRejected) throw error;
    throw new KernelRejected(`${failure}: ${describeError(error)}`);
  }
}

/**
 * The shared judgement of kernels and baselines: one output checked against the float64 reference,
 * and only if it is right, the timed samples.
 *
 * @param {import('./reference.js').GemmReference} reference
 * @param {object} subject
 * @param {() => Promise<Float32Array>} subject.output everything up to and including the first
 *   call; C as it left that call
 * @param {() => Promise<number[]>} subject.samples warm-ups and timed calls
 * @returns {Promise<{valid: boolean, error: string | null, samplesMs: number[], stats: object | null,
 *   maxAbsError: number | null, maxRelError: number | null}>} the answer's judgement fields; errors
 *   are null when no output was checked. Rejects with anything but a {@link KernelRejected}.
 */
export async function evaluate(reference, { output, samples }) {
  let check = null;
  try {
    check = compareWithReference(await output(), reference);
    if (!check.valid) throw new KernelRejected(`wrong result: ${check.reason}`);
    const samplesMs = await samples();
    return {
      valid: true, error: null, samplesMs, stats: summarize(samplesMs),
      maxAbsError: check.maxAbsError, maxRelError: check.maxRelError,
    };
  } catch (error) {
    if (!(error instanceof KernelRejected)) throw error;
    return {
      valid: false, error: error.message, samplesMs: [], stats: null,
      maxAbsError: check?.maxAbsError ?? null, maxRelError: check?.maxRelError ?? null,
    };
  }
}
