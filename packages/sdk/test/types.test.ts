// The compile-time checks of types.test-d.ts, run with the repo's TypeScript against the built
// package's declarations: the file compiles under `tsc --strict` (so every `@ts-expect-error`
// marks a real error), and without the directives each marked line, and only those, fails.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const TYPES_FILE = resolve(import.meta.dirname, 'types.test-d.ts');
const SDK_DIR = resolve(import.meta.dirname, '..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b(.*)$/;

/** Runs tsc on one file; resolves with its exit code and output (diagnostics go to stdout). */
function tsc(file: string, extra: readonly string[] = []): { code: number; output: string } {
  const args = [TSC, '--strict', '--noEmit', '--pretty', 'false', '--target', 'es2023', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', ...extra, file];
  try {
    return { code: 0, output: execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 }) };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { code: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes `source` as types.test-d.ts into a project outside the repo (so no concurrent
 * typecheck sees it) that resolves @secotel/sdk to this package through a node_modules link,
 * like an application's would; `type` is the project's package type.
 */
function scratchProject(source: string, type: 'module' | 'commonjs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'secotel-types-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'node_modules', '@secotel'), { recursive: true });
  symlinkSync(SDK_DIR, join(dir, 'node_modules', '@secotel', 'sdk'), 'dir');
  symlinkSync(dirname(dirname(createRequire(import.meta.url).resolve('@types/node/package.json'))), join(dir, 'node_modules', '@types'), 'dir');
  writeFileSync(join(dir, 'package.json'), `{ "type": "${type}" }\n`);
  const file = join(dir, 'types.test-d.ts');
  writeFileSync(file, source);
  return file;
}

describe('securityEvent() and setUser() types', () => {
  it('compile types.test-d.ts under tsc --strict, so every @ts-expect-error there is a real error', () => {
    const { code, output } = tsc(TYPES_FILE);
    assert.equal(code, 0, output);
  });

  it('compile it with exactOptionalPropertyTypes and noUncheckedIndexedAccess too', () => {
    const { code, output } = tsc(TYPES_FILE, ['--exactOptionalPropertyTypes', '--noUncheckedIndexedAccess']);
    assert.equal(code, 0, output);
  });

  it('compile it in a CommonJS project, against the CommonJS declarations', () => {
    const { code, output } = tsc(scratchProject(readFileSync(TYPES_FILE, 'utf8'), 'commonjs'));
    assert.equal(code, 0, output);
  });

  it('report an error on each line marked @ts-expect-error once the directives are removed, and on no other line', () => {
    const lines = readFileSync(TYPES_FILE, 'utf8').split('\n');
    const expected = new Set<number>();
    const stripped = lines.map((line, index) => {
      if (!DIRECTIVE.test(line)) return line;
      expected.add(index + 1); // the directive's own (1-based) line, blank now; the line after it must fail
      return '';
    });
    assert.ok(expected.size >= 15, `only ${expected.size} directives`);
    const { code, output } = tsc(scratchProject(stripped.join('\n'), 'module'));
    assert.notEqual(code, 0, 'expected errors without the directives');
    const failing = new Set<number>();
    for (const match of output.matchAll(/types\.test-d\.ts\((\d+),\d+\): error TS\d+/g)) failing.add(Number(match[1]) - 1);
    assert.deepEqual([...failing].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), output);
  });
});
