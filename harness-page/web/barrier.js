import { describeError } from './errors.js';

// One round = every thread calls its share of the kernel once. The leader (thread 0) starts a round
// by bumping GENERATION; each follower runs its share and counts itself in DONE; the round ends
// when DONE reaches threadCount - 1. Only workers block (Atomics.wait): the page's main thread
// never touches a barrier.
const GENERATION = 0;
const RELEASED = 1;
const DONE = 2;
/** 0, or 1 + the index of the first follower whose share threw. */
const FAILED_THREAD = 3;
const MESSAGE_LENGTH = 4;
const CONTROL_WORDS = 5;
/** Room for the first failing follower's error text (UTF-8), which the leader reports. */
const MESSAGE_CAPACITY = 1024;
const MESSAGE_OFFSET = CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT;
/**
 * Reads of a word before blocking on it. Waking a blocked thread takes ~80 us here, more than a
 * round of a small kernel; between the sampler's back-to-back rounds the awaited change usually
 * comes within a few microseconds, so a bounded spin catches it, and a thread that waits longer
 * (or has no core of its own) stops burning its core soon.
 */
const SPINS = 20000;

/**
 * A failure of one thread's share; its name says which thread, so `describeError` reads
 * "thread 1: RuntimeError: unreachable".
 */
export class ThreadFailure extends Error {
  /**
   * @param {number} threadIndex
   * @param {string} description what the thread threw, as `describeError` put it
   */
  constructor(threadIndex, description) {
    super(description);
    this.name = `thread ${threadIndex}`;
  }
}

/**
 * A fresh barrier for one command's rounds: followers start counting generations from zero.
 *
 * @returns {SharedArrayBuffer}
 */
export function createBarrier() {
  return new SharedArrayBuffer(MESSAGE_OFFSET + MESSAGE_CAPACITY);
}

/**
 * The leader's side of one round: wakes the followers, runs its own share, and returns once every
 * follower has finished, so timing it spans the slowest thread.
 *
 * @param {SharedArrayBuffer} barrier from {@link createBarrier}
 * @param {number} threadCount leader included
 * @param {() => void} share thread 0's share
 * @throws {ThreadFailure} after the whole round, if any share threw (the leader's own first)
 */
export function leadRound(barrier, threadCount, share) {
  const control = new Int32Array(barrier, 0, CONTROL_WORDS);
  Atomics.store(control, DONE, 0);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
  let ownFailure = null;
  try {
    share();
  } catch (error) {
    ownFailure = new ThreadFailure(0, describeError(error));
  }
  // The followers must be done before we return, even when our own share failed: the next
  // round, or the release, must find them waiting.
  for (let done = Atomics.load(control, DONE); done < threadCount - 1; done = Atomics.load(control, DONE)) {
    awaitChange(control, DONE, done);
  }
  if (ownFailure) throw ownFailure;
  const failed = Atomics.load(control, FAILED_THREAD);
  if (failed !== 0) throw new ThreadFailure(failed - 1, readMessage(barrier, control));
}

/**
 * A follower's side: runs its share once per round until {@link releaseFollowers}. Blocks the
 * calling thread throughout, so it must be a worker's.
 *
 * @param {SharedArrayBuffer} barrier
 * @param {number} threadIndex >= 1
 * @param {() => void} share this thread's share; what it throws is handed to the leader
 */
export function serveRounds(barrier, threadIndex, share) {
  const control = new Int32Array(barrier, 0, CONTROL_WORDS);
  for (let seen = 0; ;) {
    awaitChange(control, GENERATION, seen);
    const generation = Atomics.load(control, GENERATION);
    if (generation === seen) continue; // woken without a new round
    seen = generation;
    if (Atomics.load(control, RELEASED) !== 0) return;
    try {
      share();
    } catch (error) {
      recordFailure(barrier, control, threadIndex, describeError(error));
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

/**
 * Ends the followers' {@link serveRounds}; called by the leader between rounds.
 *
 * @param {SharedArrayBuffer} barrier
 */
export function releaseFollowers(barrier) {
  const control = new Int32Array(barrier, 0, CONTROL_WORDS);
  Atomics.store(control, RELEASED, 1);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
}

/** Returns once control[index] may differ from `value`: spins a while, then blocks. */
function awaitChange(control, index, value) {
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(control, index) !== value) return;
  }
  Atomics.wait(control, index, value);
}

function recordFailure(barrier, control, threadIndex, description) {
  if (Atomics.compareExchange(control, FAILED_THREAD, 0, threadIndex + 1) !== 0) return; // the first one tells
  const bytes = new TextEncoder().encode(description).subarray(0, MESSAGE_CAPACITY);
  new Uint8Array(barrier, MESSAGE_OFFSET, bytes.length).set(bytes);
  Atomics.store(control, MESSAGE_LENGTH, bytes.length); // before DONE counts us: the leader reads after
}

function readMessage(barrier, control) {
  const length = Atomics.load(control, MESSAGE_LENGTH);
  // A copy: TextDecoder does not read shared memory.
  return new TextDecoder().decode(new Uint8Array(barrier, MESSAGE_OFFSET, length).slice());
}
