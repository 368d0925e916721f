/**
 * mulberry32: a 32-bit seeded generator. Inputs must be reproducible from the seed alone so the
 * agent can re-run a candidate on identical data, and so the reference can be cached per seed.
 *
 * @param {number} seed any number; only its low 32 bits matter
 * @returns {() => number} next unsigned 32-bit integer of the stream
 */
export function createMulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Fills `target` with values uniform in [-1, 1), drawn in order from `nextUint32`.
 * Only the top 24 bits are used: k / 2^23 - 1 is then exact in float32, whereas scaling all
 * 32 bits would round values just below 1 up to 1.0.
 *
 * @param {Float32Array} target
 * @param {() => number} nextUint32 e.g. from {@link createMulberry32}
 * @returns {Float32Array} target
 */
export function fillUniformSigned(target, nextUint32) {
  for (let i = 0; i < target.length; i++) {
    target[i] = (nextUint32() >>> 8) / 0x800000 - 1;
  }
  return target;
}
