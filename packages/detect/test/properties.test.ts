// Property-based tests: detect never throws whatever it is given, decoding is bounded and
// idempotent, and ordinary words never look like SQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createDetector, detect, normalizeValue } from '@secotel/detect';
import type { DetectRequest } from '@secotel/detect';

const RUNS = 300;

/** Strings with the characters payloads are made of, so the detectors' deep paths get exercised. */
const payloadish = fc.string({
  unit: fc.constantFrom(...`'"\`<>()[]{};|&$%#@!=*/\\-_.:,? \t\r\n0123456789aAbcdeEfilnNoOprsStTuUxX`.split(''),
    '%27', '%2f', '%c0%af', '%u0027', '&#x3c;', '\\u003c', '${', '../', 'union', 'select', 'script', 'on', 'jndi:',
    '__proto__', '$ne', '<!ENTITY', 'http://', '127.0.0.1', '\u0000', '＜', 'İ', '🍕', '\ud800'),
  maxLength: 80,
});

const anyValue = fc.oneof(fc.string(), payloadish, fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));

const jsonish = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, anyValue, fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), payloadish, fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$ne')), tie('node'), { maxKeys: 5 })),
})).node;

const request = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST'), fc.string()),
  path: fc.oneof(payloadish, fc.string(), fc.webPath()),
  query: fc.dictionary(fc.oneof(payloadish, fc.string()), fc.oneof(payloadish, fc.array(payloadish, { maxLength: 3 }), anyValue)),
  headers: fc.dictionary(fc.oneof(fc.constantFrom('user-agent', 'referer', 'cookie', 'accept', 'x-forwarded-for', 'host'), fc.string()),
    fc.oneof(payloadish, fc.array(payloadish, { maxLength: 3 }), anyValue)),
  cookies: fc.dictionary(fc.string(), fc.oneof(payloadish, anyValue)),
  body: fc.oneof(jsonish, payloadish, fc.json()),
}, { requiredKeys: [] });

describe('detect never throws', () => {
  it('on arbitrary request shapes', () => {
    fc.assert(fc.property(request, (r) => {
      const findings = detect(r as DetectRequest);
      assert.ok(Array.isArray(findings));
      for (const f of findings) {
        assert.equal(typeof f.location, 'string');
        assert.ok(f.fragment.length <= 256);
      }
    }), { numRuns: RUNS });
  });

  it('on values that are not requests at all', () => {
    for (const value of [null, undefined, 42, 'GET /', [], [1, 2], () => 1, Symbol('x'), new Date(), new Map()]) {
      assert.deepEqual(detect(value as unknown as DetectRequest), []);
    }
  });

  it('on very deep nesting, cycles, huge arrays and null-prototype objects', () => {
    let deep: unknown = "' OR 1=1--";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.deepEqual(detect({ body: deep }), []);

    const cyclic: Record<string, unknown> = { a: 'x' };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, cyclic];
    assert.ok(Array.isArray(detect({ body: cyclic, query: cyclic as never, cookies: cyclic as never, headers: cyclic as never })));

    const huge = new Array<unknown>(1_000_000).fill('fine');
    huge.push('<script>alert(1)</script>');
    assert.deepEqual(detect({ body: huge }), []); // beyond maxValues: not visited, but bounded

    const bare = Object.create(null) as Record<string, unknown>;
    bare.q = "' UNION SELECT 1--";
    assert.equal(detect({ query: bare as never, body: bare })[0]?.rule.category, 'sqli');
  });

  it('when a getter in the request calls detect again', () => {
    const detector = createDetector();
    let inner: ReturnType<typeof detector.detect> = [];
    const body = { get a(): string { inner = detector.detect({ query: { q: '<script>x</script>' } }); return "' UNION SELECT 1--"; } };
    const outer = detector.detect({ body, query: { q: '../../etc/passwd' } });
    assert.deepEqual(inner.map((f) => f.rule.category), ['xss']);
    assert.deepEqual(outer.map((f) => `${f.rule.category} ${f.location}`), ['path_traversal query.q', 'sqli body.a']);
  });

  it('on hostile getters and proxies', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, get: () => { throw new Error('boom'); } });
    const getter = { get q(): string { throw new Error('boom'); } };
    assert.ok(Array.isArray(detect({ query: hostile as never, body: hostile })));
    assert.ok(Array.isArray(detect({ query: getter as never, body: getter })));
    assert.ok(Array.isArray(detect(hostile as DetectRequest)));
  });

  it('with every category combination', () => {
    fc.assert(fc.property(fc.subarray(['sqli', 'xss', 'path_traversal', 'cmdi', 'ssrf', 'jndi', 'nosqli', 'proto_pollution', 'xxe', 'crlf', 'scanner'] as const), request, (categories, r) => {
      const findings = createDetector({ categories }).detect(r as DetectRequest);
      for (const f of findings) assert.ok((categories as readonly string[]).includes(f.rule.category));
    }), { numRuns: 100 });
  });
});

describe('raw query strings', () => {
  it('give exactly the findings of the URLSearchParams they parse to', () => {
    const rawQuery = fc.array(fc.tuple(payloadish, fc.oneof(payloadish, fc.string())), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    fc.assert(fc.property(fc.oneof(rawQuery, payloadish, fc.string()), (raw) => {
      assert.deepEqual(detect({ query: raw }), detect({ query: new URLSearchParams(raw) }));
      assert.deepEqual(detect({ path: `/p?${raw}` }), detect({ path: '/p', query: new URLSearchParams(raw) }));
    }), { numRuns: RUNS });
  });

  it('give the findings of a fresh detector when their values were seen before, under other names', () => {
    const pairs = fc.array(fc.tuple(payloadish, fc.oneof(payloadish, fc.string())), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(pairs, (list) => {
      const detector = createDetector();
      detector.detect({ query: list.map(([k, v]) => `${k}=${v}`).join('&') });
      // The same values again, in reverse order and each under another parameter name.
      const again = list.map(([k, v], i) => `${i}${k}=${v}`).reverse().join('&');
      assert.deepEqual(detector.detect({ query: again }), createDetector().detect({ query: again }));
    }), { numRuns: RUNS });
  });
  it('give the findings of a fresh detector when the whole query string was seen before, in any request and under any caps', () => {
    const rawQuery = fc.array(fc.tuple(payloadish, fc.oneof(payloadish, fc.string())), { minLength: 1, maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    const around = fc.record({ path: fc.oneof(fc.constant(undefined), fc.constant('/'), fc.constant('/files/../../../etc/passwd'), payloadish.map((p) => `/${p}`)), agent: fc.oneof(fc.constant('curl/8.5.0'), payloadish) });
    const caps = fc.record({ maxValues: fc.integer({ min: 1, max: 16 }), maxFindings: fc.integer({ min: 1, max: 8 }) });
    fc.assert(fc.property(rawQuery, around, around, caps, (query, first, second, options) => {
      const detector = createDetector(options);
      // Seen first in one request (other findings before it, so other caps hit)...
      detector.detect({ path: first.path, query, headers: { 'user-agent': first.agent } });
      // ...and again in another: the same findings as a detector that never saw it.
      const request = { path: second.path, query, headers: { 'user-agent': second.agent, referer: query } };
      assert.deepEqual(detector.detect(request), createDetector(options).detect(request));
      assert.deepEqual(detector.detect(request), createDetector(options).detect(request));
    }), { numRuns: RUNS });
  });
});

describe('decoding', () => {
  it('is bounded by the length cap', () => {
    fc.assert(fc.property(fc.oneof(payloadish, fc.string({ unit: 'binary', maxLength: 300 })), fc.integer({ min: 1, max: 200 }), (s, cap) => {
      assert.ok(normalizeValue(s, cap).length <= cap);
    }), { numRuns: RUNS });
  });

  it('is idempotent once nothing is left to decode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
      const once = normalizeValue(s);
      if (once.includes('%')) return; // a fourth encoding layer is left alone on purpose
      assert.equal(normalizeValue(once), once);
    }), { numRuns: RUNS });
  });

  it('sees through up to three layers of URL encoding', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }).filter((s) => !s.includes('%')), fc.integer({ min: 0, max: 3 }), (s, layers) => {
      let encoded = s;
      for (let i = 0; i < layers; i++) encoded = encodeURIComponent(encoded);
      assert.equal(normalizeValue(encoded), normalizeValue(s));
    }), { numRuns: RUNS });
  });
});

describe('sqli on ordinary words', () => {
  // Words (including SQL keywords used as English), apostrophes inside words, numbers.
  const word = fc.oneof(
    fc.constantFrom('select', 'union', 'drop', 'insert', 'delete', 'update', 'table', 'from', 'where', 'order', 'by', 'group',
      'and', 'or', 'not', 'like', 'in', 'is', 'null', 'true', 'false', 'sleep', 'benchmark', 'having', 'limit', 'all', 'into',
      'exec', 'declare', 'create', 'alter', 'waitfor', 'delay', 'set', 'values', 'case', 'when', 'then', 'else', 'end'),
    fc.constantFrom("O'Brien", "D'Angelo", "don't", "it's", "rock'n'roll", "we'll", "I'd", "y'all"),
    fc.stringMatching(/^[a-z]{1,10}$/),
    fc.integer({ min: 0, max: 10_000 }).map(String),
  );
  // Phrases that are SQL, not English, and are left out: UNION [ALL|DISTINCT] SELECT, SELECT <number>
  // (a whole statement), UPDATE <table> SET (T-SQL's stacked statement), <number> LIKE <number> and
  // <number> IS [NOT] TRUE|FALSE|NULL (conditions between literals).
  const isNumber = (w: string | undefined): boolean => w !== undefined && /^\d+$/.test(w);
  const sqlPhraseAt = (ws: string[], i: number): boolean => {
    const [a, b, c, d] = [ws[i], ws[i + 1], ws[i + 2], ws[i + 3]];
    return (a === 'union' && (b === 'select' || ((b === 'all' || b === 'distinct') && c === 'select')))
      || (a === 'select' && isNumber(b))
      || (a === 'update' && c === 'set')
      || (isNumber(a) && b === 'like' && isNumber(c))
      || (isNumber(a) && b === 'is' && ['true', 'false', 'null'].includes((c === 'not' ? d : c) ?? ''));
  };
  it('never flags sentences made of words', () => {
    const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).filter((ws) => !ws.some((_, i) => sqlPhraseAt(ws, i)));
    fc.assert(fc.property(sentence, fc.constantFrom(' ', ', ', ' - '), (words, sep) => {
      const text = words.join(sep);
      const findings = createDetector({ categories: ['sqli'] }).detect({ query: { q: text }, body: { text } });
      assert.deepEqual(findings.map((f) => f.fragment), [], text);
    }), { numRuns: 2000 });
  });
});
