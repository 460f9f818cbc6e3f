// Writes schema/security-event.schema.json and schema/ocsf-event.schema.json from the built
// package's securityEventJsonSchema and ocsfEventJsonSchema.
// Usage: node packages/semconv/scripts/write-schema.mjs [--check]
// With --check, writes nothing and exits 1 when a file differs from the built schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ocsfEventJsonSchema, securityEventJsonSchema } from '@secotel/semconv';

const schemaDir = join(resolve(import.meta.dirname, '..'), 'schema');
const files = [
  ['security-event.schema.json', 'securityEventJsonSchema', securityEventJsonSchema],
  ['ocsf-event.schema.json', 'ocsfEventJsonSchema', ocsfEventJsonSchema],
];

let stale = false;
for (const [name, exportName, schema] of files) {
  const target = join(schemaDir, name);
  const expected = `${JSON.stringify(schema, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let actual = '';
    try {
      actual = readFileSync(target, 'utf8');
    } catch {
      // a missing file is reported below as out of date
    }
    if (actual !== expected) {
      process.stderr.write(
        `${target} does not match ${exportName}. Rebuild (node scripts/build.mjs packages/semconv) and run node packages/semconv/scripts/write-schema.mjs\n`,
      );
      stale = true;
    } else {
      process.stdout.write(`${target} is up to date\n`);
    }
  } else {
    writeFileSync(target, expected);
    process.stdout.write(`wrote ${target}\n`);
  }
}
if (stale) process.exit(1);
