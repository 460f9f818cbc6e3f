// Shapes found at one of many positions of a value, whose scans once stopped after a fixed number
// of positions, so that padding in front hid them: code-execution calls with a command string
// (cmdi, after 32 '('), Velocity's #set and template braces (ssti, after 64 '#set' or '{') and
// the JavaScript injection shapes (after 32 occurrences of their word). All now visit every position.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect } from '@secotel/detect';

function rules(category: string, value: string, where: 'query' | 'body'): string[] {
  const request =
    where === 'query'
      ? { method: 'GET', path: '/search', query: { q: value } }
      : { method: 'POST', path: '/post', headers: { 'content-type': 'text/plain' }, body: value };
  return detect(request)
    .filter((f) => f.rule.category === category)
    .map((f) => f.rule.id);
}

describe('cmdi: a code-execution call behind other parentheses', () => {
  it('finds system(...) with a command string alone and behind any number of other calls', () => {
    for (const where of ['query', 'body'] as const) {
      assert.deepEqual(rules('cmdi', "system('cat /etc/passwd')", where), ['cmdi-002'], where);
      // 40 calls in front; the scan once gave up after the 32nd '('.
      assert.deepEqual(rules('cmdi', `${'f(x) '.repeat(40)}system('cat /etc/passwd')`, where), ['cmdi-002'], where);
      assert.deepEqual(rules('cmdi', `${'f(x); '.repeat(300)}passthru("id")`, where), ['cmdi-002'], where);
      // A value that opens with a parenthesis: the scan once never started.
      assert.deepEqual(rules('cmdi', '(a) (a) passthru("id")', where), ['cmdi-002'], where);
    }
  });

  it('still leaves prose with parentheses and calls without a command string alone', () => {
    assert.deepEqual(rules('cmdi', `${'see (page 3) '.repeat(100)}and the system (v2) docs`, 'body'), []);
    assert.deepEqual(rules('cmdi', `${'system(x) '.repeat(300)}`, 'body'), []);
  });
});

describe('ssti: Velocity #set behind other #set words', () => {
  it('finds #set($x = ...reflection...) alone and behind any number of #setting words', () => {
    const payload = '#set($x=$e.getClass().forName("java.lang.Runtime"))';
    assert.deepEqual(rules('ssti', payload, 'query'), ['ssti-003']);
    // 70 '#set' occurrences in front; the scan once gave up after the 64th.
    assert.deepEqual(rules('ssti', `${'#setting '.repeat(70)}${payload}`, 'query'), ['ssti-003']);
  });
});

describe('ssti: template expressions behind other braces', () => {
  it('finds {{7*7}} and ${7*7} behind any number of plain braces or closed template bodies', () => {
    for (const payload of ['{{7*7}}', '${7*7}']) {
      assert.deepEqual(rules('ssti', payload, 'query'), ['ssti-001'], payload);
      // 70 braces in front; the scan once gave up after the 64th '{'.
      assert.deepEqual(rules('ssti', `${'{a} '.repeat(70)}${payload}`, 'query'), ['ssti-001'], payload);
      assert.deepEqual(rules('ssti', `${'{"k": 1} '.repeat(200)}${payload}`, 'body'), ['ssti-001'], payload);
      assert.deepEqual(rules('ssti', `${'{{name}} '.repeat(70)}${payload}`, 'body'), ['ssti-001'], payload);
    }
  });

  it('finds the innermost expression of a body that holds another opening', () => {
    // The outer body is judged and skipped; its inner expression once went unseen.
    assert.deepEqual(rules('ssti', '{{abc {{7*7}}', 'query'), ['ssti-001']);
    assert.deepEqual(rules('ssti', '${abc ${7*7}}', 'query'), ['ssti-001']);
    assert.deepEqual(rules('ssti', `${'{{note\n'.repeat(70)}{{7*7}}`, 'body'), ['ssti-001']);
  });

  it('still leaves template text without an expression alone', () => {
    assert.deepEqual(rules('ssti', `${'{a} '.repeat(100)}{{ user.name }}`, 'body'), []);
  });
});

describe('js_injection: every occurrence of a shape\'s word is looked at', () => {
  // Each payload alone, then behind 40 harmless occurrences of the word it is found by.
  const cases: [string, string, string][] = [
    ['js-004', 'evaluate ', 'eval(atob("YWxlcnQoMSk="))'],
    ['js-001', 'fs.x ', "fs.readFileSync('/etc/passwd')"],
    ['js-003', 'constructor ', "this.constructor.constructor('return process')()"],
    ['js-006', 'while ', 'while(true){}'],
    ['js-001', 'required ', "x=require('vm')"],
    ['js-002', 'processing ', ';process.mainModule.require'],
  ];
  for (const [rule, padding, payload] of cases) {
    it(`finds ${rule} in ${JSON.stringify(payload)} behind 40 ${JSON.stringify(padding.trim())}`, () => {
      assert.ok(rules('js_injection', payload, 'query').includes(rule), 'alone');
      assert.ok(rules('js_injection', padding.repeat(40) + payload, 'query').includes(rule), 'padded');
      assert.ok(rules('js_injection', padding.repeat(40) + payload, 'body').includes(rule), 'padded, in a body');
    });
  }

  it('finds a payload at the end of a long member chain of the same word, after prose', () => {
    // 300 occurrences of process in one chain (measured once: the scan stays linear), then the
    // payload: the 301st occurrence, which the capped scan never reached.
    const chain = `see ${'process.env.'.repeat(300)}x;process.mainModule`;
    assert.ok(rules('js_injection', chain, 'body').includes('js-002'));
    assert.deepEqual(rules('js_injection', `see ${'process.env.'.repeat(300)}x is not set on my laptop`, 'body'), []);
  });
});
