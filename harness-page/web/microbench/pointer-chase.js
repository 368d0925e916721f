import { encodeModule, instr, ValType } from './wasm-assembler.js';

/** One cache line: each line of a chased buffer holds one link, so every load touches a new line. */
export const LINE_BYTES = 64;

const PAGE_BYTES = 65536;

/**
 * A module exporting `chase(address: i32, steps: i32) -> i32`: follows `steps` (at least one)
 * links, each an i32 at `address` holding the next address, and returns where it stopped. Each load
 * depends on the one before, so the time per step is the load latency of wherever the links live.
 *
 * @param {number} bytes the largest buffer it will chase; its imported memory has at least this
 * @returns {Uint8Array}
 */
export function pointerChaseModule(bytes) {
  const [ADDRESS, STEPS] = [0, 1];
  return encodeModule({
    memory: { module: 'env', name: 'memory', minPages: pagesFor(bytes) },
    functions: [{
      name: 'chase',
      params: [ValType.i32, ValType.i32],
      results: [ValType.i32],
      locals: [],
      body: [
        ...instr.loop,
        ...instr.localGet(ADDRESS), ...instr.i32Load(), ...instr.localSet(ADDRESS),
        ...instr.localGet(STEPS), ...instr.i32Const(1), ...instr.i32Sub, ...instr.localTee(STEPS), ...instr.brIf(0),
        ...instr.end,
        ...instr.localGet(ADDRESS),
      ],
    }],
  });
}

/**
 * A memory big enough for a {@link pointerChaseModule}(bytes).
 *
 * @param {number} bytes
 * @returns {WebAssembly.Memory}
 */
export const chaseMemory = (bytes) => new WebAssembly.Memory({ initial: pagesFor(bytes) });

const pagesFor = (bytes) => Math.ceil(bytes / PAGE_BYTES);

/**
 * Links the lines of [0, bytes) into one cycle in random order (Sattolo's algorithm: a uniformly
 * random cyclic permutation), so a chase from address 0 visits every line exactly once before it
 * returns to 0, and neither a stride nor a page-local pattern lets the prefetcher run ahead.
 *
 * @param {WebAssembly.Memory} memory
 * @param {number} bytes a multiple of {@link LINE_BYTES}
 * @param {() => number} nextUint32 random source, e.g. mulberry32
 */
export function linkRandomCycle(memory, bytes, nextUint32) {
  const lines = bytes / LINE_BYTES;
  const order = Uint32Array.from({ length: lines }, (_, i) => i);
  for (let i = lines - 1; i > 0; i--) {
    const j = nextUint32() % i; // j < i, not <= i: this is what makes it a single cycle
    [order[i], order[j]] = [order[j], order[i]];
  }
  // Sattolo's order read as a permutation: line k links to line order[k].
  const words = new Int32Array(memory.buffer, 0, bytes / 4);
  const wordsPerLine = LINE_BYTES / 4;
  for (let line = 0; line < lines; line++) words[line * wordsPerLine] = order[line] * LINE_BYTES;
}
