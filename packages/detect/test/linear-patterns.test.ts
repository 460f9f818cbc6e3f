// Every regular expression the engine runs must be linear-time. Proved two ways: V8's
// experimental linear engine accepts it (it rejects backreferences, lookaround and anything it
// cannot run in linear time), and a structural check finds no nested or adjacent overlapping
// quantifiers, which is what makes the default backtracking engine blow up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { RULE_PATTERNS } from '@secotel/detect';

const patterns = Object.entries(RULE_PATTERNS).map(([name, re]) => ({ name, source: re.source, flags: re.flags }));

describe('RULE_PATTERNS', () => {
  it('lists the patterns, none with the i flag (inputs are lower-cased) or global state', () => {
    assert.ok(patterns.length > 0);
    for (const p of patterns) {
      assert.ok(!p.flags.includes('i'), `${p.name} uses the i flag`);
      assert.ok(!p.flags.includes('g') && !p.flags.includes('y'), `${p.name} is stateful`);
    }
  });

  it("compiles every pattern with V8's linear-time engine", () => {
    const script = `
      const patterns = JSON.parse(process.argv[1]);
      const failed = [];
      for (const p of patterns) {
        try { new RegExp(p.source, p.flags + 'l'); } catch (e) { failed.push(p.name + ': ' + e.message); }
      }
      process.stdout.write(JSON.stringify(failed));`;
    const result = spawnSync(process.execPath, ['--enable-experimental-regexp-engine', '-e', script, JSON.stringify(patterns)], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout) as string[], []);
  });

  it('has no quantified group that itself contains a quantifier', () => {
    for (const p of patterns) {
      // Strip escapes and character classes, then look for (...)+ / (...)* / (...){n,} around a quantifier.
      const simplified = p.source.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
      const stack: { hasQuantifier: boolean }[] = [];
      let top = { hasQuantifier: false };
      for (let i = 0; i < simplified.length; i++) {
        const ch = simplified[i];
        if (ch === '(') {
          stack.push(top);
          top = { hasQuantifier: false };
        } else if (ch === ')') {
          const inner = top;
          top = stack.pop() ?? { hasQuantifier: false };
          const next = simplified[i + 1];
          const quantified = next === '*' || next === '+' || (next === '{' && /^\{\d*,\d*\}/.test(simplified.slice(i + 1)) && !/^\{\d+\}/.test(simplified.slice(i + 1)));
          assert.ok(!(quantified && inner.hasQuantifier), `${p.name} has a nested quantifier: ${p.source}`);
          if (inner.hasQuantifier || quantified) top.hasQuantifier = true;
        } else if (ch === '*' || ch === '+' || ch === '{') {
          top.hasQuantifier = true;
        }
      }
    }
  });
});
