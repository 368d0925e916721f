// Generates JSON schemas from the TypeScript types in grafana-types.ts (which come from @grafana/schema).
// The dashboard test calls generateSchemas() at test time, so the schemas always follow the pinned
// package; `npm run schema` writes them to schema/generated/ for a look or for an editor.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const here = dirname(fileURLToPath(import.meta.url));

/** The schema of each type a dashboard is checked against, by type name. */
export function generateSchemas() {
  const generator = createGenerator({
    path: join(here, 'grafana-types.ts'),
    tsconfig: join(here, 'tsconfig.json'),
    // the .d.ts files of @grafana/schema are compiled already; checking them again only costs time
    skipTypeCheck: true,
    // inline every type: @grafana/schema has two different types named DataSourceRef
    expose: 'none',
    topRef: false,
    // an unknown key is an error, so a misspelt option is not silently ignored by Grafana
    additionalProperties: false,
  });
  return Object.fromEntries(['JitfarmDashboard', 'PanelTypes', 'InfluxQLQuery']
    .map((type) => [type, generator.createSchema(type)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(here, 'generated');
  mkdirSync(out, { recursive: true });
  for (const [type, schema] of Object.entries(generateSchemas())) {
    writeFileSync(join(out, `${type}.schema.json`), JSON.stringify(schema, null, 2) + '\n');
  }
  console.log(`schemas written to ${out}`);
}
