import { expect } from './command-checks.js';

const PAGE_BYTES = 65536;
/** The pages of a 32-bit memory. */
const MAX_PAGES = 65536;
const FLOAT_BYTES = 4;
/** Cache-line (and SIMD) friendly starts for A, B, C and the scratch area. */
const ALIGN_BYTES = 64;

/**
 * @typedef {object} MatMulLayout byte offsets in the kernel's memory
 * @property {number} aPtr A [M, K], row-major fp32
 * @property {number} bPtr B [K, N]
 * @property {number} cPtr C [M, N]
 * @property {number} scratchPtr thread t's scratch starts at scratchPtr + t * scratchBytesPerThread
 * @property {number} pages 64 KiB pages that hold all of it
 */

/**
 * Where A, B, C and the threads' scratch go. A does not start at 0, so a kernel that ignores aPtr
 * reads the wrong data and fails the check.
 *
 * @param {[number, number, number]} shape [M, K, N]
 * @param {number} scratchBytes all threads' scratch together
 * @returns {MatMulLayout}
 */
export function layOutMatMul([M, K, N], scratchBytes) {
  const alignUp = (offset) => Math.ceil(offset / ALIGN_BYTES) * ALIGN_BYTES;
  const aPtr = ALIGN_BYTES;
  const bPtr = alignUp(aPtr + M * K * FLOAT_BYTES);
  const cPtr = alignUp(bPtr + K * N * FLOAT_BYTES);
  const scratchPtr = alignUp(cPtr + M * N * FLOAT_BYTES);
  const pages = Math.ceil((scratchPtr + scratchBytes) / PAGE_BYTES);
  expect(pages <= MAX_PAGES, `A, B, C and scratch must fit a 32-bit memory (${MAX_PAGES} pages); they need ${pages} pages`, [M, K, N]);
  return { aPtr, bPtr, cPtr, scratchPtr, pages };
}

/**
 * Puts A and B in place and fills C with NaN, which proves the kernel wrote every element of C.
 *
 * @param {ArrayBufferLike} buffer the kernel memory's buffer
 * @param {MatMulLayout} layout
 * @param {{a: Float32Array, b: Float32Array}} inputs
 * @param {[number, number, number]} shape
 */
export function writeInputs(buffer, layout, { a, b }, [M, K, N]) {
  new Float32Array(buffer, layout.aPtr, M * K).set(a);
  new Float32Array(buffer, layout.bPtr, K * N).set(b);
  new Float32Array(buffer, layout.cPtr, M * N).fill(NaN);
}

/**
 * A copy of C, which can be posted to another thread whatever the memory.
 *
 * @param {ArrayBufferLike} buffer the kernel memory's buffer, read after the call: a kernel that
 *   grew its memory has detached (unshared) or outgrown (shared) any earlier buffer
 * @param {MatMulLayout} layout
 * @param {[number, number, number]} shape
 * @returns {Float32Array}
 */
export function copyOutput(buffer, layout, [M, , N]) {
  return new Float32Array(buffer, layout.cPtr, M * N).slice();
}
