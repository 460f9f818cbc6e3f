// Command-injection shapes whose scans were made linear, so that no cap on the positions visited
// lets padding in front hide them: a redirection to a system file (where a '>' that closes an HTML
// tag is not one), a globbed word that spells a system path (a glob is compared only with the
// targets of a length it can match), brace expansion and Shellshock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect } from '@secotel/detect';

function cmdiRules(q: string): string[] {
  return detect({ method: 'GET', path: '/search', query: { q } })
    .filter((f) => f.rule.category === 'cmdi')
    .map((f) => f.rule.id);
}

describe('cmdi: redirection to a system file', () => {
  it('finds > and >> into system files, also after closed HTML tags', () => {
    assert.deepEqual(cmdiRules('echo x > /etc/passwd'), ['cmdi-009']);
    assert.deepEqual(cmdiRules('echo 1 >/etc/passwd'), ['cmdi-009']);
    assert.deepEqual(cmdiRules('<b>x</b> echo 1 > /etc/passwd'), ['cmdi-009']);
    assert.deepEqual(cmdiRules(`${'a>b '.repeat(30)} x > /etc/passwd`), ['cmdi-009']);
  });

  it('finds it behind any number of tags: markup padding does not hide it', () => {
    // 600 '>' before the redirection; the scan once stopped at the 64th.
    assert.deepEqual(cmdiRules(`${'<i>a</i>'.repeat(300)} x > /etc/passwd`), ['cmdi-009']);
    assert.deepEqual(cmdiRules(`${'<i>a</i>'.repeat(300)} cat</etc/passwd`), ['cmdi-009']);
  });

  it('takes a > that closes a tag opened at most 79 characters before it for markup', () => {
    assert.deepEqual(cmdiRules('see <b>/etc/hosts</b> for names'), []);
    assert.deepEqual(cmdiRules(`<a ${'x'.repeat(60)}> /etc/passwd`), []);
    // A '<' further back than that does not make the '>' a tag's end.
    assert.deepEqual(cmdiRules(`<a ${'x'.repeat(100)}> /etc/passwd`), ['cmdi-009']);
  });
});

describe('cmdi: globbed system paths', () => {
  it('finds ?, * and [...] globs that spell a system file or binary', () => {
    for (const q of ['cat /e?c/pa??wd', 'cat /etc/pas[s]wd', 'ls /???/??t', 'ls /b?n/l?', 'ls /usr/bi?/wh?ami', 'x /u*/b*/c?rl', ';/bin/ca? /et*/passwd']) {
      assert.deepEqual(cmdiRules(q), ['cmdi-004'], q);
    }
  });

  it('finds a glob, a brace expansion and Shellshock behind any number of paths, braces or ()', () => {
    // The scans once stopped at the 64th '/', the 16th '{' and the 32nd '()'.
    assert.deepEqual(cmdiRules(`${'/a '.repeat(100)} cat /e?c/pa??wd`), ['cmdi-004']);
    assert.deepEqual(cmdiRules(`${'{a} '.repeat(30)}{ping,-c1,10.0.0.1}`), ['cmdi-007']);
    assert.deepEqual(cmdiRules(`${'{a} '.repeat(30)}{id,}`), ['cmdi-007']);
    assert.deepEqual(cmdiRules(`${'() '.repeat(40)}() { :; }; /bin/id`), cmdiRules('() { :; }; /bin/id'));
  });

  it('leaves globs that match no target, whatever their length', () => {
    assert.deepEqual(cmdiRules('a /*comment*/ b'), []);
    // One character longer than /etc/passwd, and without a '*' to absorb it.
    assert.notDeepEqual(cmdiRules('cat /e?c/pa??wdx'), ['cmdi-004']);
  });
});
