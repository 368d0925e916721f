const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const V128_CONST_ZERO = [0xfd, 0x0c, ...new Array(16).fill(0)];

/** Upper bound on waiting for `requestAdapter()`, which can stall on some GPU drivers. */
const ADAPTER_TIMEOUT_MS = 5000;

/**
 * A module with one function `() -> v128` whose body is `instructions`. Every section stays under
 * 128 bytes, so each size is a single LEB128 byte.
 */
function v128FunctionModule(instructions) {
  const body = [0x00 /* no locals */, ...instructions, 0x0b /* end */];
  return new Uint8Array([
    ...WASM_HEADER,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, body.length + 2, 0x01, body.length, ...body, // code section: one body
  ]);
}

/** Tiny modules that are valid only where the engine knows the feature. */
export const WASM_FEATURE_PROBES = Object.freeze({
  /** (f32x4.add (v128.const 0) (v128.const 0)) */
  simd: v128FunctionModule([...V128_CONST_ZERO, ...V128_CONST_ZERO, 0xfd, 0xe4, 0x01]),
  /** (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)) */
  relaxedSimd: v128FunctionModule([...V128_CONST_ZERO, ...V128_CONST_ZERO, ...V128_CONST_ZERO, 0xfd, 0x85, 0x02]),
  /** (import "env" "memory" (memory 1 1 shared)) */
  sharedMemoryImport: new Uint8Array([
    ...WASM_HEADER,
    0x02, 0x10, 0x01, // import section, 16 bytes, one import
    0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, // "env" "memory"
    0x02, 0x03, 0x01, 0x01, // memory, limits flags 0x03 (has max, shared), min 1, max 1
  ]),
});

/**
 * Which Wasm features kernels may use here.
 *
 * @param {boolean} crossOriginIsolated threads need it: without isolation no SharedArrayBuffer
 *   can be handed to workers, even where the engine decodes shared memories
 * @returns {{simd: boolean, relaxedSimd: boolean, threads: boolean}}
 */
export function detectWasmFeatures(crossOriginIsolated) {
  return {
    simd: WebAssembly.validate(WASM_FEATURE_PROBES.simd),
    relaxedSimd: WebAssembly.validate(WASM_FEATURE_PROBES.relaxedSimd),
    // validate() only checks the module; whether a shared memory can be supplied is checked apart.
    threads: WebAssembly.validate(WASM_FEATURE_PROBES.sharedMemoryImport)
      && crossOriginIsolated
      && typeof SharedArrayBuffer !== 'undefined'
      && canCreateSharedMemory(),
  };
}

function canCreateSharedMemory() {
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Smallest positive step between successive clock readings, sampled for `spanMs`. Browsers coarsen
 * `performance.now()` (about 5 us when cross-origin isolated, 100 us otherwise), which bounds how
 * short a kernel can be timed with one call per sample.
 *
 * @param {() => number} [clock] milliseconds
 * @param {number} [spanMs] how long to sample
 * @returns {number | null} microseconds (rounded to 1 ns), null if the clock never moved
 */
export function measureTimerResolutionUs(clock = () => performance.now(), spanMs = 5) {
  const start = clock();
  let previous = start;
  let smallestStepMs = Infinity;
  for (let now = clock(); now - start < spanMs; now = clock()) {
    if (now > previous) smallestStepMs = Math.min(smallestStepMs, now - previous);
    previous = now;
  }
  return Number.isFinite(smallestStepMs) ? Math.round(smallestStepMs * 1e6) / 1e3 : null;
}

/**
 * The WebGPU adapter as the tuner needs it, or null when there is none (no `navigator.gpu`, no
 * adapter, a rejected request, or no answer within `timeoutMs`).
 *
 * @param {GPU | undefined} gpu `navigator.gpu`
 * @param {number} [timeoutMs]
 * @returns {Promise<null | {vendor: string, architecture: string, device: string, description: string,
 *   features: string[], limits: Object<string, number>}>}
 */
export async function describeWebGpu(gpu, timeoutMs = ADAPTER_TIMEOUT_MS) {
  if (!gpu) return null;
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs, null); });
  let adapter;
  try {
    adapter = await Promise.race([gpu.requestAdapter(), timeout]);
  } catch {
    return null; // the spec lets requestAdapter reject instead of resolving null
  } finally {
    clearTimeout(timer);
  }
  if (!adapter) return null;
  // adapter.info replaced requestAdapterInfo() in Chrome 127; older browsers have only the method.
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => null)) ?? {};
  const limits = {};
  // for...in, not Object.keys: the limits are WebIDL attributes living on the prototype.
  for (const name in adapter.limits) {
    if (typeof adapter.limits[name] === 'number') limits[name] = adapter.limits[name];
  }
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    features: [...adapter.features].sort(),
    limits,
  };
}

/**
 * The `env` of the `hello` message. Works in a window or a worker (both have these navigator fields).
 *
 * @param {{navigator: Navigator, crossOriginIsolated?: boolean}} [scope] the global scope
 * @returns {Promise<object>} {userAgent, platform, hardwareConcurrency, deviceMemory, crossOriginIsolated,
 *   timerResolutionUs, wasm: {simd, relaxedSimd, threads}, webgpu}
 */
export async function collectEnvironment(scope = globalThis) {
  const { navigator } = scope;
  const crossOriginIsolated = scope.crossOriginIsolated === true;
  return {
    userAgent: navigator.userAgent,
    platform: navigator.platform,
    hardwareConcurrency: navigator.hardwareConcurrency,
    deviceMemory: navigator.deviceMemory ?? null,
    crossOriginIsolated,
    timerResolutionUs: measureTimerResolutionUs(),
    wasm: detectWasmFeatures(crossOriginIsolated),
    webgpu: await describeWebGpu(navigator.gpu),
  };
}
