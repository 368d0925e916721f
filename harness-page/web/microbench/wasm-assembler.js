/**
 * A small WebAssembly binary assembler: the encodings (LEB128, sections, names), a module builder
 * for functions over one imported memory, and the few instructions the microbenchmark probes use.
 * Instructions are plain byte arrays, so a function body is an array spread together from them.
 */

/** Value types, as encoded in signatures and local declarations. */
export const ValType = Object.freeze({ i32: 0x7f, f32: 0x7d, v128: 0x7b });

/**
 * Unsigned LEB128.
 *
 * @param {number} value integer in [0, 2^32)
 * @returns {number[]}
 */
export function uleb128(value) {
  const bytes = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    bytes.push(value ? low | 0x80 : low);
  } while (value);
  return bytes;
}

/**
 * Signed LEB128 (i32.const immediates).
 *
 * @param {number} value integer in [-2^31, 2^31)
 * @returns {number[]}
 */
export function sleb128(value) {
  const bytes = [];
  for (;;) {
    const low = value & 0x7f;
    value >>= 7;
    // Done once the rest is pure sign extension of the byte's sign bit (0x40).
    if ((value === 0 && !(low & 0x40)) || (value === -1 && (low & 0x40))) {
      bytes.push(low);
      return bytes;
    }
    bytes.push(low | 0x80);
  }
}

/** `bytes` preceded by their length: the shape of vectors' contents, sections and bodies. */
export const sized = (bytes) => [...uleb128(bytes.length), ...bytes];

/** A section: its id, then its contents sized. */
export const section = (id, bytes) => [id, ...sized(bytes)];

/** A name (import, export) as UTF-8 bytes, sized. */
export const encodeName = (text) => sized([...new TextEncoder().encode(text)]);

/** A vector: the element count, then the elements' bytes. */
const vector = (elements) => [...uleb128(elements.length), ...elements.flat()];

const SectionId = Object.freeze({ type: 1, import: 2, function: 3, export: 7, code: 10 });
const FUNC_TYPE = 0x60;
const EXTERNAL_FUNCTION = 0x00;
const EXTERNAL_MEMORY = 0x02;
/** Limits flags: bit 0 says a maximum follows the minimum, bit 1 that the memory is shared. */
const LIMITS_HAS_MAX = 0x01;
const LIMITS_SHARED = 0x02;

/**
 * Encodes a module that imports one memory and exports every function under its name.
 *
 * @param {object} spec
 * @param {{module: string, name: string, minPages: number, maxPages?: number, shared?: boolean}} spec.memory
 *   the imported memory; a shared one needs `maxPages`
 * @param {{name: string, params: number[], results: number[], locals: number[], body: number[]}[]} spec.functions
 *   `params`, `results` and `locals` are {@link ValType}s; locals are numbered after the params;
 *   `body` is the instructions without the final `end`, which is added here
 * @returns {Uint8Array}
 */
export function encodeModule({ memory, functions }) {
  // One type entry per distinct signature.
  const signatures = [];
  const typeIndices = functions.map(({ params, results }) => {
    const signature = [FUNC_TYPE, ...sized(params), ...sized(results)];
    const key = signature.join();
    let index = signatures.findIndex((known) => known.join() === key);
    if (index < 0) index = signatures.push(signature) - 1;
    return index;
  });
  const memoryImport = [...encodeName(memory.module), ...encodeName(memory.name), EXTERNAL_MEMORY, ...encodeLimits(memory)];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    ...section(SectionId.type, vector(signatures)),
    ...section(SectionId.import, vector([memoryImport])),
    ...section(SectionId.function, vector(typeIndices.map(uleb128))),
    ...section(SectionId.export, vector(functions.map(({ name }, index) => [...encodeName(name), EXTERNAL_FUNCTION, ...uleb128(index)]))),
    ...section(SectionId.code, vector(functions.map(({ locals, body }) => sized([...encodeLocals(locals), ...body, ...instr.end])))),
  ]);
}

function encodeLimits({ minPages, maxPages, shared = false }) {
  if (shared && maxPages === undefined) throw new RangeError('a shared memory needs maxPages');
  const flags = (maxPages === undefined ? 0 : LIMITS_HAS_MAX) | (shared ? LIMITS_SHARED : 0);
  return [flags, ...uleb128(minPages), ...(maxPages === undefined ? [] : uleb128(maxPages))];
}

/** Local declarations: runs of equal types, each as (count, type). */
function encodeLocals(types) {
  const runs = [];
  for (const type of types) {
    const last = runs.at(-1);
    if (last && last[1] === type) last[0]++;
    else runs.push([1, type]);
  }
  return vector(runs.map(([count, type]) => [...uleb128(count), type]));
}

const SIMD_PREFIX = 0xfd;
const simd = (opcode) => [SIMD_PREFIX, ...uleb128(opcode)];
/** alignment exponent, then offset */
const memarg = (alignLog2, offset) => [alignLog2, ...uleb128(offset)];

/** The instructions the probes are written in (opcodes from the core and SIMD specs). */
export const instr = Object.freeze({
  end: [0x0b],
  /** A loop with no result; `br_if 0` inside it jumps back to its start. */
  loop: [0x03, 0x40],
  brIf: (depth) => [0x0d, ...uleb128(depth)],
  localGet: (index) => [0x20, ...uleb128(index)],
  localSet: (index) => [0x21, ...uleb128(index)],
  localTee: (index) => [0x22, ...uleb128(index)],
  i32Const: (value) => [0x41, ...sleb128(value)],
  i32Sub: [0x6b],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(4, offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(4, offset)],
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
  /** Relaxed SIMD: a * b + c, fused or not as the hardware prefers. */
  f32x4RelaxedMadd: simd(0x105),
});
