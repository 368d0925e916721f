import assert from 'node:assert/strict';
import test from 'node:test';
import { createModelBaselineRunner, seededTensors } from '../model-baseline-runner.js';
import { readModelFixture } from './model-fixtures.mjs';

/** The seed agent's GraphFixturesTest fills its fixtures with. */
const FIXTURE_SEED = 11;
const measure = { warmup: 1, repeats: 3, minTimeMs: 0 };

test('the page fills a graph\'s weights and inputs exactly as jit\'s SeededValues does', () => {
  const fixture = readModelFixture('bert.json');
  const tensors = seededTensors(fixture.graph, FIXTURE_SEED);
  for (const [id, expected] of Object.entries({ ...fixture.weights, ...fixture.inputs })) {
    assert.deepEqual(tensors[id], expected, `tensor ${id}`);
  }
});

for (const engine of ['ort-web', 'tfjs']) {
  test(`run-model-baseline: ${engine} passes the reduced check, then is timed with the run-model answer's fields`, async () => {
    const { graph, reference } = readModelFixture('bert.json');
    const { runModelBaseline } = createModelBaselineRunner();
    const answer = await runModelBaseline({
      engine, threads: 1, seed: FIXTURE_SEED, measure, graph, check: { graph, expected: Array.from(reference) },
    });
    assert.equal(answer.valid, true, answer.error);
    assert.ok(answer.maxRelError < 1e-4, `maxRelError ${answer.maxRelError}`);
    assert.equal(answer.stats.n, 3);
    assert.ok(answer.setupMs > 0 && answer.firstRunMs > 0);
    assert.equal(answer.output.elements, reference.length);
    assert.equal(answer.output.nonFinite, 0);
    assert.match(answer.version, /^\d+\.\d+\.\d+/);
  });
}

test('run-model-baseline: a wrong reference makes the baseline invalid, a malformed command is rejected', async () => {
  const { graph, reference } = readModelFixture('bert.json');
  const { runModelBaseline } = createModelBaselineRunner();
  const wrong = await runModelBaseline({
    engine: 'ort-web', threads: 1, seed: FIXTURE_SEED, measure, graph,
    check: { graph, expected: Array.from(reference, (value) => value + 1) },
  });
  assert.equal(wrong.valid, false);
  assert.match(wrong.error, /^wrong result: /);
  await assert.rejects(runModelBaseline({ engine: 'webdnn', threads: 1, seed: 1, measure, graph, check: { graph } }),
    /engine must be one of ort-web, tfjs/);
  await assert.rejects(runModelBaseline({ engine: 'tfjs', threads: 1, seed: 1, measure, graph, check: { graph, expected: [1] } }),
    /check.expected must be the \d+ reference values/);
});
