// docs/rules.md is generated from the rule catalogue; a rule added without regenerating it fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '@secotel/detect';

const root = resolve(import.meta.dirname, '..', '..', '..');

describe('docs/rules.md', () => {
  it('is in sync with the rule catalogue', () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'gen-rule-docs.mjs'), '--check'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
  });

  it('lists every rule with its level', () => {
    const text = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
    for (const rule of RULES) assert.ok(text.includes(`| \`${rule.id}\` | ${rule.level} |`), rule.id);
  });
});
