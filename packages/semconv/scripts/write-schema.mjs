// Writes schema/security-event.schema.json from the built package's securityEventJsonSchema.
// Usage: node packages/semconv/scripts/write-schema.mjs [--check]
// With --check, writes nothing and exits 1 when the file differs from the built schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { securityEventJsonSchema } from '@secotel/semconv';

const target = join(resolve(import.meta.dirname, '..'), 'schema', 'security-event.schema.json');
const expected = `${JSON.stringify(securityEventJsonSchema, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let actual = '';
  try {
    actual = readFileSync(target, 'utf8');
  } catch {
    // a missing file is reported below as out of date
  }
  if (actual !== expected) {
    process.stderr.write(
      `${target} does not match securityEventJsonSchema. Rebuild (node scripts/build.mjs packages/semconv) and run node packages/semconv/scripts/write-schema.mjs\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${target} is up to date\n`);
} else {
  writeFileSync(target, expected);
  process.stdout.write(`wrote ${target}\n`);
}
