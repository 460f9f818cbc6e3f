// A ReDoS guard, not a benchmark: adversarial 64 KiB inputs in every request part must be
// scanned in well under a second each (generous bound; typical times are a few milliseconds).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import type { DetectRequest } from '@secotel/detect';

const SIZE = 64 * 1024;
const LIMIT_MS = 1000;

function repeat(unit: string): string {
  return unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
}

const ADVERSARIAL: Record<string, string> = {
  'single quotes': repeat("'"),
  'double quotes': repeat('"'),
  'quote space': repeat("' "),
  'angle brackets': repeat('<'),
  'open tags': repeat('<a '),
  'tag soup': repeat('<svg/on'),
  'percent signs': repeat('%'),
  'percent escapes': repeat('%25'),
  'broken escapes': repeat('%2'),
  'unicode escapes': repeat('%u00'),
  'lookup openers': repeat('${'),
  'nested lookups': repeat('${${lower:'),
  'comment openers': repeat('/*'),
  'dash comments': repeat('--'),
  'nested parens': repeat('('),
  'union select': repeat('union select '),
  'dot segments': repeat('../'),
  'dots': repeat('.'),
  'separators': repeat(';|&`'),
  'dollar parens': repeat('$('),
  'entities': repeat('&#'),
  'entity names': repeat('&lt'),
  'backslashes': repeat('\\'),
  'js escapes': repeat('\\u00'),
  'colons': repeat('javascript:'),
  'urls': repeat('http://'),
  'at signs': repeat('@'),
  'ipv6': repeat('[::'),
  'line breaks': repeat('\r\n'),
  'xml declarations': repeat('<!ENTITY '),
  'operators': repeat('$ne'),
  'spaces': repeat(' '),
  'words': repeat('select from where '),
  'fullwidth': repeat('＜ｓ'),
  'braces': repeat('{{'),
  'proto': repeat('__proto__'),
  'handlers after a quote': '"' + repeat(' onx='),
  'unclosed attribute values': repeat("<a x='"),
  'entity declarations': repeat('<!ENTITY % a SYSTEM "'),
  'doctype openers': repeat('<!DOCTYPE a SYSTEM "'),
  'schemes': repeat('a://b'),
  'crlf headers': repeat('\r\nSet-Cookie'),
  'mongo operators': repeat('{"$ne":'),
  'separators and spaces': repeat('; \n'),
  'multipart delimiters': repeat('--b\r\n'),
  'content dispositions': repeat('Content-Disposition: form-data; name="'),
  'xml attributes': repeat('<a b="'),
  'cdata openers': repeat('<![CDATA['),
  'base64 alphabet': repeat('QUJDRGVm'),
};

describe('adversarial input', () => {
  // Scan everything in full: caps raised to the input size.
  const detector = createDetector({ maxInputLength: SIZE });
  for (const [name, value] of Object.entries(ADVERSARIAL)) {
    it(`scans 64 KiB of ${name} quickly in every part`, (t) => {
      const requests: DetectRequest[] = [
        { path: `/${value}` },
        { query: { q: value } },
        { query: { [value]: 'x' } },
        { headers: { 'user-agent': value, referer: value, 'x-custom': value } },
        { cookies: { c: value } },
        { body: value },
        { body: { text: value } },
        { body: { [value]: 'x' } },
        { body: `<r a="${value}">${value}</r>` },
        { body: `--b\r\nContent-Disposition: form-data; name="${value}"; filename="${value}"\r\n\r\n${value}\r\n--b--`, contentType: 'multipart/form-data; boundary=b' },
        { body: value, contentType: 'multipart/form-data; boundary=b' },
        { body: value, contentType: 'application/x-www-form-urlencoded' },
        { cookies: { c: Buffer.from(value).toString('base64') } },
      ];
      let slowest = 0;
      for (const request of requests) {
        const start = performance.now();
        detector.detect(request);
        const elapsed = performance.now() - start;
        slowest = Math.max(slowest, elapsed);
        assert.ok(elapsed < LIMIT_MS, `${name}: ${elapsed.toFixed(0)} ms for ${Object.keys(request).join(',')}`);
      }
      t.diagnostic(`slowest part ${slowest.toFixed(1)} ms`);
    });
  }
});
