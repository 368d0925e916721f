import assert from 'node:assert/strict';
import test from 'node:test';
import v8 from 'node:v8';
import { measureCache } from '../microbench/cache-probe.js';
import { measureFma } from '../microbench/fma-probe.js';
import { BUDGET_LIMITS, DEFAULT_BUDGET_MS, planMicrobenchmarks, readBudgetMs } from '../microbench/plan.js';
import { measureRegisters } from '../microbench/registers-probe.js';
import {
  accumulatorOffset, initialLoopValues, instantiateThroughputLoop, throughputLoopModule, Update,
} from '../microbench/throughput-loop.js';
import { sampleRoundRobin, unitsFor, warmUp } from '../microbench/timing.js';

const clock = () => performance.now();

/** A loop whose cost per unit is `msPerUnit(call)`, on a clock that only it moves. */
function fakeLoop(msPerUnit) {
  let nowMs = 0;
  const counts = [];
  return {
    clock: () => nowMs,
    run: (count) => {
      nowMs += count * msPerUnit(counts.length);
      counts.push(count);
    },
    counts,
  };
}

const options = { callMs: 0.5, minMs: 10, maxMs: 60 };

test('warmUp outlasts a tier-up: it returns the fast rate reached after the slow calls', () => {
  // 20 slow calls (a baseline tier), then 3x faster for good.
  const loop = fakeLoop((call) => (call < 20 ? 3e-4 : 1e-4));
  const msPerUnit = warmUp(loop.run, options, loop.clock);
  assert.equal(msPerUnit, 1e-4);
  assert.ok(loop.counts.length >= 20 + 3, 'three calls without progress after the speed-up');
  assert.ok(loop.clock() >= options.minMs);
  // Calls grew from 1 unit to about callMs, then were resized for the faster rate.
  assert.equal(loop.counts[0], 1);
  assert.equal(loop.counts.at(-1), 5000);
});

test('warmUp stops at maxMs when the time per unit keeps improving', () => {
  const loop = fakeLoop((call) => 1e-3 * 0.9 ** call);
  warmUp(loop.run, options, loop.clock);
  const elapsed = loop.clock();
  assert.ok(elapsed >= options.maxMs && elapsed < options.maxMs + 2 * options.callMs, `stopped after ${elapsed} ms`);
});

test('warmUp does at least minUnits of work, even past maxMs', () => {
  const loop = fakeLoop(() => 1e-4);
  warmUp(loop.run, { ...options, minMs: 0, minUnits: 1e6 }, loop.clock);
  assert.ok(loop.counts.reduce((a, b) => a + b) >= 1e6);
  assert.ok(loop.clock() >= 1e6 * 1e-4, 'which takes 100 ms here, over maxMs');
});

test('unitsFor sizes calls and stays within what a Wasm i32 count can hold', () => {
  assert.equal(unitsFor(1.5, 1e-3), 1500);
  assert.equal(unitsFor(1.5, 0), 1, 'a clock that did not move');
  assert.equal(unitsFor(1, 1), 1);
  assert.equal(unitsFor(1e9, 1e-9), 0x7fffffff);
});

test('sampleRoundRobin interleaves the workloads and reports ns per unit', () => {
  let nowMs = 0;
  const order = [];
  const workload = (name, msPerCount, count, unitsPerCount) => ({
    run: (n) => {
      order.push(name);
      nowMs += n * msPerCount;
    },
    count, unitsPerCount,
  });
  const samples = sampleRoundRobin([workload('a', 1e-3, 1000, 4), workload('b', 2e-3, 500, 1)], 3, () => nowMs);
  assert.deepEqual(order, ['a', 'b', 'a', 'b', 'a', 'b']);
  assert.deepEqual(samples, [[250, 250, 250], [2000, 2000, 2000]]);
});

test('the budget defaults, and is refused outside its limits', () => {
  assert.equal(readBudgetMs(undefined), DEFAULT_BUDGET_MS);
  assert.equal(readBudgetMs(null), DEFAULT_BUDGET_MS);
  assert.equal(readBudgetMs(2500), 2500);
  for (const bad of [BUDGET_LIMITS.minMs - 1, BUDGET_LIMITS.maxMs + 1, '4000', NaN]) {
    assert.throws(() => readBudgetMs(bad), /budgetMs must be a number from 1000 to 60000/);
  }
});

test('the plan: the documented points, durations proportional to the budget', () => {
  const plan = planMicrobenchmarks(DEFAULT_BUDGET_MS);
  assert.deepEqual(plan.registers.accumulators, [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32]);
  const KiB = 1024;
  assert.deepEqual(plan.cache.sizes.slice(0, 5), [4 * KiB, 6 * KiB, 8 * KiB, 12 * KiB, 16 * KiB]);
  assert.deepEqual(plan.cache.sizes.slice(-3), [4096 * KiB, 6144 * KiB, 8192 * KiB]);
  assert.equal(plan.cache.sizes.length, 23);
  assert.ok(plan.sampleMs >= 1 && plan.sampleMs <= 2, 'samples of 1-2 ms at the default budget');
  assert.equal(planMicrobenchmarks(DEFAULT_BUDGET_MS / 2).sampleMs, plan.sampleMs / 2);
});

/** Short enough for a unit test; the numbers are not the point here, the shapes are. */
const tinyPlan = {
  ...planMicrobenchmarks(BUDGET_LIMITS.minMs),
  registers: { accumulators: [4, 14] },
  cache: { sizes: [4096, 6144, 1 << 20] },
};

const isSampleList = (samples) => samples.length === tinyPlan.repeats && samples.every((s) => Number.isFinite(s) && s >= 0);

test('the register probe reports ns per update per accumulator count', async () => {
  const result = await measureRegisters(tinyPlan, clock);
  assert.equal(result.unit, 'ns/update');
  assert.equal(result.repeats, tinyPlan.repeats);
  assert.deepEqual(result.points.map((p) => p.accumulators), [4, 14]);
  assert.ok(result.points.every((p) => isSampleList(p.samples)));
});

test('the cache probe reports ns per load per buffer size; a 1 MiB chase is slower than a 4 KiB one', async () => {
  const result = await measureCache(tinyPlan, clock);
  assert.equal(result.unit, 'ns/load');
  assert.equal(result.lineBytes, 64);
  assert.deepEqual(result.points.map((p) => p.bytes), [4096, 6144, 1 << 20]);
  assert.ok(result.points.every((p) => isSampleList(p.samples)));
  const fastest = (p) => Math.min(...p.samples);
  // L1 hit vs (at best) L2 hit: several times apart on any CPU; 1.5x leaves room for noise.
  assert.ok(fastest(result.points[2]) > 1.5 * fastest(result.points[0]), JSON.stringify(result.points));
});

test('without relaxed SIMD the FMA probe measures mul+add only', async () => {
  const result = await measureFma(tinyPlan, clock);
  assert.equal(result.unit, 'ns/update');
  assert.equal(result.accumulators, 8);
  assert.ok(isSampleList(result.mulAdd));
  assert.equal(result.relaxedMadd, null);
});

// Node 20 has relaxed SIMD behind a flag only; V8 reads its Wasm feature flags at each
// validation, so switching it on here works for the rest of this file (each test file runs in its
// own process). The tests above ran without it.
test('with relaxed SIMD: the relaxed loop computes acc * x + y, and the FMA probe times it too', async () => {
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  const bytes = throughputLoopModule([3], Update.relaxedMadd);
  assert.equal(WebAssembly.validate(bytes), true);
  const { memory, loops } = await instantiateThroughputLoop(await WebAssembly.compile(bytes), [3]);
  loops.get(3)(1);
  const { x, y, accumulators } = initialLoopValues(3);
  accumulators.forEach((start, i) => {
    const stored = new Float32Array(memory.buffer, accumulatorOffset(i), 4);
    start.forEach((value, lane) => {
      // Fused or not, as the CPU likes: both round the same exact value to float32.
      assert.ok(Math.abs(stored[lane] - (value * x[lane] + y[lane])) <= 2 ** -22 * Math.abs(stored[lane]), `accumulator ${i} lane ${lane}`);
    });
  });

  const result = await measureFma(tinyPlan, clock);
  assert.ok(isSampleList(result.mulAdd));
  assert.ok(isSampleList(result.relaxedMadd));
});
