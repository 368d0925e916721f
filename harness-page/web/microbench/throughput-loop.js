import { encodeModule, instr, ValType } from './wasm-assembler.js';

/**
 * How each accumulator is updated per iteration: acc = acc * x + y, as two instructions
 * (f32x4.mul then f32x4.add) or as one f32x4.relaxed_madd (fused where the CPU has FMA).
 */
export const Update = Object.freeze({ mulAdd: 'mul-add', relaxedMadd: 'relaxed-madd' });

/**
 * Where the loop finds its inputs and leaves its results. x and y are whole vectors read once
 * before the loop, so they sit in two registers and never join the dependency chains.
 */
export const LOOP_LAYOUT = Object.freeze({ xOffset: 0, yOffset: 16, accumulatorsOffset: 32 });

/**
 * x in (0, 1) and y = 1 - x: every accumulator converges to the fixed point y / (1 - x) = 1, so
 * no lane ever overflows or turns denormal (denormals would slow the loop down on x86).
 */
const X = [0.5, 0.25, 0.75, 0.875];

/** Name of the exported loop with `accumulators` accumulators. */
export const loopName = (accumulators) => `loop${accumulators}`;

/**
 * A module of register-tiled throughput loops, one per accumulator count A, each exported as
 * {@link loopName}(A) with signature (iterations: i32) -> (). A loop loads x, y and A accumulators
 * from the imported memory (see {@link LOOP_LAYOUT}), runs `iterations` times (at least once)
 * updating every accumulator, then stores them back. The A chains are independent, so more of them
 * hide more of the update latency, until they outnumber the registers and spill; storing them at
 * the end keeps all of them live.
 *
 * @param {number[]} accumulatorCounts
 * @param {string} update one of {@link Update}
 * @returns {Uint8Array}
 */
export function throughputLoopModule(accumulatorCounts, update) {
  if (!Object.values(Update).includes(update)) throw new RangeError(`unknown update ${JSON.stringify(update)}`);
  const maxAccumulators = Math.max(...accumulatorCounts);
  return encodeModule({
    memory: { module: 'env', name: 'memory', minPages: pagesFor(maxAccumulators) },
    functions: accumulatorCounts.map((accumulators) => ({
      name: loopName(accumulators),
      params: [ValType.i32],
      results: [],
      locals: new Array(2 + accumulators).fill(ValType.v128),
      body: loopBody(accumulators, update),
    })),
  });
}

// Local indices: the iteration count, then x, y, then the accumulators.
const ITERATIONS = 0;
const LOCAL_X = 1;
const LOCAL_Y = 2;
const accumulator = (i) => 3 + i;
/** Byte offset of accumulator `i` (16 bytes each) in the loop's memory. */
export const accumulatorOffset = (i) => LOOP_LAYOUT.accumulatorsOffset + 16 * i;

function loopBody(accumulators, update) {
  const indices = [...Array(accumulators).keys()];
  const load = (local, offset) => [...instr.i32Const(0), ...instr.v128Load(offset), ...instr.localSet(local)];
  const updateOne = (i) => [
    ...instr.localGet(accumulator(i)),
    ...instr.localGet(LOCAL_X),
    ...(update === Update.relaxedMadd
      ? [...instr.localGet(LOCAL_Y), ...instr.f32x4RelaxedMadd]
      : [...instr.f32x4Mul, ...instr.localGet(LOCAL_Y), ...instr.f32x4Add]),
    ...instr.localSet(accumulator(i)),
  ];
  return [
    ...load(LOCAL_X, LOOP_LAYOUT.xOffset),
    ...load(LOCAL_Y, LOOP_LAYOUT.yOffset),
    ...indices.flatMap((i) => load(accumulator(i), accumulatorOffset(i))),
    ...instr.loop,
    ...indices.flatMap(updateOne),
    // do { ... } while (--iterations != 0)
    ...instr.localGet(ITERATIONS), ...instr.i32Const(1), ...instr.i32Sub, ...instr.localTee(ITERATIONS), ...instr.brIf(0),
    ...instr.end,
    ...indices.flatMap((i) => [...instr.i32Const(0), ...instr.localGet(accumulator(i)), ...instr.v128Store(accumulatorOffset(i))]),
  ];
}

const pagesFor = (accumulators) => Math.ceil(accumulatorOffset(accumulators) / 65536);

/**
 * The starting values: x and y as above; accumulator i starts at (i, i + 1/4, -i, 1/8), so no two
 * accumulators hold the same value and none can be merged.
 *
 * @param {number} accumulators how many accumulators to seed
 * @returns {{x: Float32Array, y: Float32Array, accumulators: Float32Array[]}}
 */
export function initialLoopValues(accumulators) {
  return {
    x: Float32Array.from(X),
    y: Float32Array.from(X, (x) => 1 - x),
    accumulators: Array.from({ length: accumulators }, (_, i) => Float32Array.of(i, i + 0.25, -i, 0.125)),
  };
}

/**
 * Instantiates a compiled throughput-loop module over a fresh memory seeded with
 * {@link initialLoopValues}, so every caller (probe or worker) starts from the same state.
 *
 * @param {WebAssembly.Module} module from {@link throughputLoopModule}
 * @param {number[]} accumulatorCounts the counts it was built with
 * @returns {Promise<{memory: WebAssembly.Memory, loops: Map<number, (iterations: number) => void>}>}
 *   `loops` by accumulator count; the results are at {@link accumulatorOffset}
 */
export async function instantiateThroughputLoop(module, accumulatorCounts) {
  const maxAccumulators = Math.max(...accumulatorCounts);
  const memory = new WebAssembly.Memory({ initial: pagesFor(maxAccumulators) });
  const { x, y, accumulators } = initialLoopValues(maxAccumulators);
  const floats = new Float32Array(memory.buffer);
  floats.set(x, LOOP_LAYOUT.xOffset / 4);
  floats.set(y, LOOP_LAYOUT.yOffset / 4);
  accumulators.forEach((values, i) => floats.set(values, accumulatorOffset(i) / 4));
  const { exports } = await WebAssembly.instantiate(module, { env: { memory } });
  return { memory, loops: new Map(accumulatorCounts.map((count) => [count, exports[loopName(count)]])) };
}
