import assert from 'node:assert/strict';
import test from 'node:test';
import { createMulberry32 } from '../prng.js';
import { chaseMemory, LINE_BYTES, linkRandomCycle, pointerChaseModule } from '../microbench/pointer-chase.js';
import {
  accumulatorOffset, initialLoopValues, instantiateThroughputLoop, loopName, throughputLoopModule, Update,
} from '../microbench/throughput-loop.js';
import { encodeModule, instr, sleb128, uleb128, ValType } from '../microbench/wasm-assembler.js';

test('LEB128 encodings match the spec examples and the edges of one byte', () => {
  assert.deepEqual(uleb128(0), [0x00]);
  assert.deepEqual(uleb128(127), [0x7f]);
  assert.deepEqual(uleb128(128), [0x80, 0x01]);
  assert.deepEqual(uleb128(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(uleb128(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(sleb128(0), [0x00]);
  assert.deepEqual(sleb128(63), [0x3f]);
  assert.deepEqual(sleb128(64), [0xc0, 0x00]);
  assert.deepEqual(sleb128(-1), [0x7f]);
  assert.deepEqual(sleb128(-64), [0x40]);
  assert.deepEqual(sleb128(-65), [0xbf, 0x7f]);
  assert.deepEqual(sleb128(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb128(-0x80000000), [0x80, 0x80, 0x80, 0x80, 0x78]);
});

test('encodeModule: imports the memory, exports each function, shares equal signatures', async () => {
  const addConst = (value) => ({
    name: `plus${value}`, params: [ValType.i32], results: [ValType.i32], locals: [ValType.i32, ValType.i32, ValType.v128],
    body: [...instr.localGet(0), ...instr.i32Const(-value), ...instr.i32Sub],
  });
  const bytes = encodeModule({ memory: { module: 'env', name: 'memory', minPages: 2 }, functions: [addConst(1), addConst(300)] });
  assert.equal(WebAssembly.validate(bytes), true);
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  assert.deepEqual(WebAssembly.Module.exports(module).map(({ name }) => name), ['plus1', 'plus300']);
  const typeSection = bytes.indexOf(1, 8); // right after the header
  assert.equal(bytes[typeSection + 2], 1, 'one type entry for two (i32) -> i32 functions');
  const { exports } = await WebAssembly.instantiate(module, { env: { memory: new WebAssembly.Memory({ initial: 2 }) } });
  assert.equal(exports.plus1(41), 42);
  assert.equal(exports.plus300(-300), 0);
});

test('encodeModule: a memory with a maximum, shared or not', async () => {
  const idle = { name: 'idle', params: [], results: [], locals: [], body: [] };
  const withMemory = (memory) => encodeModule({ memory: { module: 'env', name: 'memory', minPages: 1, ...memory }, functions: [idle] });
  const shared = withMemory({ maxPages: 65536, shared: true });
  assert.equal(WebAssembly.validate(shared), true);
  await WebAssembly.instantiate(shared, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) } });
  // An unshared memory cannot stand in for a shared one, nor one without a maximum for a bounded one.
  await assert.rejects(WebAssembly.instantiate(shared, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } }), WebAssembly.LinkError);
  await assert.rejects(WebAssembly.instantiate(withMemory({ maxPages: 2 }), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } }), WebAssembly.LinkError);
  assert.throws(() => withMemory({ shared: true }), /a shared memory needs maxPages/);
});

const ALL_COUNTS = Array.from({ length: 15 }, (_, i) => 4 + 2 * i);

test('throughput-loop modules validate for every accumulator count; relaxed ones only with relaxed SIMD', () => {
  assert.equal(WebAssembly.validate(throughputLoopModule(ALL_COUNTS, Update.mulAdd)), true);
  // Node 20 has relaxed SIMD only behind --experimental-wasm-relaxed-simd; Chromium has it on.
  assert.equal(WebAssembly.validate(throughputLoopModule([8], Update.relaxedMadd)), false);
  assert.throws(() => throughputLoopModule([8], 'fma'), /unknown update "fma"/);
});

/** The loop's recurrence in float32, one rounding per instruction as f32x4.mul and f32x4.add do. */
function expectedAccumulators(accumulators, iterations) {
  const { x, y, accumulators: start } = initialLoopValues(accumulators);
  return start.map((values) => values.map((value, lane) => {
    for (let i = 0; i < iterations; i++) value = Math.fround(Math.fround(value * x[lane]) + y[lane]);
    return value;
  }));
}

const readAccumulator = (memory, i) => new Float32Array(memory.buffer, accumulatorOffset(i), 4);

test('every throughput loop stores exactly the recurrence acc = acc * x + y of each accumulator', async () => {
  const counts = [1, 5, 13, 32];
  const module = await WebAssembly.compile(throughputLoopModule(counts, Update.mulAdd));
  for (const accumulators of counts) {
    for (const iterations of [1, 2, 7, 100]) {
      const { memory, loops } = await instantiateThroughputLoop(module, counts);
      loops.get(accumulators)(iterations);
      const expected = expectedAccumulators(accumulators, iterations);
      for (let i = 0; i < accumulators; i++) {
        assert.deepEqual(readAccumulator(memory, i), expected[i], `${loopName(accumulators)}(${iterations}), accumulator ${i}`);
      }
      if (accumulators < 32) {
        // Accumulators the loop does not have are left alone.
        assert.deepEqual(readAccumulator(memory, accumulators), initialLoopValues(accumulators + 1).accumulators[accumulators]);
      }
    }
  }
});

test('the accumulators stay normal numbers near 1 however long the loop runs', async () => {
  const { memory, loops } = await instantiateThroughputLoop(await WebAssembly.compile(throughputLoopModule([8], Update.mulAdd)), [8]);
  loops.get(8)(1e6);
  for (let i = 0; i < 8; i++) {
    for (const value of readAccumulator(memory, i)) assert.ok(Math.abs(value - 1) < 1e-3, `accumulator ${i}: ${value}`);
  }
});

/** Follows the links from address 0 in JS; returns the line numbers in visiting order. */
function walk(memory, steps) {
  const words = new Int32Array(memory.buffer);
  const lines = [];
  for (let address = 0, i = 0; i < steps; i++) {
    address = words[address / 4];
    lines.push(address / LINE_BYTES);
  }
  return lines;
}

test('the chase links every line of its buffer into one cycle: each line once, then back to 0', () => {
  const random = createMulberry32(7);
  const memory = chaseMemory(64 * 1024);
  for (const bytes of [LINE_BYTES, 4096, 6144, 64 * 1024]) {
    linkRandomCycle(memory, bytes, random);
    const lineCount = bytes / LINE_BYTES;
    const visited = walk(memory, lineCount);
    assert.equal(visited.at(-1), 0, `${bytes} B: back at the start after ${lineCount} steps`);
    assert.equal(new Set(visited).size, lineCount, `${bytes} B: no line visited twice`);
    assert.ok(visited.every((line) => line < lineCount), `${bytes} B: never leaves the buffer`);
  }
});

test('consecutive lines are not chased in order (the prefetcher gets no stride)', () => {
  const memory = chaseMemory(4096);
  linkRandomCycle(memory, 4096, createMulberry32(1));
  const visited = walk(memory, 64);
  const sequentialSteps = visited.filter((line, i) => line === (i === 0 ? 0 : visited[i - 1]) + 1).length;
  assert.ok(sequentialSteps < 8, `${sequentialSteps} of 64 steps go to the next line`);
});

test('the chase module follows the links the JS walk follows', async () => {
  const bytes = 96 * 1024;
  const memory = chaseMemory(bytes);
  const { exports } = await WebAssembly.instantiate(await WebAssembly.compile(pointerChaseModule(bytes)), { env: { memory } });
  linkRandomCycle(memory, bytes, createMulberry32(3));
  const lineCount = bytes / LINE_BYTES;
  for (const steps of [1, 2, 100, lineCount - 1]) {
    assert.equal(exports.chase(0, steps), walk(memory, steps).at(-1) * LINE_BYTES, `${steps} steps`);
  }
  assert.equal(exports.chase(0, lineCount), 0);
  assert.equal(exports.chase(0, 3 * lineCount), 0);
});
