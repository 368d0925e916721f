import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import test from 'node:test';
import {
  collectEnvironment, describeWebGpu, detectWasmFeatures, measureTimerResolutionUs, WASM_FEATURE_PROBES,
} from '../env.js';

test('the SIMD and shared-memory probes validate in Node 20', () => {
  assert.equal(WebAssembly.validate(WASM_FEATURE_PROBES.simd), true);
  assert.equal(WebAssembly.validate(WASM_FEATURE_PROBES.sharedMemoryImport), true);
});

test('the relaxed-SIMD probe is a valid module once the engine has the feature', () => {
  // Node 20 ships relaxed SIMD behind a flag: the probe must fail with it off and pass with it on.
  const validate = `import('${new URL('../env.js', import.meta.url)}')
    .then((env) => console.log(WebAssembly.validate(env.WASM_FEATURE_PROBES.relaxedSimd)))`;
  const run = (flags) => spawnSync(process.execPath, [...flags, '-e', validate], { encoding: 'utf8' });
  assert.equal(run(['--no-experimental-wasm-relaxed-simd']).stdout.trim(), 'false');
  assert.equal(run(['--experimental-wasm-relaxed-simd']).stdout.trim(), 'true');
});

test('threads need cross-origin isolation on top of engine support', () => {
  assert.equal(detectWasmFeatures(false).threads, false);
  assert.equal(detectWasmFeatures(true).threads, true);
});

test('timer resolution is the smallest positive step of the clock', () => {
  let ticks = 0;
  const clock = () => Math.floor(ticks++ / 3) * 0.1; // each reading repeated 3 times, then +100 us
  assert.equal(measureTimerResolutionUs(clock, 5), 100);
  assert.equal(measureTimerResolutionUs(() => 0, 0), null);
});

test('the environment report with a stubbed navigator without gpu', async () => {
  const navigator = { userAgent: 'stub-agent', platform: 'Linux x86_64', hardwareConcurrency: 2 };
  const env = await collectEnvironment({ navigator, crossOriginIsolated: false });
  assert.deepEqual(Object.keys(env), [
    'userAgent', 'platform', 'hardwareConcurrency', 'deviceMemory', 'crossOriginIsolated',
    'timerResolutionUs', 'wasm', 'webgpu',
  ]);
  assert.equal(env.userAgent, 'stub-agent');
  assert.equal(env.deviceMemory, null);
  assert.equal(env.crossOriginIsolated, false);
  assert.ok(env.timerResolutionUs > 0);
  assert.equal(env.wasm.simd, true);
  assert.equal(typeof env.wasm.relaxedSimd, 'boolean'); // false on Node 20, true on later engines
  assert.equal(env.wasm.threads, false); // not cross-origin isolated
  assert.equal(env.webgpu, null);
});

test('webgpu: adapter info, sorted features and every numeric limit', async () => {
  const adapter = {
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader' },
    features: new Set(['timestamp-query', 'float32-filterable']),
    limits: { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupStorageSize: 32768, label: 'not a limit' },
  };
  assert.deepEqual(await describeWebGpu({ requestAdapter: async () => adapter }), {
    vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader',
    features: ['float32-filterable', 'timestamp-query'],
    limits: { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupStorageSize: 32768 },
  });
});

test('webgpu: older adapters report info through requestAdapterInfo()', async () => {
  const adapter = { requestAdapterInfo: async () => ({ vendor: 'old' }), features: new Set(), limits: {} };
  const described = await describeWebGpu({ requestAdapter: async () => adapter });
  assert.equal(described.vendor, 'old');
});

test('webgpu: null without an adapter, on rejection, and when the request hangs', async () => {
  assert.equal(await describeWebGpu(undefined), null);
  assert.equal(await describeWebGpu({ requestAdapter: async () => null }), null);
  assert.equal(await describeWebGpu({ requestAdapter: async () => { throw new Error('no'); } }), null);
  assert.equal(await describeWebGpu({ requestAdapter: () => new Promise(() => {}) }, 20), null);
});
