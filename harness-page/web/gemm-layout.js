import { expect } from './command-checks.js';

/** The size of a WebAssembly memory page. */
export const PAGE_BYTES = 65536;
/** The pages of a 32-bit memory. */
const MAX_PAGES = 65536;
const FLOAT_BYTES = 4;
/** Cache-line (and SIMD) friendly starts for every operand and the scratch area. */
const ALIGN_BYTES = 64;

/**
 * @typedef {object} GemmLayout where a problem's operands sit in the kernel's memory (byte offsets)
 * @property {Object<string, {ptr: number, elements: number}>} inputs per input operand (a, b or w, bias)
 * @property {{ptr: number, elements: number}} output C
 * @property {Object<string, number>} pointers `aPtr`, `bPtr` or `wPtr`, `biasPtr`, `cPtr`, `scratchPtr`:
 *   the names the calling conventions pass; `biasPtr` exists (and is never read) without a bias
 * @property {number} pages 64 KiB pages that hold all of it
 */

/**
 * Where the inputs, C and the threads' scratch go (thread t's scratch starts at scratchPtr + t *
 * scratchBytesPerThread). A does not start at 0, so a kernel that ignores aPtr reads the wrong data
 * and fails the check.
 *
 * @param {import('./gemm-problem.js').GemmProblem} problem
 * @param {number} scratchBytes all threads' scratch together
 * @returns {GemmLayout}
 */
export function layOutGemm({ op, shape, operands, outputElements }, scratchBytes) {
  const alignUp = (offset) => Math.ceil(offset / ALIGN_BYTES) * ALIGN_BYTES;
  let next = ALIGN_BYTES;
  const place = (elements) => {
    const area = { ptr: next, elements };
    next = alignUp(next + elements * FLOAT_BYTES);
    return area;
  };
  const inputs = Object.fromEntries(Object.entries(operands).map(([name, elements]) => [name, place(elements)]));
  const output = place(outputElements);
  const scratchPtr = next;
  const pages = Math.ceil((scratchPtr + scratchBytes) / PAGE_BYTES);
  expect(pages <= MAX_PAGES, `operands and scratch must fit a 32-bit memory (${MAX_PAGES} pages); they need ${pages} pages`, { op, shape });
  const pointers = { biasPtr: scratchPtr, cPtr: output.ptr, scratchPtr };
  for (const [name, { ptr }] of Object.entries(inputs)) pointers[`${name}Ptr`] = ptr;
  return { inputs, output, pointers, pages };
}

/**
 * Puts the inputs in place and fills C with NaN, which proves the kernel wrote every element of C.
 *
 * @param {ArrayBufferLike} buffer the kernel memory's buffer
 * @param {GemmLayout} layout
 * @param {Object<string, Float32Array>} operands
 */
export function writeInputs(buffer, { inputs, output }, operands) {
  for (const [name, { ptr, elements }] of Object.entries(inputs)) new Float32Array(buffer, ptr, elements).set(operands[name]);
  new Float32Array(buffer, output.ptr, output.elements).fill(NaN);
}

/**
 * A copy of C, which can be posted to another thread whatever the memory.
 *
 * @param {ArrayBufferLike} buffer the kernel memory's buffer, read after the call: a kernel that
 *   grew its memory has detached (unshared) or outgrown (shared) any earlier buffer
 * @param {GemmLayout} layout
 * @returns {Float32Array}
 */
export function copyOutput(buffer, { output }) {
  return new Float32Array(buffer, output.ptr, output.elements).slice();
}
