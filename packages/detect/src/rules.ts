// The rule catalogue. Ids are stable across releases: a rule that changes meaning gets a new id.
import type { Category, Rule, RuleLevel } from './types.js';

/** Name of the ruleset every rule belongs to (`security.rule.ruleset.name`). */
export const RULESET_NAME = 'secotel';

/** Version of this ruleset; bumped whenever a rule is added or its behaviour changes (see CHANGELOG.md). */
export const RULESET_VERSION = '2.0.2';

/**
 * A rule with its sensitivity level: 1 (the default) is for high-confidence rules, 2 and 3 add
 * rules that find more at the price of more false positives, in the spirit of the OWASP CRS
 * paranoia levels. A detector configured with `level: n` reports the rules of level <= n.
 */
function rule(id: string, category: Category, name: string, level: RuleLevel = 1): Rule {
  return Object.freeze({ id, name, category, level, ruleset: RULESET_NAME, version: RULESET_VERSION });
}

export const SQLI_UNION = rule('sqli-001', 'sqli', 'SQL injection: UNION-based query');
export const SQLI_STACKED = rule('sqli-002', 'sqli', 'SQL injection: stacked query or dangerous procedure');
export const SQLI_BOOLEAN = rule('sqli-003', 'sqli', 'SQL injection: boolean condition after a quote or number');
export const SQLI_COMMENT = rule('sqli-004', 'sqli', 'SQL injection: quote closed and rest of query commented out');
export const SQLI_TIME = rule('sqli-005', 'sqli', 'SQL injection: time-based blind (sleep, benchmark, waitfor)');
export const SQLI_SUBQUERY = rule('sqli-006', 'sqli', 'SQL injection: subquery, system variable or error-based function');
export const SQLI_CLAUSE = rule('sqli-007', 'sqli', 'SQL injection: clause appended after a quote or number');
export const SQLI_FUNCTION_PROBE = rule('sqli-008', 'sqli', 'SQL injection: database function probe (a SQL function name and its opening parenthesis alone)');

export const XSS_SCRIPT_TAG = rule('xss-001', 'xss', 'XSS: script tag');
export const XSS_EVENT_HANDLER = rule('xss-002', 'xss', 'XSS: HTML tag with an event handler attribute');
export const XSS_SCRIPT_URL = rule('xss-003', 'xss', 'XSS: javascript:, vbscript: or data:text/html URL');
export const XSS_ATTRIBUTE_BREAKOUT = rule('xss-004', 'xss', 'XSS: attribute breakout with an event handler');
export const XSS_JS_BREAKOUT = rule('xss-005', 'xss', 'XSS: JavaScript string breakout calling a sink');
export const XSS_TEMPLATE = rule('xss-006', 'xss', 'XSS: template or expression injection');
export const XSS_DANGEROUS_ATTRIBUTE = rule('xss-007', 'xss', 'XSS: srcdoc, CSS expression or other script-capable attribute');
export const XSS_CONTENT_INJECTION = rule('xss-008', 'xss', 'XSS: markup that redirects, rebases or loads active content (meta refresh, base href, object/embed, external stylesheet, formaction)');
export const XSS_LEGACY_VECTOR = rule('xss-009', 'xss', 'XSS: legacy browser or filter-evasion vector (XML data islands, HTC behaviors, VML, UTF-7, JavaScript entities, spaced-out tag names)');
export const XSS_JS_PAYLOAD = rule('xss-010', 'xss', 'XSS: JavaScript payload without markup (sink call, global indexed by a string, constructor chain, JSFuck)');
export const XSS_EXTERNAL_FRAME = rule('xss-011', 'xss', 'XSS: frame, form or meta charset pointing at external content', 2);
export const XSS_DOM_CALL = rule('xss-012', 'xss', 'XSS: DOM-building or code-loading call in a value', 2);

export const PATH_TRAVERSAL = rule('path-001', 'path_traversal', 'Path traversal: ../ sequences');
export const PATH_SENSITIVE_FILE = rule('path-002', 'path_traversal', 'Path traversal: sensitive system file');
export const PATH_TRAVERSAL_IN_PATH = rule('path-003', 'path_traversal', 'Path traversal: dot segment in the request path');
export const PATH_UNC_ADMIN_SHARE = rule('path-004', 'path_traversal', 'Path traversal: UNC path to an administrative share (\\\\host\\c$)');
export const PATH_UNC_SHARE = rule('path-005', 'path_traversal', 'Path traversal: UNC path to a network share', 2);

export const CMDI_CHAINING = rule('cmdi-001', 'cmdi', 'Command injection: chained shell command');
export const CMDI_SUBSTITUTION = rule('cmdi-002', 'cmdi', 'Command injection: command substitution');
export const CMDI_SHELLSHOCK = rule('cmdi-003', 'cmdi', 'Command injection: Shellshock function definition');
export const CMDI_SHELL_TRICK = rule('cmdi-004', 'cmdi', 'Command injection: reverse shell, $IFS or glob obfuscation');
export const CMDI_SSI = rule('cmdi-005', 'cmdi', 'Command injection: server-side include exec directive');
export const CMDI_COMMAND_LINE = rule('cmdi-006', 'cmdi', 'Command injection: command line at the start of a value (command with shell arguments)');
export const CMDI_OBFUSCATED = rule('cmdi-007', 'cmdi', 'Command injection: command word split by quotes, backslashes, variables or brace expansion');
export const CMDI_WINDOWS = rule('cmdi-008', 'cmdi', 'Command injection: Windows cmd or PowerShell syntax (FOR/IF, %COMSPEC%, cmdlets, -EncodedCommand)');
export const CMDI_SHELL_SYNTAX = rule('cmdi-009', 'cmdi', 'Command injection: shell-only syntax (fork bomb, alias, redirection to system files, $[ ], SQLite dot command)');
export const CMDI_WEAK_COMMAND = rule('cmdi-010', 'cmdi', 'Command injection: command word with weak evidence (plain arguments, after a prefix or a glued separator)', 2);

export const SSRF_INTERNAL_HOST = rule('ssrf-001', 'ssrf', 'SSRF: URL to a loopback, private or link-local host');
export const SSRF_METADATA = rule('ssrf-002', 'ssrf', 'SSRF: cloud metadata endpoint');
export const SSRF_SCHEME = rule('ssrf-003', 'ssrf', 'SSRF: file, gopher, dict or other dangerous URL scheme');
export const SSRF_OBFUSCATED_IP = rule('ssrf-004', 'ssrf', 'SSRF: internal IP in decimal, hex or octal notation');
export const SSRF_INTERNAL_IN_TEXT = rule('ssrf-005', 'ssrf', 'SSRF: URL to a loopback or private host inside prose (error messages, tickets)', 2);

export const JNDI_LOOKUP = rule('jndi-001', 'jndi', 'JNDI lookup injection (Log4Shell)');
export const JNDI_OBFUSCATED = rule('jndi-002', 'jndi', 'JNDI lookup injection hidden in nested lookups');
export const JNDI_PROVIDER_URL = rule('jndi-003', 'jndi', 'JNDI lookup injection: jndi: provider URL in broken or encoded lookup syntax');
export const JNDI_LOG4J_LOOKUP = rule('jndi-004', 'jndi', 'Log4j lookup injection without jndi: (${ctx:}, ${java:}, ${::-x}, ${env:X:-y}, ${base64:})');
export const JNDI_TEMPLATE_LOOKUP = rule('jndi-005', 'jndi', 'Lookup injection probe: nested ${...${...}} or ${env:}/${sys:}/${lower:} lookups', 2);

export const NOSQLI_BODY_OPERATOR = rule('nosqli-001', 'nosqli', 'NoSQL injection: query operator as a body key');
export const NOSQLI_PARAM_OPERATOR = rule('nosqli-002', 'nosqli', 'NoSQL injection: query operator in a parameter name');
export const NOSQLI_VALUE = rule('nosqli-003', 'nosqli', 'NoSQL injection: operator or server-side JavaScript in a value');

export const PROTO_KEY = rule('proto-001', 'proto_pollution', 'Prototype pollution: __proto__ key');
export const PROTO_CONSTRUCTOR = rule('proto-002', 'proto_pollution', 'Prototype pollution: constructor.prototype key');
export const PROTO_VALUE = rule('proto-003', 'proto_pollution', 'Prototype pollution: __proto__ or constructor.prototype in text');

export const XXE_EXTERNAL_ENTITY = rule('xxe-001', 'xxe', 'XXE: external entity declaration');
export const XXE_EXTERNAL_DTD = rule('xxe-002', 'xxe', 'XXE: external DTD or parameter entity');
export const XXE_XINCLUDE = rule('xxe-003', 'xxe', 'XXE: XInclude');
export const XXE_ENTITY_EXPANSION = rule('xxe-004', 'xxe', 'XXE: internal entity declaration (entity expansion)');

export const CRLF_HEADER_INJECTION = rule('crlf-001', 'crlf', 'CRLF injection: header after a line break');
export const CRLF_RESPONSE_SPLITTING = rule('crlf-002', 'crlf', 'CRLF injection: response splitting (blank line)');
export const CRLF_LINE_BREAK = rule('crlf-003', 'crlf', 'CRLF injection: line break in a path, header or parameter name');
export const CRLF_REQUEST_LINE = rule('crlf-004', 'crlf', 'CRLF injection: request or status line after a line break (smuggling, response splitting)');
export const CRLF_WEAK_LINE = rule('crlf-005', 'crlf', 'CRLF injection: line break before a name= or name: line in a query value or cookie', 2);

export const SCANNER_USER_AGENT = rule('scanner-001', 'scanner', 'Security scanner user agent');
export const SCANNER_HEADER = rule('scanner-002', 'scanner', 'Security scanner header');
export const SCANNER_OOB_DOMAIN = rule('scanner-003', 'scanner', 'Out-of-band interaction domain (scanner callback)');
export const SCANNER_PROBE_PATH = rule('scanner-004', 'scanner', 'Scanner probe for secrets or repository files');

export const JS_CORE_MODULE = rule('js-001', 'js_injection', 'JavaScript injection: Node.js code loading child_process, fs or another dangerous core module');
export const JS_PROCESS = rule('js-002', 'js_injection', 'JavaScript injection: Node.js code reaching the process object (mainModule, binding, env, exit)');
export const JS_FUNCTION_CONSTRUCTOR = rule('js-003', 'js_injection', 'JavaScript injection: Function constructor reached (constructor.constructor, Function("..."))');
export const JS_EVAL = rule('js-004', 'js_injection', 'JavaScript injection: code evaluated from a string (eval, setTimeout, vm)');
export const JS_GADGET_MARKER = rule('js-005', 'js_injection', 'JavaScript injection: serialized-function or React Flight gadget marker');
export const JS_INFINITE_LOOP = rule('js-006', 'js_injection', 'JavaScript injection: infinite loop (denial of service)');
export const JS_BASE64 = rule('js-007', 'js_injection', 'JavaScript injection: Node.js code hidden in base64 or JavaScript escapes');
export const JS_CODE_SHAPE = rule('js-008', 'js_injection', 'JavaScript injection: JavaScript code shape in text (console.log, function literal, process.env)', 2);

export const SSTI_ARITHMETIC = rule('ssti-001', 'ssti', 'Template injection: arithmetic or polyglot probe in template syntax');
export const SSTI_OBJECT_WALK = rule('ssti-002', 'ssti', 'Template injection: expression walking objects or calling dangerous functions');
export const SSTI_DIRECTIVE = rule('ssti-003', 'ssti', 'Template injection: engine directive that executes code or imports modules');
export const SSTI_WEAK_PROBE = rule('ssti-004', 'ssti', 'Template injection: lower-confidence probe ({{1+1}}, {{config}}, {{self}})', 2);

/** Every rule the engine can report, in id order. */
export const RULES: readonly Rule[] = Object.freeze([
  SQLI_UNION, SQLI_STACKED, SQLI_BOOLEAN, SQLI_COMMENT, SQLI_TIME, SQLI_SUBQUERY, SQLI_CLAUSE, SQLI_FUNCTION_PROBE,
  XSS_SCRIPT_TAG, XSS_EVENT_HANDLER, XSS_SCRIPT_URL, XSS_ATTRIBUTE_BREAKOUT, XSS_JS_BREAKOUT, XSS_TEMPLATE, XSS_DANGEROUS_ATTRIBUTE,
  XSS_CONTENT_INJECTION, XSS_LEGACY_VECTOR, XSS_JS_PAYLOAD, XSS_EXTERNAL_FRAME, XSS_DOM_CALL,
  PATH_TRAVERSAL, PATH_SENSITIVE_FILE, PATH_TRAVERSAL_IN_PATH, PATH_UNC_ADMIN_SHARE, PATH_UNC_SHARE,
  CMDI_CHAINING, CMDI_SUBSTITUTION, CMDI_SHELLSHOCK, CMDI_SHELL_TRICK, CMDI_SSI, CMDI_COMMAND_LINE, CMDI_OBFUSCATED, CMDI_WINDOWS,
  CMDI_SHELL_SYNTAX, CMDI_WEAK_COMMAND,
  SSRF_INTERNAL_HOST, SSRF_METADATA, SSRF_SCHEME, SSRF_OBFUSCATED_IP, SSRF_INTERNAL_IN_TEXT,
  JNDI_LOOKUP, JNDI_OBFUSCATED, JNDI_PROVIDER_URL, JNDI_LOG4J_LOOKUP, JNDI_TEMPLATE_LOOKUP,
  NOSQLI_BODY_OPERATOR, NOSQLI_PARAM_OPERATOR, NOSQLI_VALUE,
  PROTO_KEY, PROTO_CONSTRUCTOR, PROTO_VALUE,
  XXE_EXTERNAL_ENTITY, XXE_EXTERNAL_DTD, XXE_XINCLUDE, XXE_ENTITY_EXPANSION,
  CRLF_HEADER_INJECTION, CRLF_RESPONSE_SPLITTING, CRLF_LINE_BREAK, CRLF_REQUEST_LINE, CRLF_WEAK_LINE,
  SCANNER_USER_AGENT, SCANNER_HEADER, SCANNER_OOB_DOMAIN, SCANNER_PROBE_PATH,
  JS_CORE_MODULE, JS_PROCESS, JS_FUNCTION_CONSTRUCTOR, JS_EVAL, JS_GADGET_MARKER, JS_INFINITE_LOOP, JS_BASE64, JS_CODE_SHAPE,
  SSTI_ARITHMETIC, SSTI_OBJECT_WALK, SSTI_DIRECTIVE, SSTI_WEAK_PROBE,
]);
