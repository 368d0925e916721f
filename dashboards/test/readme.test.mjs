import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { README, readmeWithSection } from '../tools/panel-queries.mjs';

test('the README shows every panel\'s query as the dashboards have it (npm run readme updates it)', () => {
  const readme = readFileSync(README, 'utf8');
  assert.equal(readme, readmeWithSection(readme), 'dashboards/README.md is out of date: run `npm run readme` in dashboards/');
});
