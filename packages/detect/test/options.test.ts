// The public surface: rules, ruleset, options and their validation, caps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CATEGORIES, DetectConfigurationError, ERR_INVALID_OPTION, ERR_UNKNOWN_CATEGORY, FRAGMENT_MAX_LENGTH, RULES, RULESET_NAME,
  RULESET_VERSION, createDetector, detect, normalizeValue,
} from '@secotel/detect';
import type { DetectOptions } from '@secotel/detect';

const SQLI = "' UNION SELECT password FROM users--";

describe('rules', () => {
  it('belong to the secotel ruleset, have unique stable ids and cover every category', () => {
    assert.equal(RULESET_NAME, 'secotel');
    assert.match(RULESET_VERSION, /^\d+\.\d+\.\d+$/);
    const ids = new Set(RULES.map((r) => r.id));
    assert.equal(ids.size, RULES.length);
    for (const rule of RULES) {
      assert.equal(rule.ruleset, 'secotel');
      assert.equal(rule.version, RULESET_VERSION);
      assert.ok(CATEGORIES.includes(rule.category));
      assert.match(rule.id, /^[a-z]+-\d{3}$/);
      assert.ok(rule.name.length > 0);
      assert.ok(Object.isFrozen(rule));
    }
    for (const c of CATEGORIES) assert.ok(RULES.some((r) => r.category === c), c);
  });

  it('are the objects findings refer to', () => {
    const [finding] = detect({ query: { q: SQLI } });
    assert.ok(finding !== undefined && RULES.includes(finding.rule));
  });
});

describe('createDetector', () => {
  it('fills in defaults', () => {
    const { options } = createDetector();
    assert.equal(options.maxInputLength, 4096);
    assert.equal(options.maxValues, 1024);
    assert.equal(options.maxDepth, 32);
    assert.equal(options.maxFindings, 32);
    assert.deepEqual(options.categories, CATEGORIES);
  });

  it('runs only the listed categories', () => {
    const detector = createDetector({ categories: ['xss'] });
    assert.deepEqual(detector.detect({ query: { q: SQLI } }), []);
    assert.equal(detector.detect({ query: { q: '<script>alert(1)</script>' } }).length, 1);
  });

  it('switches single categories off', () => {
    const detector = createDetector({ categories: { sqli: false } });
    assert.deepEqual(detector.detect({ query: { q: SQLI } }), []);
    assert.ok(!detector.options.categories.includes('sqli'));
    assert.equal(detector.options.categories.length, CATEGORIES.length - 1);
  });

  it('rejects unknown categories and bad caps with typed errors', () => {
    assert.throws(() => createDetector({ categories: ['sql'] as never }), (e: unknown) => e instanceof DetectConfigurationError && e.code === ERR_UNKNOWN_CATEGORY && /sqli/.test(e.message));
    assert.throws(() => createDetector({ categories: { sql: true } as never }), (e: unknown) => e instanceof DetectConfigurationError && e.code === ERR_UNKNOWN_CATEGORY);
    for (const bad of [0, -1, 1.5, Number.NaN, '10' as unknown as number]) {
      assert.throws(() => createDetector({ maxInputLength: bad }), (e: unknown) => e instanceof DetectConfigurationError && e.code === ERR_INVALID_OPTION);
    }
    assert.throws(() => createDetector({ categories: 'sqli' as never }), (e: unknown) => e instanceof DetectConfigurationError && e.code === ERR_INVALID_OPTION);
  });

  it('scans a long value in two windows of maxInputLength, its head and its tail', () => {
    const detector = createDetector({ maxInputLength: 100 });
    assert.equal(detector.detect({ query: { q: `${SQLI}${'x'.repeat(1000)}` } }).length, 1);
    assert.equal(detector.detect({ query: { q: `${'x '.repeat(500)}${SQLI}` } }).length, 1);
    // What lies between the two windows is not read: the cost stays bounded by the cap.
    assert.deepEqual(detector.detect({ query: { q: `${'x '.repeat(500)}${SQLI}${' y'.repeat(500)}` } }), []);
  });

  it('stops visiting values after maxValues', () => {
    const query: Record<string, string> = {};
    for (let i = 0; i < 50; i++) query[`p${i}`] = 'ok';
    query.last = SQLI;
    assert.deepEqual(createDetector({ maxValues: 20 }).detect({ query }), []);
    assert.equal(createDetector().detect({ query }).length, 1);
  });

  it('stops following bodies below maxDepth', () => {
    let body: unknown = { q: SQLI };
    for (let i = 0; i < 10; i++) body = { nested: body };
    assert.deepEqual(createDetector({ maxDepth: 5 }).detect({ body }), []);
    assert.equal(createDetector().detect({ body }).length, 1);
  });

  it('returns at most maxFindings findings', () => {
    const query: Record<string, string> = {};
    for (let i = 0; i < 20; i++) query[`p${i}`] = SQLI;
    assert.equal(createDetector({ maxFindings: 3 }).detect({ query }).length, 3);
  });
});

describe('detect', () => {
  it('accepts options and reuses the detector built for the same options object', () => {
    const options: DetectOptions = { categories: ['sqli'] };
    assert.equal(detect({ query: { q: SQLI } }, options).length, 1);
    assert.deepEqual(detect({ query: { q: '<script>x</script>' } }, options), []);
  });

  it('finds nothing in an empty or partial request', () => {
    assert.deepEqual(detect({}), []);
    assert.deepEqual(detect({ method: 'GET' }), []);
    assert.deepEqual(detect({ path: '/' }), []);
  });

  it('accepts a URLSearchParams or raw query string', () => {
    assert.equal(detect({ query: new URLSearchParams({ q: SQLI }) })[0]?.location, 'query.q');
    assert.equal(detect({ query: `page=2&q=${encodeURIComponent(SQLI)}` })[0]?.location, 'query.q');
  });

  it('remembers user-agent findings without changing them', () => {
    const detector = createDetector();
    const request = { headers: { 'user-agent': "sqlmap/1.7' AND SLEEP(5)--" } };
    const first = detector.detect(request);
    const second = detector.detect(request);
    assert.deepEqual(second, first);
    assert.deepEqual(first.map((f) => f.rule.category).sort(), ['scanner', 'sqli']);
  });

  it('remembers a whole query string without letting a caller change what it replays', () => {
    const detector = createDetector();
    const request = { path: '/search', query: `page=2&q=${encodeURIComponent(SQLI)}&sort=price` };
    const first = detector.detect(request);
    assert.equal(first[0]?.location, 'query.q');
    first.length = 0; // the caller's array, theirs to change
    const second = detector.detect(request);
    assert.deepEqual(second, createDetector().detect(request));
    assert.equal(second[0]?.location, 'query.q');
  });

  it('reads byte bodies as UTF-8 text', () => {
    assert.equal(detect({ body: new TextEncoder().encode(SQLI) })[0]?.location, 'body');
  });

  it('caps fragments', () => {
    assert.equal(FRAGMENT_MAX_LENGTH, 256);
    const [finding] = detect({ query: { q: `<script>${'a'.repeat(2000)}</script>` } });
    assert.ok(finding !== undefined && finding.fragment.length <= FRAGMENT_MAX_LENGTH);
  });
});

describe('normalizeValue', () => {
  it('decodes what servers decode', () => {
    assert.equal(normalizeValue('%2527%2520OR'), "' OR");
    assert.equal(normalizeValue('%u0027'), "'");
    assert.equal(normalizeValue('..%c0%af'), '../');
    assert.equal(normalizeValue('＜ｓｃｒｉｐｔ＞'), '<script>');
    assert.equal(normalizeValue('a\u0000b'), 'ab');
    assert.equal(normalizeValue('50% off'), '50% off');
    assert.equal(normalizeValue('plain text'), 'plain text');
  });

  it('caps the length', () => {
    assert.equal(normalizeValue('x'.repeat(10_000), 100).length, 100);
  });
});
