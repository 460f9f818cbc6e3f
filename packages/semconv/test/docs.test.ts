import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { SECURITY_EVENTS, securityEventName } from '@secotel/semconv';

const root = resolve(import.meta.dirname, '..', '..', '..');
const generator = join(root, 'scripts', 'gen-event-docs.mjs');
const docs = join(root, 'docs', 'events.md');

function runGenerator(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [generator, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('docs/events.md', () => {
  it('is in sync with the catalogue', () => {
    const result = runGenerator('--check');
    assert.equal(result.status, 0, result.stderr);
  });

  it('documents every event under its emitted name', () => {
    const text = readFileSync(docs, 'utf8');
    for (const name of Object.keys(SECURITY_EVENTS)) assert.ok(text.includes(`### \`${securityEventName(name)}\``), name);
  });

  it('makes the check fail with a message naming the difference when the docs are edited', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'secotel-docs-'));
    try {
      const copy = join(scratch, 'events.md');
      const original = readFileSync(docs, 'utf8');
      writeFileSync(copy, original.replace('| Level | WARN (SeverityNumber 13) |', '| Level | INFO (SeverityNumber 9) |'));
      const result = runGenerator('--check', '--out', copy);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /events\.md is out of date with @secotel\/semconv: line \d+ differs/);
      assert.match(result.stderr, /catalogue: \| Level \| WARN/);
      assert.match(result.stderr, /npm run docs/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('makes the check fail when the docs are missing', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'secotel-docs-'));
    try {
      const result = runGenerator('--check', '--out', join(scratch, 'absent.md'));
      assert.equal(result.status, 1);
      assert.match(result.stderr, /is missing/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
