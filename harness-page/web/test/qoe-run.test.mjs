import assert from 'node:assert/strict';
import test, { after } from 'node:test';
import { encodeModule, instr, ValType } from '../microbench/wasm-assembler.js';
import { createQoeRunner } from '../qoe/run-qoe.js';
import { spawnNodeWorker } from './node-kernel-worker.mjs';

// Kernels of the page's conventions that compute nothing: a QoE pass never checks C, only time.
const { i32 } = ValType;
/** Counts a local (after the parameters) down from `spins`, at least 1: roughly spins / 1e9 s of work. */
const spinBody = (params, spins) => [
  ...instr.i32Const(spins), ...instr.localSet(params),
  ...instr.loop, ...instr.localGet(params), ...instr.i32Const(1), ...instr.i32Sub, ...instr.localTee(params), ...instr.brIf(0), ...instr.end,
];
const kernelModule = ({ params, spins = 1, shared = false, body = spinBody(params, spins) }) => encodeModule({
  memory: { module: 'env', name: 'memory', minPages: 1, ...(shared && { maxPages: 65536, shared }) },
  functions: [{ name: 'matmul', params: new Array(params).fill(i32), results: [], locals: [i32], body }],
});
/** Traps from its 6th call on, counting its calls in bytes 0-3 of the memory (below A). */
const TRAPS_LATER = [
  ...instr.i32Const(0), ...instr.i32Const(0), ...instr.i32Load(), ...instr.i32Const(1), 0x6a /* i32.add */,
  0x36, 2, 0 /* i32.store */,
  ...instr.i32Const(0), ...instr.i32Load(), ...instr.i32Const(5), 0x4b /* i32.gt_u */,
  0x04, 0x40 /* if */, 0x00 /* unreachable */, ...instr.end,
];

const base64 = (bytes) => Buffer.from(bytes).toString('base64');

function qoeCommand(moduleBytes, overrides = {}) {
  return {
    type: 'run-qoe', id: 1, seed: 42, placement: 'main', durationMs: 60, overheadPassMs: 20,
    collectors: ['frames', 'memory', 'responsiveness'], weightsBytes: 4096,
    ...overrides,
    kernel: {
      op: 'matmul', shape: [16, 16, 16], candidateId: 'spin', entryPoint: 'matmul', module: base64(moduleBytes),
      memory: { minPages: 1, maxPages: null, shared: false },
      ...overrides.kernel,
    },
  };
}

/** Collectors that only record their life cycle, and the context each was made for. */
function recordingCollectors() {
  const steps = [];
  const contexts = [];
  const factory = (name) => (context) => {
    contexts.push({ name, context });
    return {
      setup: async () => steps.push(`${name}.setup`),
      start: () => steps.push(`${name}.start`),
      stop: async () => {
        steps.push(`${name}.stop`);
        return { seenBy: name };
      },
      teardown: () => steps.push(`${name}.teardown`),
    };
  };
  return {
    collectors: { memory: factory('memory'), frames: factory('frames'), responsiveness: factory('responsiveness') },
    steps,
    contexts,
  };
}

const runners = [];
function createRunner(collectors) {
  const runner = createQoeRunner({ collectors, spawnWorker: spawnNodeWorker });
  runners.push(runner);
  return runner;
}
after(() => runners.forEach((runner) => runner.close()));

for (const placement of ['main', 'worker']) {
  test(`on ${placement}: the answer has the pass's inferences, each collector's fields and its overhead`, async () => {
    const { collectors } = recordingCollectors();
    const result = await createRunner(collectors).runQoe(qoeCommand(kernelModule({ params: 6, spins: 100000 }), { placement }));
    assert.equal(result.placement, placement);
    assert.equal(result.threads, 1);
    assert.equal(result.durationMs, 60);
    assert.ok(result.inferences >= 1);
    assert.ok(result.inferenceMedianMs > 0);
    assert.equal(result.overheadPassMs, 20);
    assert.ok(result.uninstrumentedMedianMs > 0);
    for (const name of ['memory', 'frames', 'responsiveness']) {
      assert.equal(result[name].seenBy, name);
      assert.equal(typeof result[name].overheadPct, 'number');
    }
  });
}

test('collectors are set up in order, stopped in reverse and always torn down; each pass has fresh ones', async () => {
  const { collectors, steps } = recordingCollectors();
  await createRunner(collectors).runQoe(qoeCommand(kernelModule({ params: 6 }), { collectors: ['frames', 'memory'] }));
  const lifeCycle = (name) => [`${name}.setup`, `${name}.start`, `${name}.stop`, `${name}.teardown`];
  const overheadRound = [...lifeCycle('memory'), ...lifeCycle('frames')]; // after a pass with none
  assert.deepEqual(steps, [
    ...overheadRound, ...overheadRound, ...overheadRound,
    'memory.setup', 'frames.setup', 'memory.start', 'frames.start',
    'frames.stop', 'memory.stop', 'memory.teardown', 'frames.teardown',
  ]);
});

test('the memory collector is told the kernel memory\'s size and the weights', async () => {
  const { collectors, contexts } = recordingCollectors();
  await createRunner(collectors).runQoe(qoeCommand(kernelModule({ params: 6 }), { collectors: ['memory'], overheadPassMs: 0 }));
  const [{ context }] = contexts;
  assert.equal(context.wasmBytes(), 65536); // A, B and C of 16x16x16 fit one page
  assert.equal(context.weightsBytes, 4096);
});

test('overheadPassMs 0 skips the overhead passes: no overhead figures', async () => {
  const { collectors, steps } = recordingCollectors();
  const result = await createRunner(collectors).runQoe(qoeCommand(kernelModule({ params: 6 }), { collectors: ['frames'], overheadPassMs: 0 }));
  assert.deepEqual(result.frames, { seenBy: 'frames' });
  assert.equal('uninstrumentedMedianMs' in result, false);
  assert.equal(steps.filter((step) => step === 'frames.setup').length, 1);
});

test('no collectors: inference figures only', async () => {
  const result = await createRunner({}).runQoe(qoeCommand(kernelModule({ params: 6 }), { collectors: [] }));
  assert.deepEqual(Object.keys(result).sort(),
    ['durationMs', 'inferenceMedianMs', 'inferences', 'overheadPassMs', 'placement', 'threads', 'uninstrumentedMedianMs']);
});

test('a threaded kernel runs on as many workers as the command asks for', async () => {
  const command = qoeCommand(kernelModule({ params: 9, spins: 100000, shared: true }), {
    placement: 'worker', threads: 2, kernel: { convention: 'MATMUL_THREADED', memory: { minPages: 1, maxPages: 65536, shared: true } },
  });
  const result = await createRunner(recordingCollectors().collectors).runQoe(command);
  assert.equal(result.threads, 2);
  assert.ok(result.inferences >= 1);
});

for (const placement of ['main', 'worker']) {
  test(`on ${placement}: a kernel that traps mid-pass is an error, and the pass's collectors are torn down`, async () => {
    const { collectors, steps } = recordingCollectors();
    const command = qoeCommand(kernelModule({ params: 6, body: TRAPS_LATER }), { placement, overheadPassMs: 0 });
    await assert.rejects(createRunner(collectors).runQoe(command), /unreachable/);
    assert.deepEqual(steps.filter((step) => step.startsWith('frames.')), ['frames.setup', 'frames.start', 'frames.teardown']);
  });
}

test('malformed commands are rejected with what is wrong', async () => {
  const runner = createRunner(recordingCollectors().collectors);
  const kernel = kernelModule({ params: 6 });
  const cases = [
    [{ placement: 'gpu' }, /placement must be one of main, worker, got "gpu"/],
    [{ durationMs: 0 }, /durationMs must be a number in \(0, 60000\]/],
    [{ durationMs: '1000' }, /durationMs must be a number/],
    [{ overheadPassMs: -1 }, /overheadPassMs must be a number in \[0, 60000\]/],
    [{ collectors: ['fps'] }, /collectors must be distinct names out of memory, responsiveness, frames/],
    [{ collectors: ['frames', 'frames'] }, /collectors must be distinct names/],
    [{ collectors: undefined }, /collectors must be/],
    [{ weightsBytes: -1 }, /weightsBytes must be a positive integer when present/],
    [{ threads: 2, kernel: { convention: 'MATMUL_THREADED', memory: { minPages: 1, maxPages: 65536, shared: true } } },
      /placement "main" runs one thread/],
    [{ kernel: { op: 'conv2d' } }, /kernel.op must be/],
    [{ seed: undefined }, /seed must be an integer/],
  ];
  for (const [overrides, message] of cases) {
    await assert.rejects(runner.runQoe(qoeCommand(kernel, overrides)), message, JSON.stringify(overrides));
  }
});
