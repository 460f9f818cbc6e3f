// Where a finding points: every request part has its own location syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect } from '@secotel/detect';

const PAYLOAD = "' UNION SELECT password FROM users--";

function locations(request: Parameters<typeof detect>[0]): string[] {
  return detect(request).map((f) => f.location);
}

describe('finding locations', () => {
  it('names query parameters', () => {
    assert.deepEqual(locations({ query: { q: PAYLOAD } }), ['query.q']);
  });

  it('names every value of a repeated parameter by the parameter', () => {
    assert.deepEqual(locations({ query: { tag: ['ok', PAYLOAD] } }), ['query.tag']);
  });

  it('names the parameter for key-located findings', () => {
    assert.deepEqual(locations({ query: { 'user[$ne]': 'x' } }), ['query.user[$ne]']);
    assert.deepEqual(locations({ query: { '__proto__[admin]': '1' } }), ['query.__proto__[admin]']);
  });

  it('names the path', () => {
    assert.deepEqual(locations({ path: '/files/..%2f..%2fetc%2fpasswd' }), ['path']);
  });

  it('names headers by their lower-case name', () => {
    assert.deepEqual(locations({ headers: { 'user-agent': 'sqlmap/1.7' } }), ['header.user-agent']);
    assert.deepEqual(locations({ headers: { 'x-forwarded-for': PAYLOAD } }), ['header.x-forwarded-for']);
  });

  it("reads only a request object's own keys: what its prototype inherits is not the request's", () => {
    // As a polluted Object.prototype would: an inherited enumerable key next to an own one.
    const own = <T extends object>(value: T): T => Object.assign(Object.create({ inherited: PAYLOAD }) as T, value);
    assert.deepEqual(locations({ headers: own({ 'x-own': PAYLOAD }) }), ['header.x-own']);
    assert.deepEqual(locations({ query: own({ q: PAYLOAD }) }), ['query.q']);
    assert.deepEqual(locations({ cookies: own({ session: PAYLOAD }) }), ['cookie.session']);
    assert.deepEqual(locations({ body: { user: own({ name: PAYLOAD }) } }), ['body.user.name']);
  });

  it('names cookies, from the cookies object or the cookie header', () => {
    assert.deepEqual(locations({ cookies: { session: PAYLOAD } }), ['cookie.session']);
    assert.deepEqual(locations({ headers: { cookie: `a=1; lang=${encodeURIComponent(PAYLOAD)}` } }), ['cookie.lang']);
  });

  it('names body fields by their path, arrays by index', () => {
    assert.deepEqual(locations({ body: { user: { name: PAYLOAD } } }), ['body.user.name']);
    assert.deepEqual(locations({ body: { items: [{ sku: 'a' }, { sku: PAYLOAD }] } }), ['body.items[1].sku']);
    assert.deepEqual(locations({ body: [PAYLOAD] }), ['body[0]']);
  });

  it('names key-located body findings by the key path', () => {
    assert.deepEqual(locations({ body: { user: { password: { $ne: null } } } }), ['body.user.password.$ne']);
    assert.deepEqual(locations({ body: JSON.parse('{"a":{"__proto__":{"x":1}}}') as unknown }), ['body.a.__proto__']);
  });

  it('names a raw text body "body", and parsed text bodies by field', () => {
    assert.deepEqual(locations({ body: `x${PAYLOAD}` }), ['body']);
    assert.deepEqual(locations({ body: JSON.stringify({ q: PAYLOAD }) }), ['body.q']);
    assert.deepEqual(locations({ body: `q=${encodeURIComponent(PAYLOAD)}&page=1` }), ['body.q']);
  });

  it('scans a query string left on the path', () => {
    assert.deepEqual(locations({ path: `/search?q=${encodeURIComponent(PAYLOAD)}` }), ['query.q']);
  });

  it('keeps fragments and locations bounded', () => {
    const long = 'a'.repeat(500);
    const [finding] = detect({ body: { [long]: `${PAYLOAD} ${'x'.repeat(1000)}` } });
    assert.ok(finding !== undefined);
    assert.ok(finding.location.length <= 200);
    assert.ok(finding.fragment.length <= 256);
  });

  it('keeps the original case in fragments', () => {
    const [finding] = detect({ query: { q: "' UnIoN SeLeCt 1--" } });
    assert.equal(finding?.fragment, 'UnIoN SeLeCt');
  });
});
