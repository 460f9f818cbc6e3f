// Cross-site scripting, judged by a small HTML tag scanner over the browser-decoded value (HTML
// character references and JS escapes resolved): a tag needs a tag name right after '<', so
// "a < b" and "<3" are text; only script-capable tags, attributes and URLs count. Without markup,
// JavaScript counts when it is shaped like a payload (a sink called with a literal, a global
// indexed by a string, JSFuck), not when a word like "alert" or "top" merely occurs.
import type { Rule } from '../types.js';
import {
  XSS_ATTRIBUTE_BREAKOUT, XSS_CONTENT_INJECTION, XSS_DANGEROUS_ATTRIBUTE, XSS_DOM_CALL, XSS_EVENT_HANDLER,
  XSS_EXTERNAL_FRAME, XSS_JS_BREAKOUT, XSS_JS_PAYLOAD, XSS_LEGACY_VECTOR, XSS_SCRIPT_TAG, XSS_SCRIPT_URL,
  XSS_TEMPLATE,
} from '../rules.js';
import {
  M_AMP, M_BACKSLASH, M_BACKTICK, M_BRACE, M_BRACKET, M_COLON, M_DOT, M_DQUOTE, M_LT, M_PAREN, M_SLASH, M_SQUOTE, isDigit, isHex,
  hexValue,
  isLower, isSpace,
} from './charClass.js';
import { hit, setHit } from './hit.js';
import { XSS_DOM_ANCHORS, XSS_DOM_UNDOTTED_ANCHORS, XSS_JS_ANCHORS, XSS_JS_CALL_ANCHORS } from './patterns.js';
import type { ScanValue } from './ScanValue.js';

const MAX_TAG_SCAN = 1024;

// Every on* handler a browser has shipped (HTML, SVG, old IE and Firefox), so that exotic ones
// (onforminput, onzoom, onbeforeactivate) count as much as onerror.
const EVENT_NAMES = new Set(('load error click dblclick mouseover mouseout mouseenter mouseleave mousedown '
  + 'mouseup mousemove mousewheel focus blur focusin focusout change input submit reset keydown keyup '
  + 'keypress select selectstart selectionchange toggle begin end start finish repeat bounce scroll '
  + 'scrollend resize wheel copy cut paste drag dragstart dragend dragover dragenter dragleave drop dragexit '
  + 'contextmenu auxclick unload hashchange popstate pageshow pagehide message messageerror play playing pause '
  + 'canplay canplaythrough loadstart loadeddata loadedmetadata loadend progress suspend volumechange '
  + 'timeupdate ended seeked seeking waiting invalid show search abort afterscriptexecute '
  + 'beforescriptexecute readystatechange formdata activate deactivate help filterchange '
  + 'propertychange storage online offline cuechange ratechange durationchange emptied stalled '
  + 'securitypolicyviolation slotchange fullscreenchange transitioncancel transitionrun transitionend transitionstart '
  + 'animationstart animationend animationiteration animationcancel close cancel command zoom timer '
  + 'forminput formchange contentvisibilityautostatechange beforetoggle beforeinput beforematch '
  + 'beforeunload beforeprint afterprint beforecopy beforecut beforepaste beforeactivate beforedeactivate '
  + 'beforeeditfocus beforeupdate afterupdate cellchange controlselect dataavailable datasetchanged '
  + 'datasetcomplete errorupdate layoutcomplete losecapture move moveend movestart resizeend resizestart '
  + 'rowenter rowexit rowsdelete rowsinserted stop visibilitychange gotpointercapture lostpointercapture '
  + 'pointerlockchange pointerlockerror orientationchange devicemotion deviceorientation unhandledrejection '
  + 'rejectionhandled overflow underflow overflowchanged svgload svgunload svgabort svgerror svgresize '
  + 'svgscroll svgzoom text mozfullscreenchange pagereveal pageswap contextlost contextrestored '
  + 'scrollsnapchange scrollsnapchanging').split(' '));
// Families with many members; short or word-like prefixes (page, load, key, dom) are listed above
// name by name instead, so that ondomain= or onpage= stay words.
const EVENT_PREFIXES = ['mouse', 'pointer', 'animation', 'transition', 'drag', 'touch', 'before', 'after', 'webkit',
  'moz', 'msgesture', 'mspointer', 'msinertia', 'mscontentzoom', 'msmanipulation', 'msfullscreen', 'gesture'];

/** Length of the `on...` handler name at s[start..end) (lower-case, `start` at the 'o'), else 0. */
function handlerNameLength(s: string, start: number, end: number): number {
  if (end - start < 5 || s.charCodeAt(start) !== 111 || s.charCodeAt(start + 1) !== 110) return 0;
  let e = start + 2;
  while (e < end && e - start <= 48 && isLower(s.charCodeAt(e))) e++;
  if (e - start > 48 || e - start < 4) return 0;
  // Letters must end the name, or junk must follow (<body onload!#$%&()=alert(1)>, old parsers).
  if (e < end && (isDigit(s.charCodeAt(e)) || s.charCodeAt(e) === 95 || s.charCodeAt(e) === 45)) return 0;
  const name = s.slice(start + 2, e);
  if (EVENT_NAMES.has(name)) return e - start;
  for (let pIndex = 0; pIndex < EVENT_PREFIXES.length; pIndex++) {
    const p = EVENT_PREFIXES[pIndex] as string;
    if (name.startsWith(p)) return e - start;
  }
  return 0;
}

function isEventHandlerName(s: string, start: number, end: number): boolean {
  return handlerNameLength(s, start, end) === end - start;
}

// Deliberately without print/fetch/import: they show up in ordinary code snippets.
const SINKS = ['alert', 'prompt', 'confirm', 'eval', 'settimeout', 'setinterval', 'atob', 'document.write',
  'top[', 'self[', 'window[', 'parent[', 'this[', 'globalthis[', 'window.location', 'document.location',
  'location.href', 'document.cookie', 'document.domain', 'constructor.constructor', 'url.createobjecturl'];

/** A JavaScript sink call at `i` (after optional spaces): `alert(`, `` confirm` ``, `top[`, ... */
/** SINKS by first character (in list order): a position tries only the sinks that can start there. */
const SINKS_BY_FIRST: (readonly string[] | undefined)[] = [];
for (const sink of SINKS) ((SINKS_BY_FIRST[sink.charCodeAt(0)] ??= []) as string[]).push(sink);

function sinkAt(s: string, i: number): number {
  const c = i < s.length ? s.charCodeAt(i) : 0; // in bounds: an out-of-bounds read deoptimizes
  const sinks = c < 128 ? SINKS_BY_FIRST[c] : undefined;
  if (sinks === undefined) return -1;
  for (let sinkIndex = 0; sinkIndex < sinks.length; sinkIndex++) {
    const sink = sinks[sinkIndex] as string;
    if (s.startsWith(sink, i)) {
      let j = i + sink.length;
      const last = sink.charCodeAt(sink.length - 1);
      if (last === 91) return j; // top[ ...
      if (sink.indexOf('.') > 0 && (sink.startsWith('window.') || sink.startsWith('document.') || sink.startsWith('location.'))) return j;
      if (s.charCodeAt(j) === 96) return j + 1; // alert`1` (a space before the backtick is prose)
      while (j < s.length && j - i < sink.length + 4 && isSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) === 40) return j + 1;
    }
  }
  return -1;
}

// Tag kinds: what a tag can do beyond its attributes.
const K_PLAIN = 0;
const K_SCRIPT = 1;
const K_STYLE = 2;
const K_BASE = 3;
const K_META = 4;
const K_LINK = 5;
const K_FRAME = 6; // iframe, frame
const K_PLUGIN = 7; // object, embed, applet
const K_LAYER = 8; // layer, ilayer, bgsound: Netscape/IE loaders
const K_XML = 9; // IE XML data island
const K_LEGACY = 10; // VML frames: loaders with no modern use
const K_FORM = 11;
const K_DOCUMENT = 12; // a, use, set, animate, feimage: render a data: SVG as a document
const TAG_KINDS: ReadonlyMap<string, number> = new Map([
  ['script', K_SCRIPT], ['style', K_STYLE], ['base', K_BASE], ['meta', K_META], ['link', K_LINK],
  ['iframe', K_FRAME], ['frame', K_FRAME], ['portal', K_FRAME], ['fencedframe', K_FRAME], ['object', K_PLUGIN], ['embed', K_PLUGIN], ['applet', K_PLUGIN],
  ['layer', K_LAYER], ['ilayer', K_LAYER], ['bgsound', K_LAYER], ['xml', K_XML], ['vmlframe', K_LEGACY],
  ['form', K_FORM], ['a', K_DOCUMENT], ['use', K_DOCUMENT], ['set', K_DOCUMENT],
  ['animate', K_DOCUMENT], ['feimage', K_DOCUMENT], ['isindex', K_FORM],
]);

/** TAG_KINDS by name length: the kind of s[from..to) is found without slicing the name out. */
const TAG_KINDS_BY_LENGTH: (readonly (readonly [string, number])[] | undefined)[] = [];
for (const entry of TAG_KINDS) ((TAG_KINDS_BY_LENGTH[entry[0].length] ??= []) as (readonly [string, number])[]).push(entry);

function tagKind(s: string, from: number, to: number): number {
  const entries = TAG_KINDS_BY_LENGTH[to - from];
  if (entries === undefined) return K_PLAIN;
  for (let k = 0; k < entries.length; k++) {
    const entry = entries[k] as readonly [string, number];
    if (s.startsWith(entry[0], from)) return entry[1];
  }
  return K_PLAIN;
}

/** Kinds that render a data: SVG (or HTML) URL as a document, so its scripts run (unlike <img>). */
function rendersDocument(kind: number): boolean {
  return kind === K_FRAME || kind === K_PLUGIN || kind === K_DOCUMENT || kind === K_FORM || kind === K_BASE;
}

// What scanAttributes saw in the current tag, for the tag-kind checks after it (no allocation).
let loadStart = -1; // value of src, href, data, code, movie, action (the first one)
let loadEnd = -1;
let loadQuoted = false;
let relStart = -1;
let relEnd = -1;
let equivStart = -1;
let equivEnd = -1;
let contentStart = -1;
let contentEnd = -1;
let contentIsCharset = false; // content* holds a charset= value, not a content= value
let tagEnd = -1; // index of the closing '>', or -1 when the tag is left open
let hrefSeen = false;

/** Attributes that load what they name. */
function isLoadAttribute(s: string, start: number, len: number): boolean {
  switch (len) {
    case 3: return s.startsWith('src', start);
    case 4: return s.startsWith('href', start) || s.startsWith('data', start) || s.startsWith('code', start);
    case 5: return s.startsWith('movie', start);
    case 6: return s.startsWith('action', start);
    case 7: return s.startsWith('dynsrc', start) || s.startsWith('archive', start) || s.startsWith('classid', start)
      || s.startsWith('codebase', start);
    case 8: return s.startsWith('codebase', start);
    default: return false;
  }
}

/** Attributes whose value a browser navigates to or loads, where javascript: runs. */
function isUrlAttribute(s: string, start: number, len: number): boolean {
  if (isLoadAttribute(s, start, len)) return true;
  switch (len) {
    case 2: return s.startsWith('to', start);
    case 4: return s.startsWith('from', start);
    case 6: return s.startsWith('lowsrc', start) || s.startsWith('poster', start) || s.startsWith('values', start)
      || s.startsWith('target', start);
    case 7: return s.startsWith('content', start) || s.startsWith('profile', start);
    case 8: return s.startsWith('longdesc', start);
    case 10: return s.startsWith('background', start) || s.startsWith('formaction', start) || s.startsWith('xlink:href', start);
    default: return false;
  }
}

/** Attributes of IE data binding and behaviors (datasrc, dataformatas, implementation). */
function isLegacyAttribute(s: string, start: number, len: number): boolean {
  return (len === 7 && (s.startsWith('datasrc', start) || s.startsWith('datafld', start)))
    || (len === 12 && s.startsWith('dataformatas', start))
    || (len === 14 && s.startsWith('implementation', start));
}

/** Between attributes: whitespace, '/' (<svg/onload=...>) and '+' (a space that was never decoded). */
function isAttributeSeparator(c: number): boolean {
  return isSpace(c) || c === 47 || c === 43;
}

/** Scans one tag's attributes from `i` (just after the tag name); returns a rule or null. */
function scanAttributes(s: string, tagStart: number, i: number, kind: number): Rule | null {
  loadStart = loadEnd = relStart = relEnd = equivStart = equivEnd = contentStart = contentEnd = tagEnd = -1;
  loadQuoted = false;
  hrefSeen = false;
  contentIsCharset = false;
  // <img+src=x+onerror=...>: a '+' right after the tag name separates every attribute of the tag.
  const plus = s.charCodeAt(i) === 43;
  const n = Math.min(s.length, i + MAX_TAG_SCAN);
  while (i < n) {
    let c = s.charCodeAt(i);
    while (i < n && isAttributeSeparator(c)) c = ++i < s.length ? s.charCodeAt(i) : 0; // in bounds (see scriptUrlAt)
    if (i >= n || c === 60) return null; // '<' starts another tag
    if (c === 62) {
      tagEnd = i;
      return null;
    }
    const nameStart = i;
    while (i < n) {
      c = s.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62 || c === 61 || c === 60 || (plus && c === 43)) break;
      i++;
    }
    const nameEnd = i;
    const nameLen = nameEnd - nameStart;
    // Optional value.
    let valueStart = -1;
    let valueEnd = -1;
    let quoted = false;
    let j = i;
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    if (j < n && s.charCodeAt(j) === 61) {
      j++;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      const q = j < s.length ? s.charCodeAt(j) : 0; // in bounds: an out-of-bounds read deoptimizes
      if (q === 34 || q === 39 || q === 96) {
        quoted = true;
        valueStart = j + 1;
        let close = valueStart;
        while (close < n && s.charCodeAt(close) !== q) close++; // bounded by the tag scan limit
        valueEnd = close;
        i = valueEnd + 1;
        // Dangling markup: <img src='//evil.example/? left open swallows the page up to the next quote.
        if (close >= s.length && s.length <= 1024 && isLoadAttribute(s, nameStart, nameEnd - nameStart)
          && absoluteUrl(s, valueStart, valueEnd)) {
          setHit(s, tagStart, valueEnd);
          return XSS_CONTENT_INJECTION;
        }
      } else {
        valueStart = j;
        // An unquoted value ends at '<' too: the tag there gets its own scan, so that a value full of
        // tags costs each character one scan.
        while (j < n && !isSpace(s.charCodeAt(j)) && s.charCodeAt(j) !== 62 && s.charCodeAt(j) !== 60
          && !(plus && s.charCodeAt(j) === 43)) j++;
        valueEnd = j;
        i = j;
      }
    }
    const handler = handlerNameLength(s, nameStart, nameEnd);
    if (handler > 0) {
      // on<event> with a value, or junk after the name and an '=' later in the tag.
      if (valueStart >= 0 && handler === nameLen) {
        setHit(s, tagStart, Math.max(valueEnd, nameEnd));
        return XSS_EVENT_HANDLER;
      }
      if (handler < nameLen || (nameEnd < n && s.charCodeAt(nameEnd) === 47)) {
        let eq = nameEnd;
        while (eq < n && s.charCodeAt(eq) !== 61 && s.charCodeAt(eq) !== 62) eq++;
        if (eq < n && s.charCodeAt(eq) === 61) {
          setHit(s, tagStart, eq + 1);
          return XSS_EVENT_HANDLER;
        }
      }
    }
    if (valueStart >= 0) {
      const r = judgeAttribute(s, tagStart, kind, nameStart, nameLen, valueStart, valueEnd);
      if (r !== null) return r;
      if (loadStart < 0 && isLoadAttribute(s, nameStart, nameLen)) {
        loadStart = valueStart;
        loadEnd = valueEnd;
        loadQuoted = quoted;
      } else if (nameLen === 3 && s.startsWith('rel', nameStart)) {
        relStart = valueStart;
        relEnd = valueEnd;
      } else if (nameLen === 10 && s.startsWith('http-equiv', nameStart)) {
        equivStart = valueStart;
        equivEnd = valueEnd;
      } else if ((nameLen === 7 && s.startsWith('content', nameStart)) || (nameLen === 7 && s.startsWith('charset', nameStart))) {
        const charset = s.charCodeAt(nameStart + 1) === 104;
        if (contentStart < 0 || charset) {
          contentStart = valueStart;
          contentEnd = valueEnd;
          contentIsCharset = charset;
        }
      }
    } else if (isLegacyAttribute(s, nameStart, nameLen)) {
      setHit(s, tagStart, nameEnd);
      return XSS_LEGACY_VECTOR;
    }
    if (nameLen === 4 && s.startsWith('href', nameStart)) hrefSeen = true;
    if (i === nameStart) i++;
  }
  return null;
}

/** Checks one attribute with a value; any tag. */
function judgeAttribute(s: string, tagStart: number, kind: number, nameStart: number, nameLen: number,
  valueStart: number, valueEnd: number): Rule | null {
  if (nameLen === 6 && s.startsWith('srcdoc', nameStart)) {
    setHit(s, tagStart, valueEnd);
    return XSS_DANGEROUS_ATTRIBUTE;
  }
  const urlAttribute = isUrlAttribute(s, nameStart, nameLen);
  if (scriptUrlAt(s, valueStart, valueEnd, urlAttribute ? URL_IN_URL_ATTRIBUTE : URL_IN_ATTRIBUTE) >= 0
    || (rendersDocument(kind) && urlAttribute && markupDataUrl(s, valueStart, valueEnd))) {
    setHit(s, tagStart, valueEnd);
    return XSS_SCRIPT_URL;
  }
  if (nameLen === 5 && s.startsWith('style', nameStart) && dangerousCss(s, valueStart, valueEnd)) {
    setHit(s, tagStart, valueEnd);
    return XSS_DANGEROUS_ATTRIBUTE;
  }
  if (nameLen === 13 && s.startsWith('attributename', nameStart)
    && handlerNameLength(s, skipBlanks(s, valueStart, valueEnd), valueEnd) > 0) {
    // <set attributeName="onmouseover" to="alert(1)">: SVG animation writing a handler.
    setHit(s, tagStart, valueEnd);
    return XSS_EVENT_HANDLER;
  }
  if (isLegacyAttribute(s, nameStart, nameLen) || (valueEnd - valueStart >= 2 && s.charCodeAt(valueStart) === 38
    && s.charCodeAt(valueStart + 1) === 123)) {
    // Data binding, HTC behaviors, Netscape JavaScript entities (&{alert(1)};).
    setHit(s, tagStart, valueEnd);
    return XSS_LEGACY_VECTOR;
  }
  if (urlAttribute && obfuscatedIpUrl(s, valueStart, valueEnd)) {
    setHit(s, tagStart, valueEnd);
    return XSS_CONTENT_INJECTION;
  }
  if (nameLen === 10 && s.startsWith('formaction', nameStart)) {
    setHit(s, tagStart, valueEnd);
    return XSS_CONTENT_INJECTION;
  }
  return null;
}

/** `data:` URL of a document type, or any data: URL whose Base64 payload starts with markup. */
function markupDataUrl(s: string, i: number, end: number): boolean {
  i = skipBlanks(s, i, end);
  const j = matchNoisy(s, i, end, 'data:');
  if (j < 0) return false;
  const k = skipBlanks(s, j, end);
  if (matchNoisy(s, k, end, 'image/svg') >= 0) return true;
  // Base64 of '<' followed by a letter, '?' or '!' starts with P and one of A..H: <script>, <svg, <?xml.
  const limit = Math.min(end, k + 200);
  let comma = k;
  while (comma < limit && s.charCodeAt(comma) !== 44) comma++;
  if (comma >= limit || s.slice(k, comma).indexOf('base64') < 0) return false;
  const p = skipBlanks(s, comma + 1, end);
  const d = s.charCodeAt(p + 1);
  return p + 1 < end && s.charCodeAt(p) === 112 && d >= 97 && d <= 104;
}

/** Judges a tag of a given kind once its attributes are read (scanAttributes found nothing). */
function judgeTag(s: string, tagStart: number, kind: number): Rule | null {
  switch (kind) {
    case K_BASE:
      if (loadStart >= 0 || hrefSeen) {
        // <base href="/"> heads a single-page app's index.html; any other base redirects every
        // relative URL of the page.
        const end = tagEnd < 0 ? Math.min(s.length, tagStart + 64) : tagEnd + 1;
        if (loadStart >= 0 && !absoluteUrl(s, loadStart, loadEnd) && isWholeDocument(s)) {
          noteWeak(s, tagStart, end, XSS_EXTERNAL_FRAME);
          return null;
        }
        setHit(s, tagStart, end);
        return XSS_CONTENT_INJECTION;
      }
      return null;
    case K_META: {
      if (equivStart >= 0) {
        const equiv = s.slice(equivStart, equivEnd).trim();
        const content = contentStart >= 0 ? s.slice(contentStart, contentEnd) : '';
        if ((equiv === 'refresh' && content.indexOf('url') >= 0) || equiv === 'set-cookie' || equiv === 'link'
          || content.indexOf('utf-7') >= 0 || content.indexOf('utf7') >= 0) {
          setHit(s, tagStart, tagEnd < 0 ? Math.max(equivEnd, contentEnd) : tagEnd + 1);
          return XSS_CONTENT_INJECTION;
        }
      } else if (contentStart >= 0 && contentIsCharset) {
        const charset = s.slice(contentStart, contentEnd).trim();
        if (charset.indexOf('utf-7') >= 0 || charset.indexOf('utf7') >= 0) {
          setHit(s, tagStart, contentEnd);
          return XSS_CONTENT_INJECTION;
        }
        // Any other declared charset is a document's head, or a charset trick (mac-farsi): level 2.
        if (charset !== 'utf-8' && charset !== 'utf8') noteWeak(s, tagStart, contentEnd, XSS_EXTERNAL_FRAME);
      }
      return null;
    }
    case K_LINK:
      if (loadStart >= 0 && relStart >= 0) {
        const rel = s.slice(relStart, relEnd);
        if (rel.indexOf('import') >= 0
          || (rel.indexOf('stylesheet') >= 0 && absoluteUrl(s, loadStart, loadEnd) && !isWholeDocument(s))) {
          setHit(s, tagStart, loadEnd);
          return XSS_CONTENT_INJECTION;
        }
        if (rel.indexOf('stylesheet') >= 0 && absoluteUrl(s, loadStart, loadEnd)) noteWeak(s, tagStart, loadEnd, XSS_EXTERNAL_FRAME);
      }
      return null;
    case K_PLUGIN:
      // A plugin loading from another host, Flash, Java or a scriptlet; <embed src="/files/a.pdf"> is
      // what a rich-text editor makes of an attached PDF (level 2).
      if (loadStart >= 0) {
        const end = tagEnd < 0 ? Math.min(s.length, tagStart + 256) : tagEnd;
        if (absoluteUrl(s, loadStart, loadEnd) || s.startsWith('applet', tagStart + 1) || loadEnd >= s.length
          || hostilePlugin(s.slice(tagStart, end))) {
          setHit(s, tagStart, loadEnd);
          return XSS_CONTENT_INJECTION;
        }
        noteWeak(s, tagStart, loadEnd, XSS_EXTERNAL_FRAME);
      }
      return null;
    case K_LAYER:
      if (loadStart >= 0) {
        setHit(s, tagStart, loadEnd);
        return XSS_CONTENT_INJECTION;
      }
      return null;
    case K_XML:
    case K_LEGACY:
      if (tagEnd < 0 || tagEnd > tagStart + 5 || kind === K_LEGACY) {
        setHit(s, tagStart, tagEnd < 0 ? Math.min(s.length, tagStart + 64) : tagEnd + 1);
        return XSS_LEGACY_VECTOR;
      }
      return null;
    case K_FRAME:
      if (loadStart >= 0 && absoluteUrl(s, loadStart, loadEnd)) {
        // Rich text embeds frames with quoted https URLs in complete tags; payloads leave the URL
        // unquoted or the tag open (<iframe src=http://evil/x.html <), or frame cleartext http or an
        // explicit port, which no https page could embed anyway.
        if (!loadQuoted || tagEnd < 0 || cleartextOrPort(s, loadStart, loadEnd)) {
          setHit(s, tagStart, loadEnd);
          return XSS_CONTENT_INJECTION;
        }
        noteWeak(s, tagStart, loadEnd, XSS_EXTERNAL_FRAME);
      }
      return null;
    case K_FORM:
      if (loadStart >= 0 && absoluteUrl(s, loadStart, loadEnd)) {
        // A form posting elsewhere that asks for a password is phishing, not a newsletter box.
        if (hasPassword(s)) {
          setHit(s, tagStart, loadEnd);
          return XSS_CONTENT_INJECTION;
        }
        noteWeak(s, tagStart, loadEnd, XSS_EXTERNAL_FRAME);
      }
      return null;
    default:
      return null;
  }
}

const PLUGIN_MARKERS = ['.swf', 'flash', 'scriptlet', 'java', 'allowscriptaccess', 'classid', 'codebase', '.xap', 'silverlight'];

/** A plugin tag's text naming Flash, Java, ActiveX, Silverlight or a scriptlet. */
function hostilePlugin(tag: string): boolean {
  for (let markerIndex = 0; markerIndex < PLUGIN_MARKERS.length; markerIndex++) {
    const marker = PLUGIN_MARKERS[markerIndex] as string;
    if (tag.indexOf(marker) >= 0) return true;
  }
  return false;
}

/** `http://...` or a URL with an explicit port (`//host:3555/`) at s[i..end). */
function cleartextOrPort(s: string, i: number, end: number): boolean {
  i = skipBlanks(s, i, end);
  if (s.startsWith('http:', i)) return true;
  const slashes = schemeSlashes(s, i, end);
  for (let k = slashes + 2; slashes >= 0 && k < end && k - slashes < 260; k++) {
    const c = s.charCodeAt(k);
    if (c === 47 || c === 63 || c === 35) return false;
    if (c === 58) return true;
  }
  return false;
}

/** Index of the '//' after an optional scheme (`https://`, `//host`) at s[i..end) (blanks skipped), or -1. */
function schemeSlashes(s: string, i: number, end: number): number {
  i = skipBlanks(s, i, end);
  for (let k = i; k < end && k - i <= 12; k++) {
    const c = s.charCodeAt(k);
    if (c === 47) return s.charCodeAt(k + 1) === 47 && k + 1 < end ? k : -1;
    if (!(isLower(c) || c === 58)) return -1;
  }
  return -1;
}

/** `http://`, `https://`, `//host` or another scheme with '//' at s[i..end). */
function absoluteUrl(s: string, i: number, end: number): boolean {
  return schemeSlashes(s, i, end) >= 0;
}

// A level-2 finding to report if nothing of level 1 turns up in the value.
let weakRule: Rule | null = null;
let weakText = '';
let weakStart = 0;
let weakEnd = 0;

function noteWeak(s: string, start: number, end: number, rule: Rule): void {
  if (weakRule !== null) return;
  weakRule = rule;
  weakText = s;
  weakStart = start;
  weakEnd = end;
}

/** `<style>` content up to `</style` (bounded): imports, expressions, bindings, script. */
function styleBlock(s: string, tagStart: number, contentStart: number): Rule | null {
  // A bounded copy, so that no search below runs past the block.
  const block = s.slice(contentStart, Math.min(s.length, contentStart + MAX_TAG_SCAN));
  let end = block.indexOf('</style');
  if (end < 0) end = block.length;
  if (dangerousCss(block, 0, end) || findJsPayload(block, 0, end) >= 0) {
    setHit(s, tagStart, contentStart + end);
    return XSS_DANGEROUS_ATTRIBUTE;
  }
  const at = block.indexOf('@');
  if (at < 0 || at >= end) return null;
  // A backslash inside the at-rule name (@\69mport, @im\port) only hides it from filters.
  const name = block.slice(at, Math.min(end, at + 12));
  const escaped = name.indexOf('\\') >= 0;
  const css = compactCss(block, at, end);
  const imported = css.indexOf('@import');
  if (escaped || imported >= 0) {
    // An imported stylesheet from another host (or an escaped @import): hostile injected into a
    // field, routine in a whole page or e-mail template; a relative import is a site's own CSS.
    const external = imported >= 0 && externalImport(css, imported + 7);
    if (escaped || (external && !isWholeDocument(s))) {
      setHit(s, tagStart, contentStart + end);
      return XSS_CONTENT_INJECTION;
    }
    if (external) noteWeak(s, tagStart, contentStart + end, XSS_EXTERNAL_FRAME);
  }
  return null;
}

/** `@import url(//x)`, `@import 'https://x'` in compacted CSS at i (just after `@import`). */
function externalImport(css: string, i: number): boolean {
  if (css.startsWith('url(', i)) i += 4;
  const q = css.charCodeAt(i);
  if (q === 39 || q === 34) i++;
  return css.startsWith('//', i) || css.startsWith('http:', i) || css.startsWith('https:', i);
}

/** A complete HTML page (template, e-mail, saved page), where heads carry links, bases and imports. */
function isWholeDocument(s: string): boolean {
  if (documentText !== s) {
    documentText = s;
    documentValue = s.indexOf('<html') >= 0 || s.indexOf('<head') >= 0 || s.indexOf('<!doctype') >= 0;
  }
  return documentValue;
}
// isWholeDocument's answer for the last string asked about (a value may hold many tags).
let documentText = '';
let documentValue = false;

function hasPassword(s: string): boolean {
  if (passwordText !== s) {
    passwordText = s;
    passwordValue = s.indexOf('password') >= 0;
  }
  return passwordValue;
}
let passwordText = '';
let passwordValue = false;

/**
 * `http://1113982867/`, `//0x42.0x66.0x7.0x93/`, `http://0102.0146.07.0223/`: a host spelled as a
 * number only to get past filters; no editor writes links like that.
 */
function obfuscatedIpUrl(s: string, i: number, end: number): boolean {
  const slashes = schemeSlashes(s, i, end);
  if (slashes < 0) return false;
  let h = slashes + 2;
  const at = h;
  let digits = 0;
  let dots = 0;
  let hex = false;
  let octal = false;
  let componentStart = h;
  for (; h < end && h - at < 64; h++) {
    const c = s.charCodeAt(h);
    if (c === 47 || c === 58 || c === 63 || c === 35) break;
    if (c === 46) {
      dots++;
      componentStart = h + 1;
    } else if (isDigit(c)) {
      digits++;
      if (c === 48 && h === componentStart && h + 1 < end && isDigit(s.charCodeAt(h + 1))) octal = true;
    } else if (c === 120 && h === componentStart + 1 && s.charCodeAt(componentStart) === 48) {
      hex = true;
    } else if (!(hex && isHex(c))) {
      return false;
    }
  }
  if (h === at) return false;
  return hex || (octal && dots > 0) || (dots === 0 && digits >= 8);
}

const CSS_DANGER = ['expression(', '-moz-binding', 'behavior:', 'behaviour:', 'javascript:', 'vbscript:'];

/**
 * CSS at s[from..to) that runs script or loads a stylesheet (`@import`, only in blocks), after
 * undoing what CSS parsers undo: comments, backslash escapes (`\65 xpression`), whitespace.
 */
function dangerousCss(s: string, from: number, to: number): boolean {
  const css = compactCss(s, from, to);
  for (let wordIndex = 0; wordIndex < CSS_DANGER.length; wordIndex++) {
    const word = CSS_DANGER[wordIndex] as string;
    if (css.indexOf(word) >= 0) return true;
  }
  return false;
}

function compactCss(s: string, from: number, to: number): string {
  let out = '';
  let i = from;
  // Characters kept as they are are copied in runs (one slice per run, not one string per character).
  let run = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 47 && s.charCodeAt(i + 1) === 42) {
      if (run < i) out += s.slice(run, i);
      const close = commentEnd(s, i + 2, to);
      i = close < 0 ? to : close + 2;
      run = i;
      continue;
    }
    if (isSpace(c)) {
      if (run < i) out += s.slice(run, i);
      i++;
      run = i;
      continue;
    }
    if (c === 92 && i + 1 < to) {
      if (run < i) out += s.slice(run, i);
      let k = i + 1;
      let code = 0;
      while (k < to && k - i <= 6 && isHex(s.charCodeAt(k))) code = code * 16 + hexValue(s.charCodeAt(k++));
      if (k > i + 1) {
        if (k < to && isSpace(s.charCodeAt(k))) k++;
        out += code > 0 && code < 0x110000 ? String.fromCodePoint(code).toLowerCase() : '';
        i = k;
        run = i;
        continue;
      }
      out += s[i + 1];
      i += 2;
      run = i;
      continue;
    }
    i++;
  }
  if (run < i) out += s.slice(run, Math.min(i, to));
  return out;
}

const SCRIPT_SCHEMES = ['javascript', 'vbscript', 'livescript', 'mocha', 'mhtml'];
const DATA_TYPES = ['text/html', 'application/xhtml+xml', 'text/javascript', 'application/javascript',
  'application/x-javascript', 'application/ecmascript', 'text/ecmascript'];

/** Browsers drop tab, LF and CR anywhere in a URL, and leading spaces and controls. */
function isUrlNoise(c: number): boolean {
  return c === 9 || c === 10 || c === 13;
}

/** Matches `word` at i, skipping URL noise; returns the end index or -1. */
function matchNoisy(s: string, i: number, end: number, word: string): number {
  let k = 0;
  while (i < end && k < word.length) {
    const c = s.charCodeAt(i);
    if (isUrlNoise(c)) { i++; continue; }
    if (c !== word.charCodeAt(k)) return -1;
    i++;
    k++;
  }
  return k === word.length ? i : -1;
}

/** Like matchNoisy, spaces inside the word allowed too (the tab of jav&#9;ascript lost as a space). */
function matchSpaced(s: string, i: number, end: number, word: string): number {
  let k = 0;
  while (i < end && k < word.length) {
    const c = s.charCodeAt(i);
    if (isSpace(c) && k > 0) { i++; continue; }
    if (c !== word.charCodeAt(k)) return -1;
    i++;
    k++;
  }
  return k === word.length ? i : -1;
}

function skipBlanks(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) <= 32) i++;
  return i;
}

/** Where a script URL was found, from most to least telling. */
const URL_IN_URL_ATTRIBUTE = 0; // the value of href, src, action ...
const URL_IN_ATTRIBUTE = 1; // the value of another attribute (title="javascript: tips" is text)
const URL_AT_START = 2; // the start of the value, or after =, a quote, (
const URL_IN_TEXT = 3; // after a space in running text

/**
 * A script URL starting at `i` (after leading blanks): `javascript:...`, `vbscript:`, or a
 * `data:` URL of an HTML or script type. Returns the index after the scheme or -1.
 */
function scriptUrlAt(s: string, i: number, end: number, where: number): number {
  while (i < end && (s.charCodeAt(i) <= 32)) i++;
  const c = i < s.length ? s.charCodeAt(i) : 0; // in bounds: an out-of-bounds read deoptimizes
  if (c === 106 || c === 118 || c === 108 || c === 109) {
    for (let schemeIndex = 0; schemeIndex < SCRIPT_SCHEMES.length; schemeIndex++) {
      const scheme = SCRIPT_SCHEMES[schemeIndex] as string;
      let j = matchNoisy(s, i, end, scheme);
      if (j < 0 && where === URL_IN_URL_ATTRIBUTE) j = matchSpaced(s, i, end, scheme);
      if (j < 0) continue;
      // Noise inside the scheme (java&#9;script, ja&Tab;vascript) is deliberate.
      const obfuscated = j - i > scheme.length;
      let k = j;
      while (k < end && isUrlNoise(s.charCodeAt(k))) k++;
      if (k < end && s.charCodeAt(k) === 58) {
        // javascript:void(0) placeholders fill pasted rich text; they run nothing.
        if (!obfuscated && isNoOpScript(s, k + 1, end)) return -1;
        if (where === URL_IN_URL_ATTRIBUTE || (obfuscated && where !== URL_IN_TEXT)) return k + 1;
        // "JavaScript: The Good Parts" is a book, "javascript: map() vs forEach()" a question;
        // javascript:alert(1) is a payload. After a space it takes a sink call to count.
        const next = k + 1 < end ? s.charCodeAt(k + 1) : 32;
        if (where <= URL_AT_START ? !isSpace(next) || sinkIn(s, k + 1, Math.min(end, k + 96))
          : !isSpace(next) && looksLikeCode(s, k + 1, Math.min(end, k + 96))) return k + 1;
      }
      return -1;
    }
  } else if (c === 100) {
    const j = matchNoisy(s, i, end, 'data');
    if (j >= 0 && s.charCodeAt(j) === 58) {
      let k = j + 1;
      while (k < end && s.charCodeAt(k) <= 32) k++;
      for (let typeIndex = 0; typeIndex < DATA_TYPES.length; typeIndex++) {
        const type = DATA_TYPES[typeIndex] as string;
        if (s.startsWith(type, k)) return k + type.length;
      }
    }
  }
  return -1;
}

const NO_OP_SCRIPTS = ['void(0)', 'void 0', 'void(null)', 'return false', 'false', 'undefined'];

/** `javascript:void(0)`, `javascript:;`, `javascript:` at s[i..end): then a quote, '>', space or the end. */
function isNoOpScript(s: string, i: number, end: number): boolean {
  let k = i;
  for (let bodyIndex = 0; bodyIndex < NO_OP_SCRIPTS.length; bodyIndex++) {
    const body = NO_OP_SCRIPTS[bodyIndex] as string;
    if (s.startsWith(body, i)) {
      k = i + body.length;
      break;
    }
  }
  if (k < end && s.charCodeAt(k) === 59) k++;
  if (k >= end) return true;
  const c = s.charCodeAt(k);
  return c === 34 || c === 39 || c === 62 || isSpace(c);
}

/** A sink call (alert(, eval(, document.cookie ...) starting at a word boundary in s[i..end). */
function sinkIn(s: string, i: number, end: number): boolean {
  for (let k = i; k < end; k++) {
    if (isLower(s.charCodeAt(k)) && !isLower(s.charCodeAt(k - 1)) && sinkAt(s, k) >= 0) return true;
  }
  return false;
}

/** A call or template call somewhere in s[i..end): `x(`, `` x` ``. */
function looksLikeCode(s: string, i: number, end: number): boolean {
  for (let k = i + 1; k < end; k++) {
    const c = s.charCodeAt(k);
    if ((c === 40 || c === 96) && !isSpace(s.charCodeAt(k - 1))) return true;
  }
  return false;
}

/** Contexts after which a URL starts: the value start, `=`, a quote, `(`, `>`, a backtick. */
function isUrlContext(c: number): boolean {
  return c === 61 || c === 34 || c === 39 || c === 40 || c === 62 || c === 96 || c === 91 || c === 44;
}

function findScriptUrl(s: string): number {
  // Anchored on ':' -- walk back over the scheme letters (and the tabs/newlines browsers drop).
  for (let colon = s.indexOf(':'); colon >= 0; colon = s.indexOf(':', colon + 1)) {
    let k = colon - 1;
    // CSS url( javascript : ... ) and sloppy payloads put spaces before the colon.
    let spaced = false;
    while (k >= 0 && colon - k <= 3 && s.charCodeAt(k) === 32) {
      k--;
      spaced = true;
    }
    let letters = 0;
    while (k >= 0 && colon - k <= 32) {
      const c = s.charCodeAt(k);
      if (isLower(c)) letters++;
      else if (!isUrlNoise(c)) break;
      k--;
    }
    if (letters < 4) continue;
    const start = k + 1;
    if (k >= 0 && isDigit(s.charCodeAt(k))) continue;
    let p = k;
    while (p >= 0 && s.charCodeAt(p) <= 32) p--;
    const where = p < 0 || isUrlContext(s.charCodeAt(p)) ? URL_AT_START : URL_IN_TEXT;
    if (spaced) {
      if (where === URL_AT_START && (s.startsWith('javascript', start) || s.startsWith('vbscript', start))
        && sinkIn(s, colon + 1, Math.min(s.length, colon + 64))) {
        setHit(s, start, Math.min(s.length, colon + 48));
        return colon;
      }
      continue;
    }
    const end = scriptUrlAt(s, start, s.length, where);
    if (end >= 0) {
      setHit(s, start, Math.min(s.length, end + 48));
      return end;
    }
  }
  return -1;
}

/** Quote, then up to a few separators, then a sink: `';alert(1)//`, `"-confirm(1)-"`. */
function findJsBreakout(s: string): number {
  for (let quoteIndex = 0; quoteIndex < QUOTES.length; quoteIndex++) {
    const quote = QUOTES[quoteIndex] as string;
    for (let i = s.indexOf(quote); i >= 0; i = s.indexOf(quote, i + 1)) {
      let j = i + 1;
      let separators = 0;
      while (j < s.length && j - i <= 8) {
        const d = s.charCodeAt(j);
        if (d === 59 || d === 43 || d === 45 || d === 42 || d === 47 || d === 124 || d === 38 || d === 44
          || d === 41 || d === 125 || d === 93 || d === 94 || d === 126 || d === 33 || d === 37 || d === 63 || d === 58) {
          separators++;
          j++;
        } else if (isSpace(d) || d === 92) {
          j++;
        } else break;
      }
      if (separators === 0) continue;
      const end = sinkAt(s, j);
      if (end >= 0) {
        setHit(s, i, Math.min(s.length, end + 24));
        return end;
      }
    }
  }
  return -1;
}
const QUOTES = ["'", '"', '`'];

/** An attribute name that a breakout adds: an event handler, or formaction (form hijack). */
function isBreakoutAttribute(s: string, start: number, end: number): boolean {
  return isEventHandlerName(s, start, end) || (end - start === 10 && s.startsWith('formaction', start));
}

/** `" onmouseover="alert(1)` and friends: leaving an attribute value to add a handler. */
function findAttributeBreakout(s: string): number {
  const dq = s.indexOf('"');
  const sq = s.indexOf("'");
  const firstQuote = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
  // Candidates in order: each "on", and the "o" of each "formaction" (two indexOf streams merged,
  // instead of stopping at every 'o').
  let on = s.indexOf('on');
  let form = s.indexOf('formaction');
  while (on >= 0 || form >= 0) {
    // on<event>= or formaction=, at a word boundary.
    let i: number;
    if (form < 0 || (on >= 0 && on < form + 1)) {
      i = on;
      on = s.indexOf('on', on + 1);
    } else {
      i = form;
      form = s.indexOf('formaction', form + 1);
    }
    const p = i > 0 ? s.charCodeAt(i - 1) : 0;
    if (isLower(p) || isDigit(p) || p === 95 || p === 45) continue;
    let e = i + 2;
    while (e < s.length && e - i < 48 && isLower(s.charCodeAt(e))) e++;
    let k = e;
    while (k < s.length && isSpace(s.charCodeAt(k))) k++;
    if (k >= s.length || s.charCodeAt(k) !== 61 || !isBreakoutAttribute(s, i, e)) continue;
    // A breakout has a quote before it and a quoted, script or missing value after it:
    // " onmouseover="alert(1)   ' onfocus=alert(1) x='   "onzoom=   (not "I set onload = init;")
    let v = k + 1;
    while (v < s.length && isSpace(s.charCodeAt(v))) v++;
    const cv = v < s.length ? s.charCodeAt(v) : 0; // in bounds: an out-of-bounds read deoptimizes
    const valueQuoted = cv === 34 || cv === 39 || cv === 96;
    if (valueQuoted) v++;
    const quoteBefore = firstQuote >= 0 && firstQuote < i;
    const formaction = s.charCodeAt(i + 1) === 111;
    // window.onerror=alert: a property assignment counts only with a sink as the value.
    // A handler glued to a delimiter (`;onfocus=x`, `/onload=x`, `"onclick=x`) left a value behind.
    const glued = (p === 34 || p === 39 || p === 96 || p === 59 || p === 47 || p === 40 || p === 44) && k === e
      && v < s.length && s.charCodeAt(v) !== 61 && !formaction;
    if (sinkAt(s, v) >= 0 || bareSinkAt(s, v) || glued
      || (p !== 46 && quoteBefore && (valueQuoted || v >= s.length || formaction || (k === e && valueIsCode(s, v))))) {
      setHit(s, p === 0 ? i : i - 1, Math.min(s.length, k + 32));
      return k;
    }
  }
  return -1;
}

/** `onerror=alert;throw 1`, `{onerror=eval}`: a sink assigned as the handler, called by the page. */
function bareSinkAt(s: string, v: number): boolean {
  for (let nameIndex = 0; nameIndex < CALL_SINKS.length; nameIndex++) {
    const name = CALL_SINKS[nameIndex] as string;
    if (s.startsWith(name, v)) {
      const e = v + name.length;
      const c = s.charCodeAt(e);
      return e >= s.length || c === 59 || c === 44 || c === 125 || c === 41 || c === 62 || c === 34 || c === 39
        || c === 96 || isSpace(c);
    }
  }
  return false;
}

/** An unquoted attribute value at v that calls something: `$.getScript('//x')`, `x()`. */
function valueIsCode(s: string, v: number): boolean {
  for (let k = v; k < s.length && k - v < 64; k++) {
    const c = s.charCodeAt(k);
    if (isSpace(c) || c === 62) return false;
    if ((c === 40 || c === 96) && k > v) return true;
  }
  return false;
}

/** `{{constructor.constructor('alert(1)')()}}`, `${alert(1)}`. */
function findTemplate(s: string): number {
  let i = s.indexOf('{{');
  while (i >= 0) {
    const close = s.indexOf('}}', i + 2);
    const end = close < 0 ? Math.min(s.length, i + 256) : Math.min(close, i + 256);
    const body = s.slice(i + 2, end);
    if (body.indexOf('constructor') >= 0 || body.indexOf('$eval') >= 0 || body.indexOf('$on.') >= 0) {
      setHit(s, i, end + 2);
      return end;
    }
    for (let k = 0; k < body.length; k++) {
      if (isLower(body.charCodeAt(k)) && (k === 0 || !isLower(body.charCodeAt(k - 1))) && sinkAt(body, k) >= 0) {
        setHit(s, i, end + 2);
        return end;
      }
    }
    if (close < 0) break;
    i = s.indexOf('{{', close + 2);
  }
  i = s.indexOf('${');
  while (i >= 0) {
    let k = i + 2;
    while (k < s.length && isSpace(s.charCodeAt(k))) k++;
    const end = sinkAt(s, k);
    // ${alert(1)}, and the bare function of a tagged-template call: [].sort.call`${alert}1`.
    if (end >= 0 || bareFunctionAt(s, k)) {
      setHit(s, i, Math.min(s.length, (end < 0 ? k : end) + 16));
      return k;
    }
    i = s.indexOf('${', i + 2);
  }
  return -1;
}

/** `alert}` / `eval }`: a sink named without a call inside `${...}`. */
function bareFunctionAt(s: string, k: number): boolean {
  for (let nameIndex = 0; nameIndex < CALL_SINKS.length; nameIndex++) {
    const name = CALL_SINKS[nameIndex] as string;
    if (s.startsWith(name, k)) {
      let j = k + name.length;
      while (j < s.length && isSpace(s.charCodeAt(j))) j++;
      return s.charCodeAt(j) === 125;
    }
  }
  return false;
}

// ---- JavaScript without markup ------------------------------------------------------------

/** Functions that run or show what they are given. */
const CALL_SINKS = ['alert', 'prompt', 'confirm', 'eval', 'settimeout', 'setinterval', 'execscript', 'msgbox'];
/** Arguments that make eval/setTimeout a payload: a string, or a decoder. */
const CODE_ARGS = ['atob', 'unescape', 'decodeuri', 'decodeuricomponent', 'string.fromcharcode', 'location', 'name',
  'window.name', 'self.name', 'top.name', 'document.location', 'document.cookie', 'document.domain', 'location.hash'];
/** Globals that payloads index with strings to hide a sink: window['al'+'ert'](1). */
const GLOBALS = ['window', 'self', 'top', 'parent', 'globalthis', 'frames', 'document', 'this'];
/** Properties that matter when read off document. */
const DOCUMENT_PROPS = ['cookie', 'domain', 'write', 'location', 'url', 'referrer'];

function isIdentifierChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 95 || c === 36;
}

/** Index of the next `*` + `/` in s[from..limit), or -1: a search that never runs past `limit`. */
function commentEnd(s: string, from: number, limit: number): number {
  for (let k = from; k + 1 < limit; k++) if (s.charCodeAt(k) === 42 && s.charCodeAt(k + 1) === 47) return k;
  return -1;
}

/** Skips spaces and block comments (bounded). */
function skipJsGap(s: string, i: number, end: number): number {
  for (let rounds = 0; i < end && rounds < 8; rounds++) {
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42) {
      const close = commentEnd(s, i + 2, Math.min(end, i + 130));
      if (close < 0) return i;
      i = close + 2;
    } else break;
  }
  return i;
}

/** `alert(1)`, `alert\`1\``, `eval(atob(...))`, `setTimeout('...')`, `(alert)(1)` at a word start i. */
function payloadCallAt(s: string, i: number, end: number, name: string): number {
  let j = i + name.length;
  let b = i - 1;
  while (b > 0 && isSpace(s.charCodeAt(b))) b--;
  const before = b >= 0 ? s.charCodeAt(b) : 0;
  // (alert)(1), (0, eval)('...'): the function taken out of a parenthesised expression.
  const parenthesised = (before === 40 || before === 44) && s.charCodeAt(j) === 41;
  if (parenthesised) {
    j++;
    // [1].map(alert), setTimeout(confirm): the sink handed over as a callback.
    if (before === 40 && name.length <= 7 && isMethodCallBefore(s, b)) return j;
  }
  let gap = skipJsGap(s, j, end);
  let c = s.charCodeAt(gap);
  if (c === 63 && s.charCodeAt(gap + 1) === 46) {
    gap = skipJsGap(s, gap + 2, end); // alert?.(1)
    c = s.charCodeAt(gap);
  } else if (c === 46) {
    // alert.call(null, 1), eval.apply(this, [x]), prompt.bind()(1)
    const m = skipJsGap(s, gap + 1, end);
    const len = s.startsWith('call', m) || s.startsWith('bind', m) ? 4 : s.startsWith('apply', m) ? 5 : 0;
    if (len === 0) return -1;
    const open = skipJsGap(s, m + len, end);
    return s.charCodeAt(open) === 40 || s.charCodeAt(open) === 96 ? open + 1 : -1;
  }
  // alert`1`; not markdown's `eval` code span (a backtick before the name or a space after).
  if (c === 96 && gap === j) return isTemplateCall(s, i, gap) ? gap + 1 : -1;
  if (c !== 40 || gap >= end) return -1;
  if (parenthesised) return gap + 1;
  const a = skipJsGap(s, gap + 1, end);
  const d = s.charCodeAt(a);
  if (a >= end || d === 41) return -1; // alert() with nothing to show is prose about it
  const quoteOrCode = d === 39 || d === 34 || d === 96 || d === 47;
  if (name.length <= 7 && name !== 'eval') {
    // alert/prompt/confirm/msgbox: any argument glued to the call; after a space only a literal.
    // A named argument is an API call, not a payload: GraphQL confirm(token: "x"), confirm(msg="x").
    if (isLower(d) && namedArgumentAt(s, a, end)) return -1;
    return gap === j || quoteOrCode || isDigit(d) || startsWithAny(s, a, CODE_ARGS) ? a : -1;
  }
  return quoteOrCode || startsWithAny(s, a, CODE_ARGS) ? a : -1;
}

/** `token:` or `msg=` (not `==`) at i: a named argument. */
function namedArgumentAt(s: string, i: number, end: number): boolean {
  let k = i;
  while (k < end && k - i < 40 && isIdentifierChar(s.charCodeAt(k))) k++;
  while (k < end && isSpace(s.charCodeAt(k))) k++;
  const c = s.charCodeAt(k);
  return c === 58 || (c === 61 && s.charCodeAt(k + 1) !== 61);
}

/** `.map(` ending at the '(' at `open`: a method called on something (not "fire(alert) drills"). */
function isMethodCallBefore(s: string, open: number): boolean {
  let k = open - 1;
  while (k >= 0 && open - k <= 32 && isIdentifierChar(s.charCodeAt(k))) k--;
  return k >= 0 && k < open - 1 && s.charCodeAt(k) === 46;
}

function startsWithAny(s: string, i: number, words: readonly string[]): boolean {
  for (let wIndex = 0; wIndex < words.length; wIndex++) {
    const w = words[wIndex] as string;
    if (s.startsWith(w, i) && !isIdentifierChar(s.charCodeAt(i + w.length))) return true;
  }
  return false;
}

/** `window['alert'](1)`, `top[8680439..toString(30)](1)`, `(document)["cookie"]`, `document.cookie`. */
function globalAccessAt(s: string, i: number, end: number, name: string): number {
  let j = skipJsGap(s, i + name.length, end);
  if (s.charCodeAt(j) === 41 && i > 0 && s.charCodeAt(i - 1) === 40) j = skipJsGap(s, j + 1, end); // (document)
  const c = s.charCodeAt(j);
  if (name === 'document' && c === 46) {
    const k = skipJsGap(s, j + 1, end);
    for (let propIndex = 0; propIndex < DOCUMENT_PROPS.length; propIndex++) {
      const prop = DOCUMENT_PROPS[propIndex] as string;
      if (s.startsWith(prop, k) && !isIdentifierChar(s.charCodeAt(k + prop.length))) {
        // document.write( / document.cookie / document.domain; document.location and .url only
        // as what they are used for in payloads (assigned or passed).
        if ((prop === 'cookie' || prop === 'domain' || (prop === 'write' && s.charCodeAt(skipJsGap(s, k + 5, end)) === 40))
          && !inCodeSpan(s, i)) {
          return k + prop.length;
        }
      }
    }
    return -1;
  }
  if (c !== 91) return -1;
  const k = skipJsGap(s, j + 1, end);
  const q = s.charCodeAt(k);
  if (q === 39 || q === 34 || q === 96) {
    const inner = skipJsGap(s, k + 1, end);
    // document['cookie']; window['alert'], self['document'] (not Python's self['url']).
    if (startsWithAny(s, inner, CALL_SINKS) || (name === 'document' && startsWithAny(s, inner, DOCUMENT_PROPS))
      || s.startsWith('constructor', inner) || s.startsWith('document', inner) || s.startsWith('atob', inner)) return inner;
  }
  // Anything computed, then called: top[...](1), self[...]`1`. The brackets must hold an
  // expression, not a name: this[kMethod](x) is everyday code, "see this [guide](#setup)" a
  // markdown link.
  if (name === 'this') return -1;
  let expression = false;
  for (let m = k; m < end && m - k < 96; m++) {
    const d = s.charCodeAt(m);
    if (d === 93) {
      const after = skipJsGap(s, m + 1, end);
      const e = s.charCodeAt(after);
      if (!(e === 40 || e === 96) || m === k || !expression) return -1;
      const arg = s.charCodeAt(after + 1);
      return arg === 35 || arg === 47 || s.startsWith('http', after + 1) ? -1 : after;
    }
    if (d === 91 || d === 60 || d === 62 || d === 10) return -1;
    if (!isLower(d) && !isSpace(d)) expression = true;
  }
  return -1;
}

/** A tagged-template call at the backtick `tick` after a name starting at `i`. */
function isTemplateCall(s: string, i: number, tick: number): boolean {
  if (i > 0 && s.charCodeAt(i - 1) === 96) return false;
  const c = s.charCodeAt(tick + 1);
  return tick + 1 < s.length && !isSpace(c) && !inCodeSpan(s, i);
}

/** Whether `i` sits inside a markdown code span: an odd number of backticks before it on its line. */
function inCodeSpan(s: string, i: number): boolean {
  let ticks = 0;
  for (let k = i - 1; k >= 0 && i - k <= 200; k--) {
    const c = s.charCodeAt(k);
    if (c === 10) break;
    if (c === 96) ticks++;
  }
  return (ticks & 1) === 1;
}

/**
 * JavaScript payload shapes anywhere in s[from..to): sink calls with an argument, globals indexed
 * by strings, `[].constructor`, tagged-template calls, JSFuck, ActiveX. Returns an index or -1.
 */
function findJsPayload(s: string, from: number, to: number): number {
  for (let nameIndex = 0; nameIndex < CALL_SINKS.length; nameIndex++) {
    const name = CALL_SINKS[nameIndex] as string;
    for (let i = s.indexOf(name, from); i >= 0 && i < to; i = s.indexOf(name, i + 1)) {
      if (i > 0 && (isIdentifierChar(s.charCodeAt(i - 1)))) continue;
      const end = payloadCallAt(s, i, to, name);
      if (end >= 0) {
        setHit(s, i, Math.min(s.length, end + 24));
        return end;
      }
    }
  }
  for (let nameIndex = 0; nameIndex < GLOBALS.length; nameIndex++) {
    const name = GLOBALS[nameIndex] as string;
    for (let i = s.indexOf(name, from); i >= 0 && i < to; i = s.indexOf(name, i + 1)) {
      if (i > 0 && (isIdentifierChar(s.charCodeAt(i - 1)) || s.charCodeAt(i - 1) === 46)) continue;
      if (isIdentifierChar(s.charCodeAt(i + name.length))) continue;
      const end = globalAccessAt(s, i, to, name);
      if (end >= 0) {
        setHit(s, i, Math.min(s.length, end + 24));
        return end;
      }
    }
  }
  for (let i = s.indexOf('constructor', from); i >= 0 && i < to; i = s.indexOf('constructor', i + 1)) {
    if (constructorTrickAt(s, i, to)) {
      setHit(s, Math.max(0, i - 4), Math.min(s.length, i + 40));
      return i;
    }
  }
  for (let i = s.indexOf('.call', from); i >= 0 && i < to; i = s.indexOf('.call', i + 1)) {
    // [].sort.call`${alert}1`: calling a function through a tagged template.
    const tick = skipJsGap(s, i + 5, to);
    if (s.charCodeAt(tick) === 96 && tick + 1 < to && !isSpace(s.charCodeAt(tick + 1)) && !inCodeSpan(s, i)) {
      setHit(s, Math.max(0, i - 16), Math.min(s.length, i + 32));
      return i;
    }
  }
  const jsfuck = findJsFuck(s, from, to);
  if (jsfuck >= 0) return jsfuck;
  for (let i = s.indexOf('import', from); i >= 0 && i < to; i = s.indexOf('import', i + 6)) {
    // import('//evil.example/x.js'): a module from another host, or a data: module.
    if (i > 0 && isIdentifierChar(s.charCodeAt(i - 1))) continue;
    const open = skipJsGap(s, i + 6, to);
    if (s.charCodeAt(open) !== 40) continue;
    const q = skipJsGap(s, open + 1, to);
    const quote = s.charCodeAt(q);
    if ((quote === 39 || quote === 34 || quote === 96)
      && (s.startsWith('//', q + 1) || s.startsWith('http://', q + 1) || s.startsWith('https://', q + 1)
        || s.startsWith('data:', q + 1))) {
      setHit(s, i, Math.min(s.length, q + 48));
      return i;
    }
  }
  const activex = s.indexOf('activexobject', from);
  if (activex >= 0 && activex < to && s.charCodeAt(skipJsGap(s, activex + 13, to)) === 40) {
    setHit(s, activex, Math.min(s.length, activex + 48));
    return activex;
  }
  return -1;
}

/** `[].constructor`, `''.constructor`, `["constructor"]`, `constructor('...')`, not `constructor.prototype`. */
function constructorTrickAt(s: string, i: number, end: number): boolean {
  const after = skipJsGap(s, i + 11, end);
  const a = s.charCodeAt(after);
  if (a === 40) {
    const arg = skipJsGap(s, after + 1, end);
    const q = s.charCodeAt(arg);
    return q === 39 || q === 34 || q === 96;
  }
  if (a === 46 && s.startsWith('constructor', skipJsGap(s, after + 1, end))) return true;
  if (i < 2) return false;
  const b = s.charCodeAt(i - 1);
  const bb = s.charCodeAt(i - 2);
  if (b === 46) {
    // Literal empties: [].constructor, ''.constructor, {}.constructor (not obj[key].constructor).
    const bbb = i >= 3 ? s.charCodeAt(i - 3) : 0;
    return (bb === 93 && bbb === 91) || (bb === 125 && bbb === 123) || ((bb === 39 || bb === 34 || bb === 96) && bbb === bb);
  }
  if ((b === 39 || b === 34) && bb === 91) {
    // ["constructor"] after something indexable, followed by more indexing or a call.
    const close = skipJsGap(s, i + 12, end);
    return s.charCodeAt(close) === 93 && (s.charCodeAt(close + 1) === 91 || s.charCodeAt(close + 1) === 40)
      && i >= 3 && (s.charCodeAt(i - 3) === 93 || s.charCodeAt(i - 3) === 41);
  }
  return false;
}

/** JSFuck: a run of `[]()!+` holding `![]` or `+[]`, long enough to be code. */
function findJsFuck(s: string, from: number, to: number): number {
  for (let i = s.indexOf('[]', from); i >= 0 && i < to; i = s.indexOf('[]', i + 2)) {
    let start = i;
    while (start > from && i - start < 64 && isJsFuckChar(s.charCodeAt(start - 1))) start--;
    let end = i + 2;
    while (end < to && isJsFuckChar(s.charCodeAt(end))) end++;
    if (end - start >= 12) {
      const run = s.slice(start, Math.min(end, start + 256));
      if (run.indexOf('![]') >= 0 || run.indexOf('+[]') >= 0) {
        setHit(s, start, Math.min(end, start + 64));
        return start;
      }
    }
    i = end - 2 > i ? end - 2 : i;
  }
  return -1;
}

/** JSFuck's six characters, and the space a form decoder makes of its '+'. */
function isJsFuckChar(c: number): boolean {
  return c === 91 || c === 93 || c === 40 || c === 41 || c === 33 || c === 43 || c === 32;
}

/** Markup hidden from filters: `+ADw-script` (UTF-7), `&{alert(1)}` (JavaScript entity). */
function findLegacyText(s: string): number {
  for (let i = s.indexOf('+adw-'); i >= 0; i = s.indexOf('+adw-', i + 1)) {
    const c = s.charCodeAt(i + 5);
    if (isLower(c) || c === 47) {
      setHit(s, i, Math.min(s.length, i + 48));
      return i;
    }
  }
  for (let i = s.indexOf('&{'); i >= 0; i = s.indexOf('&{', i + 2)) {
    const k = skipJsGap(s, i + 2, s.length);
    if (s.charCodeAt(k) === 40 || sinkAt(s, k) >= 0) {
      setHit(s, i, Math.min(s.length, k + 32));
      return i;
    }
  }
  return -1;
}

/**
 * `¼script¾` (bytes 0xBC/0xBE: '<' and '>' with the high bit set, which US-ASCII pages read as
 * markup), after NFKC: `1/4script3/4`.
 */
function findHighBitTag(s: string): number {
  for (let i = s.indexOf('1/4'); i >= 0; i = s.indexOf('1/4', i + 3)) {
    let k = i + 3;
    if (s.charCodeAt(k) === 47) k++;
    const start = k;
    while (k < s.length && k - start < 12 && isLower(s.charCodeAt(k))) k++;
    if (k > start + 2 && SPACED_TAG_NAMES.has(s.slice(start, k))) {
      const close = s.indexOf('3/4', k);
      if (close >= 0 && close - k < 256) {
        setHit(s, i, close + 3);
        return i;
      }
    }
  }
  return -1;
}

/** `script>alert(1)/script` with the angle brackets stripped by a filter, `[a]script>`. */
function findBracketlessScript(s: string): number {
  let close = s.indexOf('/script');
  let tries = 0;
  for (let i = s.indexOf('script'); i >= 0 && close >= 0 && tries < 8; i = s.indexOf('script', i + 6)) {
    if (i > 0 && isLower(s.charCodeAt(i - 1)) && s.charCodeAt(i - 1) !== 97) continue;
    if (close < i + 6) close = s.indexOf('/script', i + 6); // moves forward only: linear overall
    if (close < 0) break;
    if (close - i > 256) continue;
    tries++;
    const inner = s.slice(i + 6, close);
    if (sinkAt(inner, 0) >= 0 || findJsPayload(inner, 0, inner.length) >= 0 || sinkIn(inner, 0, inner.length)) {
      setHit(s, i, Math.min(s.length, close + 8));
      return i;
    }
  }
  return -1;
}

/** DOM building and code-loading calls (level 2: also in pasted code). */
const DOM_CALLS = ['document.createelement', 'document.queryselector', 'document.getelementby', '.appendchild',
  '.innerhtml', '.outerhtml', '.insertadjacenthtml', '.textcontent', 'atob', 'btoa', 'settimeout', 'setinterval',
  'string.fromcharcode', 'document.body', '$.getscript', 'importscripts', 'createcontextualfragment'];

function findDomCall(s: string): number {
  for (let nameIndex = 0; nameIndex < DOM_CALLS.length; nameIndex++) {
    const name = DOM_CALLS[nameIndex] as string;
    for (let i = s.indexOf(name); i >= 0; i = s.indexOf(name, i + 1)) {
      if (name.charCodeAt(0) !== 46 && i > 0 && isIdentifierChar(s.charCodeAt(i - 1))) continue;
      const k = skipJsGap(s, i + name.length, s.length);
      const c = s.charCodeAt(k);
      if (c === 40 || c === 61 || c === 46 || (c === 41 && name.startsWith('document'))) {
        setHit(s, i, Math.min(s.length, k + 32));
        return i;
      }
    }
  }
  return -1;
}

/** Removes `<!-- -->` comments and CDATA markers, which split words only for filters. */
function stripCommentsAndCdata(s: string): string {
  let out = '';
  let last = 0;
  let i = s.indexOf('<');
  let guard = 0;
  while (i >= 0 && guard++ < 256) {
    let skipTo = -1;
    if (s.startsWith('<!--', i)) {
      const close = s.indexOf('-->', i + 4);
      if (close < 0) break; // no comment closes after this one either
      skipTo = close + 3;
    } else if (s.startsWith('<![cdata[', i)) {
      skipTo = i + 9;
    }
    if (skipTo > 0) {
      out += s.slice(last, i);
      last = skipTo;
      i = s.indexOf('<', skipTo);
    } else {
      i = s.indexOf('<', i + 1);
    }
  }
  out += s.slice(last);
  return out.indexOf(']]>') >= 0 ? out.split(']]>').join('') : out;
}

/** Tags: script, handlers, script URLs, dangerous attributes, loaders; null when none. */
function scanTags(s: string): Rule | null {
  let styles = 0;
  let i = s.indexOf('<');
  while (i >= 0 && i + 1 < s.length) {
    let j = i + 1;
    let c = s.charCodeAt(j);
    const closing = c === 47;
    const instruction = c === 63; // <?import ...>, <?xml-stylesheet ...?>
    if (closing || instruction) c = s.charCodeAt(++j);
    if (isLower(c) && !closing && !instruction && spacedTagAt(s, j)) {
      setHit(s, i, Math.min(s.length, i + 32));
      return XSS_LEGACY_VECTOR;
    }
    if (isLower(c)) {
      const nameStart = j;
      let localStart = j;
      while (j < s.length && j - nameStart < 32) {
        c = s.charCodeAt(j);
        if (c === 58) localStart = j + 1;
        if (isLower(c) || isDigit(c) || c === 45 || c === 58 || (c === 95 && instruction)) j++;
        else break;
      }
      // Namespaced tags act as their local name (<x:script xmlns:x="http://www.w3.org/1999/xhtml">).
      const kind = tagKind(s, localStart, j);
      if (closing) {
        if (kind === K_SCRIPT) {
          // </script> ends the script block a reflected value sits in.
          setHit(s, i, Math.min(s.length, j + 1));
          return XSS_SCRIPT_TAG;
        }
      } else if (instruction) {
        const r = judgeInstruction(s, i, nameStart, j);
        if (r !== null) return r;
      } else if (kind === K_SCRIPT) {
        setHit(s, i, Math.min(s.length, j + 48));
        return XSS_SCRIPT_TAG;
      } else {
        const r = scanAttributes(s, i, j, kind) ?? judgeTag(s, i, kind);
        if (r !== null) return r;
        if (kind === K_STYLE && styles++ < 4) {
          const styled = styleBlock(s, i, tagEnd < 0 ? j : tagEnd + 1);
          if (styled !== null) return styled;
        }
      }
    }
    i = s.indexOf('<', i + 1);
  }
  return null;
}

// Tags a filter would block, spelled out letter by letter (<f o r m, <s.c.r.i.p.t) for parsers
// that skip the junk, as NoScript's injection checker assumes.
const SPACED_TAG_NAMES = new Set(['script', 'form', 'dialog', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'svg', 'math', 'meta', 'link', 'base', 'style', 'body', 'img', 'image', 'video', 'audio', 'isindex',
  'marquee', 'template', 'xml', 'vmlframe', 'layer', 'animate', 'button', 'input', 'details', 'select', 'textarea',
  'keygen', 'html', 'bindings']);

/** A letter-by-letter tag name at j (`f o r m`): single letters split by one junk character each. */
function spacedTagAt(s: string, j: number): boolean {
  const sep = j + 1 < s.length ? s.charCodeAt(j + 1) : 0; // in bounds: an out-of-bounds read deoptimizes
  if (isLower(sep) || isDigit(sep) || sep === 60 || sep === 62 || sep === 61 || j + 2 >= s.length
    || !isLower(s.charCodeAt(j + 2))) return false;
  let name = '';
  let k = j;
  while (k < s.length && name.length < 12 && isLower(s.charCodeAt(k))) {
    name += s[k];
    const d = k + 1 < s.length ? s.charCodeAt(k + 1) : 0; // in bounds: an out-of-bounds read deoptimizes
    if (k + 1 >= s.length || isLower(d) || isDigit(d) || d === 60 || d === 62 || d === 61 || d === 34 || d === 39) {
      // The name ends here; the next character must not continue it as a word.
      return !(k + 1 < s.length && (isLower(d) || isDigit(d))) && name.length >= 3 && SPACED_TAG_NAMES.has(name);
    }
    // A whole word after the separator (<f o r m action=x) starts the attributes.
    if (k + 3 < s.length && isLower(s.charCodeAt(k + 2)) && isLower(s.charCodeAt(k + 3))) break;
    k += 2;
  }
  return name.length >= 3 && SPACED_TAG_NAMES.has(name);
}

/** `<?import implementation=...>`, `<?xml:namespace ...>` (IE behaviors), `<?xml-stylesheet href=...?>`. */
function judgeInstruction(s: string, start: number, nameStart: number, nameEnd: number): Rule | null {
  const len = nameEnd - nameStart;
  // Word's pasted HTML declares <?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" />;
  // only the HTML+TIME namespace, the one that runs script, counts.
  const timeNamespace = len === 13 && s.startsWith('xml:namespace', nameStart)
    && s.slice(nameEnd, Math.min(s.length, nameEnd + 128)).indexOf('schemas-microsoft-com:time') >= 0;
  if ((len === 6 && s.startsWith('import', nameStart)) || timeNamespace) {
    setHit(s, start, Math.min(s.length, nameEnd + 48));
    return XSS_LEGACY_VECTOR;
  }
  if (len === 14 && s.startsWith('xml-stylesheet', nameStart)) return scanAttributes(s, start, nameEnd, K_DOCUMENT);
  return null;
}

/** `x:expression(`, `url( javascript:`: CSS payloads without a style attribute or tag. */
function findCssText(s: string): number {
  for (let i = s.indexOf('expression'); i >= 0; i = s.indexOf('expression', i + 10)) {
    let p = i - 1;
    while (p >= 0 && isSpace(s.charCodeAt(p))) p--;
    // x:expression( glued, as IE read it; "saxon:expression (Nick)" is a changelog.
    const k = skipJsGap(s, i + 10, s.length);
    if (p >= 0 && s.charCodeAt(p) === 58 && s.charCodeAt(k) === 40 && !isSpace(s.charCodeAt(i + 10))) {
      setHit(s, Math.max(0, p - 16), Math.min(s.length, k + 32));
      return i;
    }
  }
  const binding = s.indexOf('-moz-binding');
  if (binding >= 0 && s.indexOf(':', binding) >= 0 && s.indexOf(':', binding) < binding + 16) {
    setHit(s, binding, Math.min(s.length, binding + 48));
    return binding;
  }
  return -1;
}

const M_XSS = M_LT | M_COLON | M_SQUOTE | M_DQUOTE | M_BACKTICK | M_BRACE | M_PAREN;

/** Characters without which this detector has nothing to find. */
export const XSS_TRIGGER = M_XSS | M_AMP | M_BACKSLASH;

/** XSS detector. */
export function detectXss(v: ScanValue): Rule | null {
  weakRule = null;
  const r = detectStrong(v);
  if (r !== null || weakRule === null) return r;
  setHit(weakText, weakStart, weakEnd);
  return weakRule;
}

function detectStrong(v: ScanValue): Rule | null {
  const s = v.markupText();
  const mask = v.markupMask();
  if ((mask & M_LT) !== 0) {
    const r = scanTags(s);
    if (r !== null) return r;
    if (s.indexOf('<!--') >= 0 || s.indexOf('<![cdata[') >= 0) {
      // <scr<!-- -->ipt>, javas<!-- -->cript:, javas]]><![CDATA[cript: rejoined as a browser reads them.
      const stripped = stripCommentsAndCdata(s);
      if (stripped !== s) {
        const inner = scanTags(stripped);
        if (inner !== null) return inner;
        if (findScriptUrl(stripped) >= 0) return XSS_SCRIPT_URL;
      }
    }
  }
  if ((mask & M_COLON) !== 0) {
    if (findScriptUrl(s) >= 0) return XSS_SCRIPT_URL;
    if (findCssText(s) >= 0) return XSS_DANGEROUS_ATTRIBUTE;
  }
  if ((mask & (M_SQUOTE | M_DQUOTE | M_BACKTICK)) !== 0) {
    if (findAttributeBreakout(s) >= 0) return XSS_ATTRIBUTE_BREAKOUT;
    if ((mask & (M_PAREN | M_BACKTICK)) !== 0 || s.indexOf('[') >= 0) {
      if (findJsBreakout(s) >= 0) return XSS_JS_BREAKOUT;
    }
  } else if (s.indexOf('on') >= 0 && findAttributeBreakout(s) >= 0) {
    return XSS_ATTRIBUTE_BREAKOUT;
  }
  if ((mask & M_BRACE) !== 0 && findTemplate(s) >= 0) return XSS_TEMPLATE;
  // A bare sink call as the whole value: alert(1), confirm`1`, prompt(document.domain).
  let k = 0;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  if ((mask & (M_PAREN | M_BACKTICK)) !== 0) {
    const len = s.startsWith('alert', k) ? 5 : s.startsWith('prompt', k) ? 6 : s.startsWith('confirm', k) ? 7 : 0;
    const c = len > 0 ? s.charCodeAt(k + len) : 0;
    if (c === 40 || c === 96) {
      setHit(s, k, Math.min(s.length, k + len + 24));
      return XSS_JS_BREAKOUT;
    }
  }
  if ((mask & (M_PAREN | M_BACKTICK | M_SQUOTE | M_DQUOTE)) !== 0 || s.indexOf('[') >= 0) {
    // Every payload findJsPayload accepts has a '(', '`', '.' or '[' in it: without one, skip the scan.
    // Without '.' and '[' only its call anchors can succeed (globals need `.x` or `[x]`), so the
    // shorter alternation is the gate there (no stop at every "top" or "this" in SQL text).
    if ((mask & (M_PAREN | M_BACKTICK | M_DOT | M_BRACKET)) !== 0
      && ((mask & (M_DOT | M_BRACKET)) !== 0 ? XSS_JS_ANCHORS : XSS_JS_CALL_ANCHORS).test(s)
      && findJsPayload(s, 0, s.length) >= 0) return XSS_JS_PAYLOAD;
    if (findBracketlessScript(s) >= 0) return XSS_SCRIPT_TAG;
  }
  if (findLegacyText(s) >= 0 || ((mask & M_SLASH) !== 0 && findHighBitTag(s) >= 0)) return XSS_LEGACY_VECTOR;
  // Without a '.' only the undotted DOM anchors can match: the shorter alternation answers the same.
  if ((mask & M_PAREN) !== 0 && ((mask & M_DOT) !== 0 ? XSS_DOM_ANCHORS : XSS_DOM_UNDOTTED_ANCHORS).test(s) && findDomCall(s) >= 0) noteWeak(hit.text, hit.start, hit.end, XSS_DOM_CALL);
  return null;
}
