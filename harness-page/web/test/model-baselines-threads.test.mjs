// The model baselines asked for 2 threads, in a process of their own since the runtimes keep the
// count they start with. ONNX Runtime runs its pool of 2 in Node too; the TF.js wasm backend runs
// on 1 thread in Node whatever it is asked (threads are checked in Chromium).
import assert from 'node:assert/strict';
import test from 'node:test';
import { MODEL_BASELINE_ENGINES } from '../model-baselines/model-engines.js';
import { compareWithFixture, readModelFixture } from './model-fixtures.mjs';

for (const [engine, baseline] of Object.entries(MODEL_BASELINE_ENGINES)) {
  test(`${engine} asked for 2 threads runs BERT as the float64 reference does`, async () => {
    const fixture = readModelFixture('bert.json');
    const session = await baseline.open({ graph: fixture.graph, tensors: fixture.weights, threads: 2, vendorUrl: null });
    try {
      const judged = compareWithFixture(await session.run(fixture.inputs), fixture);
      assert.equal(judged.valid, true, judged.reason);
      if (engine === 'ort-web') assert.equal(session.threads, 2);
    } finally {
      await session.close();
    }
  });
}
