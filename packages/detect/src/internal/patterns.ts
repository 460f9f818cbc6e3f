// Every regular expression the engine runs, in one place, so tests can prove them linear: each
// must compile under V8's linear-time engine (`--enable-experimental-regexp-engine`, flag `l`).
// Inputs are lower-cased before matching, so no pattern needs the `i` flag. Most detection is
// charCode scanning; patterns are kept for the few spots where they read better.

/** `this.password.match(` and similar property probes used in `$where` injection. */
export const NOSQL_THIS_MATCH = /this\.[a-z_$][a-z0-9_$]*\.(?:match|startswith|endswith|indexof|length|tostring|charat)/;

/** `db.users.find(`, `db.getCollection(`: shell calls injected into server-side JavaScript. */
export const NOSQL_DB_CALL = /(?:^|[^a-z0-9_.])db\.(?:getcollection|getsiblingdb|eval|dropdatabase|[a-z_][a-z0-9_]*\.(?:find|insert|update|remove|delete|drop|mapreduce|aggregate|count|renamecollection))[a-z]*\s*\(/;

/** `';sleep(5000);` ending a string in a `$where` clause. */
export const NOSQL_SLEEP = /['"]\s*[;,]\s*sleep\s*\(\s*\d/;

/** `' || '1'=='1`, `' || 1==1`: JavaScript tautologies right after a closed string. */
export const NOSQL_JS_TAUTOLOGY = /['"]\s*(?:\|\||&&)\s*['"]?[a-z0-9_]+['"]?\s*===?\s*['"]?[a-z0-9_]/;

/** `'; return true; var x='`: ending a string and returning from the `$where` function. */
export const NOSQL_JS_RETURN = /['"]\s*;\s*return\s+(?:true|1|this|!0|['"]?[a-z0-9_]*['"]?\s*===?)/;

/** `';it=new Date();do{pt=new Date();}while(pt-it<5000);`: a busy-wait timing probe. */
export const NOSQL_BUSY_WAIT = /new\s+date\s*\(\s*\)\s*;\s*do\s*\{/;

/** Security scanners and attack tools by their user-agent tokens. */
export const SCANNER_USER_AGENT_PATTERN = new RegExp([
  'sqlmap', 'nikto', 'nmap', 'masscan', 'zgrab', 'nuclei', 'wpscan', 'acunetix', 'dirbuster', 'gobuster',
  'feroxbuster', 'ffuf', 'fuzz faster u fool', 'wfuzz', 'burpcollaborator', 'burp suite', 'openvas', 'nessus',
  'w3af', 'arachni', 'skipfish', 'sf/[0-9]', 'jaeles', 'xray', 'zaproxy', 'owasp zap', 'owasp_zap', 'commix',
  '\\(hydra', 'hydra/', 'thc-hydra', 'havij', 'netsparker', 'invicti', 'appscan', 'webinspect', 'whatweb',
  'wapiti', 'paros', 'dirsearch', 'morfeus', 'zmeu', 'jorgee', 'censysinspect', 'qualys', 'metasploit',
  'brutus', 'grabber', 'webshag', 'vega/', 'sqlninja', 'bbqsql', 'nosqlmap', 'tplmap', 'xsstrike', 'dalfox',
  'log4j-scan', 'interactsh', 'expanse, a palo alto', 'l9explore', 'l9tcpid', 'leakix', 'masscan-ng',
].join('|'));

/** Out-of-band interaction domains that scanners plant in payloads to see a callback. */
export const SCANNER_OOB_DOMAIN_PATTERN = new RegExp('[./@](?:' + [
  'burpcollaborator\\.net', 'oastify\\.com', 'interact\\.sh', 'oast\\.(?:pro|live|site|online|fun|me)',
  'dnslog\\.cn', 'ceye\\.io', 'bxss\\.me', 'xss\\.ht', 'canarytokens\\.com', 'requestrepo\\.com',
  'interactsh\\.com', 'dnslog\\.link', 'eyes\\.sh',
].join('|') + ')(?:[^a-z0-9-]|$)');

/**
 * Characters that could carry JNDI or CRLF in a structured header (accept, cache-control ...):
 * `$`, `\`, `%`, `&` (an entity-encoded `$`), line breaks, controls and non-ASCII. One native scan
 * rules most headers out.
 */
export const STRUCTURED_SUSPICIOUS = /[$\\%&\r\n\u0000-\u0008\u007f-\uffff]/;

/** Words that SQL injections anywhere in a value need (see sqli.ts); one native scan. */
export const SQL_ANCHORS = /select|waitfor|@@|xp_|sp_|outfile|dumpfile|case when/;

/** Any of the cloud metadata markers; one native scan before the exact checks. */
export const SSRF_METADATA_HINT = /169\.254\.|100\.100\.100\.200|metadata|meta-data|fd00:ec2/;

/** Words Node.js code injections need (see jsInjection.ts); one native scan before the exact checks. */
// (Alternatives sharing a prefix are factored: fewer branches tried at each position, same matches.)
export const JS_CODE_ANCHORS = /require|import|_load|process|con(?:structor|sole\.)|function|eval|set(?:timeout|interval|immediate)|vm\.|fs\.|while|for\s*\(\s*;|nd_func|:(?:__proto__|prototype)|module\.exports/;

/** Words that JavaScript payloads without markup need (see xss.ts findJsPayload); one native scan. */
// (Alternatives sharing a first letter are factored: fewer branches tried at each position, same matches.)
export const XSS_JS_ANCHORS = /a(?:lert|ctivexobject)|p(?:rompt|arent)|con(?:firm|structor)|e(?:val|xecscript)|se(?:t(?:timeout|interval)|lf)|msgbox|window|t(?:op|his)|globalthis|frames|document|\.call|import|\[ ?\]/;

/** The call anchors of {@link XSS_JS_ANCHORS} (sinks, constructor, import, ActiveXObject): the gate for values without '.' or '['. */
export const XSS_JS_CALL_ANCHORS = /a(?:lert|ctivexobject)|prompt|con(?:firm|structor)|e(?:val|xecscript)|set(?:timeout|interval)|msgbox|import/;

/** DOM-building and code-loading calls (see xss.ts findDomCall, level 2); one native scan. */
export const XSS_DOM_ANCHORS = /document\.|\.appendchild|\.innerhtml|\.outerhtml|\.insertadjacenthtml|\.textcontent|atob|btoa|settimeout|setinterval|string\.fromcharcode|\$\.getscript|importscripts|createcontextualfragment/;

/** The alternatives of {@link XSS_DOM_ANCHORS} without a '.': the same answer for values that have none. */
export const XSS_DOM_UNDOTTED_ANCHORS = /atob|btoa|settimeout|setinterval|importscripts|createcontextualfragment/;

/** Every pattern above, by name. Tests compile each with the linear-time engine. */
export const PATTERNS: Readonly<Record<string, RegExp>> = Object.freeze({
  NOSQL_THIS_MATCH,
  NOSQL_DB_CALL,
  NOSQL_SLEEP,
  NOSQL_JS_TAUTOLOGY,
  NOSQL_JS_RETURN,
  NOSQL_BUSY_WAIT,
  SCANNER_USER_AGENT_PATTERN,
  SCANNER_OOB_DOMAIN_PATTERN,
  STRUCTURED_SUSPICIOUS,
  SQL_ANCHORS,
  SSRF_METADATA_HINT,
  JS_CODE_ANCHORS,
  XSS_JS_ANCHORS,
  XSS_JS_CALL_ANCHORS,
  XSS_DOM_ANCHORS,
  XSS_DOM_UNDOTTED_ANCHORS,
});
