// Writes a generated document, or with --check compares it and names the first differing line.
// Shared by the docs generators (events, detection rules); `source` names what the doc is made from.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export function writeOrCheck(root, target, expected, source, rebuild) {
  const shown = relative(root, target);
  if (!process.argv.includes('--check')) {
    writeFileSync(target, expected);
    process.stdout.write(`wrote ${shown}\n`);
    return;
  }
  let actual;
  try {
    actual = readFileSync(target, 'utf8');
  } catch {
    process.stderr.write(`${shown} is missing. Run \`npm run docs\` and commit it.\n`);
    process.exit(1);
  }
  if (actual === expected) {
    process.stdout.write(`${shown} is up to date\n`);
    return;
  }
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  let line = 0;
  while (line < expectedLines.length && expectedLines[line] === actualLines[line]) line += 1;
  process.stderr.write(
    `${shown} is out of date with ${source}: line ${line + 1} differs.\n` +
      `  catalogue: ${expectedLines[line] ?? '(end of file)'}\n` +
      `  ${shown}: ${actualLines[line] ?? '(end of file)'}\n` +
      `Run \`npm run docs\` (after building ${rebuild}) and commit the result.\n`,
  );
  process.exit(1);
}
