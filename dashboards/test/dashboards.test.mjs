// Checks every dashboard in ../json offline: against JSON schemas generated from @grafana/schema, and
// against what jitfarm's dashboards promise (one provisioned datasource, the shared template variables,
// raw InfluxQL in every panel). Whether the queries return rows is `jitfarm dashboards check`'s job.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultDashboard } from '@grafana/schema';
import Ajv from 'ajv';
import { generateSchemas } from '../schema/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED_VARIABLES = ['device', 'browser', 'backend', 'model', 'run'];
// What Grafana itself puts into a query: the time range condition and the interval of GROUP BY time().
const GRAFANA_MACROS = ['timeFilter', '__interval'];

const provisionedDatasource = {
  type: 'influxdb',
  uid: /^\s*uid:\s*(\S+)\s*$/m.exec(readFileSync(join(root, 'provisioning/datasources/jitfarm.yaml'), 'utf8'))[1],
};
const dashboards = readdirSync(join(root, 'json')).filter((name) => name.endsWith('.json')).sort()
  .map((file) => ({ file, json: JSON.parse(readFileSync(join(root, 'json', file), 'utf8')) }));

const schemas = generateSchemas();
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validators = {
  dashboard: ajv.compile(schemas.JitfarmDashboard),
  query: ajv.compile(schemas.InfluxQLQuery),
  panelTypes: Object.fromEntries(Object.entries(schemas.PanelTypes.properties).map(([type, parts]) => [type, {
    options: ajv.compile(parts.properties.options),
    custom: ajv.compile(parts.properties.custom),
  }])),
};

/** Fails with every schema violation, each with where it is, instead of a bare false. */
function assertValid(validate, value, where) {
  if (!validate(value)) {
    const errors = validate.errors.map((e) => `  ${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    assert.fail(`schema violations:\n${errors.join('\n')}`);
  }
}

function panelName(panel) {
  return `panel ${panel.id} "${panel.title}"`;
}

function queryVariables(dashboard) {
  return (dashboard.templating?.list ?? []).filter((variable) => variable.type === 'query');
}

/** Every InfluxQL text of a dashboard, with where it is: panel targets, variables, annotations. */
function queries(dashboard) {
  return [
    ...(dashboard.panels ?? []).flatMap((panel) => (panel.targets ?? [])
      .map((target) => ({ where: `${panelName(panel)} query ${target.refId}`, text: target.query }))),
    ...queryVariables(dashboard).map((variable) => ({ where: `variable $${variable.name}`, text: variable.query })),
    ...(dashboard.annotations?.list ?? [])
      .map((annotation) => ({ where: `annotation "${annotation.name}"`, text: annotation.target?.query })),
  ];
}

/** Every value of a `datasource` key anywhere in the JSON, with its path. */
function datasourceReferences(node, path = '') {
  if (Array.isArray(node)) {
    return node.flatMap((item, i) => datasourceReferences(item, `${path}[${i}]`));
  }
  if (node === null || typeof node !== 'object') {
    return [];
  }
  return Object.entries(node).flatMap(([key, value]) => key === 'datasource'
    ? [{ path: `${path}.${key}`, value }]
    : datasourceReferences(value, `${path}.${key}`));
}

test('the dashboards folder holds the five jitfarm dashboards', () => {
  assert.deepEqual(dashboards.map((d) => d.file),
    ['farm-overview.json', 'kernel-tuning.json', 'nightly-trend.json', 'quality-of-experience.json', 'speedup.json']);
});

test('no two dashboards share a uid or a title', () => {
  for (const key of ['uid', 'title']) {
    const values = dashboards.map((d) => d.json[key]);
    assert.deepEqual(values, [...new Set(values)], `${key}s repeat`);
  }
});

for (const { file, json: dashboard } of dashboards) {
  describe(file, () => {
    test('is a Grafana dashboard by the schema of @grafana/schema', () => {
      assertValid(validators.dashboard, dashboard, file);
    });

    test('is at the schema version of the pinned Grafana', () => {
      assert.equal(dashboard.schemaVersion, defaultDashboard.schemaVersion);
    });

    test('gives each panel only options and field config its panel type accepts', () => {
      for (const panel of dashboard.panels) {
        const panelType = validators.panelTypes[panel.type];
        assert.ok(panelType, `${panelName(panel)}: type ${panel.type} is none of ${Object.keys(validators.panelTypes)}`);
        assertValid(panelType.options, panel.options ?? {}, `${panelName(panel)} options`);
        assertValid(panelType.custom, panel.fieldConfig?.defaults?.custom ?? {}, `${panelName(panel)} custom`);
      }
    });

    test('numbers its panels uniquely', () => {
      const ids = dashboard.panels.map((panel) => panel.id);
      assert.deepEqual(ids, [...new Set(ids)]);
    });

    test('gives every panel at least one raw InfluxQL query', () => {
      for (const panel of dashboard.panels) {
        assert.ok(panel.targets?.length > 0, `${panelName(panel)} has no query`);
        for (const target of panel.targets) {
          assertValid(validators.query, target, `${panelName(panel)} query ${target.refId}`);
          assert.match(target.query, /\S/, `${panelName(panel)} query ${target.refId} is blank`);
        }
      }
    });

    test('refers to no datasource but the provisioned one', () => {
      for (const reference of datasourceReferences(dashboard)) {
        assert.deepEqual(reference.value, provisionedDatasource, `${file}${reference.path}`);
      }
    });

    test('names the provisioned datasource on every panel, query, variable and annotation', () => {
      const holders = [
        ...dashboard.panels.flatMap((panel) => [
          [panelName(panel), panel],
          ...panel.targets.map((target) => [`${panelName(panel)} query ${target.refId}`, target]),
        ]),
        ...dashboard.templating.list.map((variable) => [`variable $${variable.name}`, variable]),
        ...(dashboard.annotations?.list ?? []).flatMap((annotation) => [
          [`annotation "${annotation.name}"`, annotation],
          [`annotation "${annotation.name}" query`, annotation.target],
        ]),
      ];
      for (const [where, holder] of holders) {
        assert.deepEqual(holder.datasource, provisionedDatasource, where);
      }
    });

    test('has the template variables every jitfarm dashboard shares, each a tag query', () => {
      const byName = new Map(dashboard.templating.list.map((variable) => [variable.name, variable]));
      for (const name of SHARED_VARIABLES) {
        const variable = byName.get(name);
        assert.ok(variable, `no $${name}`);
        assert.equal(variable.type, 'query', `$${name}`);
        assert.match(variable.query, /^SHOW TAG VALUES /, `$${name}`);
      }
    });

    test('uses no variable it does not define', () => {
      const known = new Set([...GRAFANA_MACROS, ...dashboard.templating.list.map((variable) => variable.name)]);
      for (const { where, text } of queries(dashboard)) {
        for (const [, braced, plain] of text.matchAll(/\$(?:\{(\w+)\}|(\w+))/g)) {
          assert.ok(known.has(braced ?? plain), `${where} uses undefined $${braced ?? plain}`);
        }
      }
    });
  });
}
