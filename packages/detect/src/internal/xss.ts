// Cross-site scripting, judged by a small HTML tag scanner over the browser-decoded value (HTML
// character references and JS escapes resolved): a tag needs a tag name right after '<', so
// "a < b" and "<3" are text; only script-capable tags, attributes and URLs count.
import type { Rule } from '../types.js';
import {
  XSS_ATTRIBUTE_BREAKOUT, XSS_DANGEROUS_ATTRIBUTE, XSS_EVENT_HANDLER, XSS_JS_BREAKOUT, XSS_SCRIPT_TAG,
  XSS_SCRIPT_URL, XSS_TEMPLATE,
} from '../rules.js';
import {
  M_AMP, M_BACKSLASH, M_BACKTICK, M_BRACE, M_COLON, M_DQUOTE, M_LT, M_PAREN, M_SQUOTE, isDigit, isLower, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

const MAX_TAG_SCAN = 1024;

const EVENT_NAMES = new Set(('load error click dblclick mouseover mouseout mouseenter mouseleave mousedown '
  + 'mouseup mousemove mousewheel focus blur focusin focusout change input submit reset keydown keyup '
  + 'keypress select selectstart selectionchange toggle begin end start finish repeat bounce scroll '
  + 'scrollend resize wheel copy cut paste drag dragstart dragend dragover dragenter dragleave drop '
  + 'contextmenu auxclick unload hashchange popstate pageshow pagehide message play playing pause '
  + 'canplay canplaythrough loadstart loadeddata loadedmetadata progress suspend volumechange '
  + 'timeupdate ended seeked seeking waiting invalid show search abort afterscriptexecute '
  + 'beforescriptexecute readystatechange formdata activate deactivate help filterchange '
  + 'propertychange storage online offline cuechange ratechange durationchange emptied stalled '
  + 'securitypolicyviolation slotchange fullscreenchange transitioncancel transitionrun '
  + 'webkitanimationend webkitanimationstart webkitanimationiteration webkittransitionend '
  + 'mozfullscreenchange').split(' '));
const EVENT_PREFIXES = ['mouse', 'key', 'pointer', 'animation', 'transition', 'drag', 'touch', 'before',
  'after', 'webkit', 'moz', 'ms', 'gesture', 'focus', 'page', 'load'];

/** `on...` attribute name at s[start..end) (lower-case, `start` at the 'o'). */
function isEventHandlerName(s: string, start: number, end: number): boolean {
  if (end - start < 5 || end - start > 40) return false;
  if (s.charCodeAt(start) !== 111 || s.charCodeAt(start + 1) !== 110) return false;
  for (let i = start + 2; i < end; i++) if (!isLower(s.charCodeAt(i))) return false;
  const name = s.slice(start + 2, end);
  if (EVENT_NAMES.has(name)) return true;
  for (const p of EVENT_PREFIXES) if (name.startsWith(p)) return true;
  return false;
}

// Deliberately without print/fetch/import: they show up in ordinary code snippets.
const SINKS = ['alert', 'prompt', 'confirm', 'eval', 'settimeout', 'setinterval', 'atob', 'document.write',
  'top[', 'self[', 'window[', 'parent[', 'this[', 'globalthis[', 'window.location', 'document.location',
  'location.href', 'document.cookie', 'constructor.constructor', 'url.createobjecturl'];

/** A JavaScript sink call at `i` (after optional spaces): `alert(`, `` confirm` ``, `top[`, ... */
function sinkAt(s: string, i: number): number {
  for (const sink of SINKS) {
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

/** Tags whose mere opening runs script. */
function isScriptTag(s: string, start: number, end: number): boolean {
  return end - start === 6 && s.startsWith('script', start);
}

/** Scans one tag's attributes from `i` (just after the tag name); returns a rule or null. */
/** Tags that render a data: SVG document as a document (scripts run), unlike <img>. */
const DOCUMENT_TAGS = new Set(['iframe', 'frame', 'object', 'embed', 'use', 'a', 'form', 'base']);

function scanAttributes(s: string, tagStart: number, i: number, documentTag: boolean): Rule | null {
  const n = Math.min(s.length, i + MAX_TAG_SCAN);
  while (i < n) {
    let c = s.charCodeAt(i);
    // Between attributes: whitespace and '/' (as in <svg/onload=...>).
    while (i < n && (isSpace(c) || c === 47)) c = s.charCodeAt(++i);
    if (i >= n || c === 62 || c === 60) return null; // '>' ends the tag, '<' starts another
    const nameStart = i;
    while (i < n) {
      c = s.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62 || c === 61 || c === 60) break;
      i++;
    }
    const nameEnd = i;
    // Optional value.
    let valueStart = -1;
    let valueEnd = -1;
    let j = i;
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    if (j < n && s.charCodeAt(j) === 61) {
      j++;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q === 34 || q === 39) {
        valueStart = j + 1;
        let close = valueStart;
        while (close < n && s.charCodeAt(close) !== q) close++; // bounded by the tag scan limit
        valueEnd = close;
        i = valueEnd + 1;
      } else {
        valueStart = j;
        while (j < n && !isSpace(s.charCodeAt(j)) && s.charCodeAt(j) !== 62) j++;
        valueEnd = j;
        i = j;
      }
    }
    if (valueStart >= 0 && isEventHandlerName(s, nameStart, nameEnd)) {
      setHit(s, tagStart, Math.max(valueEnd, nameEnd));
      return XSS_EVENT_HANDLER;
    }
    if (valueStart >= 0) {
      const nameLen = nameEnd - nameStart;
      if (nameLen === 6 && s.startsWith('srcdoc', nameStart)) {
        setHit(s, tagStart, valueEnd);
        return XSS_DANGEROUS_ATTRIBUTE;
      }
      if (scriptUrlAt(s, valueStart, valueEnd, URL_IN_ATTRIBUTE) >= 0
        || (documentTag && matchNoisy(s, skipBlanks(s, valueStart, valueEnd), valueEnd, 'data:image/svg+xml') >= 0)) {
        setHit(s, tagStart, valueEnd);
        return XSS_SCRIPT_URL;
      }
      if (nameLen === 5 && s.startsWith('style', nameStart)) {
        const style = s.slice(valueStart, valueEnd);
        if (style.indexOf('expression(') >= 0 || style.indexOf('-moz-binding') >= 0 || style.indexOf('behavior:') >= 0
          || style.indexOf('javascript:') >= 0) {
          setHit(s, tagStart, valueEnd);
          return XSS_DANGEROUS_ATTRIBUTE;
        }
      }
    }
    if (i === nameStart) i++;
  }
  return null;
}

const SCRIPT_SCHEMES = ['javascript', 'vbscript', 'livescript', 'mocha'];
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

function skipBlanks(s: string, i: number, end: number): number {
  while (i < end && s.charCodeAt(i) <= 32) i++;
  return i;
}

/** Where a script URL was found, from most to least telling. */
const URL_IN_ATTRIBUTE = 0; // the value of an HTML attribute
const URL_AT_START = 1; // the start of the value, or after =, a quote, (
const URL_IN_TEXT = 2; // after a space in running text

/**
 * A script URL starting at `i` (after leading blanks): `javascript:...`, `vbscript:`, or a
 * `data:` URL of an HTML or script type. Returns the index after the scheme or -1.
 */
function scriptUrlAt(s: string, i: number, end: number, where: number): number {
  while (i < end && (s.charCodeAt(i) <= 32)) i++;
  const c = s.charCodeAt(i);
  if (c === 106 || c === 118 || c === 108 || c === 109) {
    for (const scheme of SCRIPT_SCHEMES) {
      const j = matchNoisy(s, i, end, scheme);
      if (j < 0) continue;
      let k = j;
      while (k < end && isUrlNoise(s.charCodeAt(k))) k++;
      if (k < end && s.charCodeAt(k) === 58) {
        if (where === URL_IN_ATTRIBUTE) return k + 1;
        // "JavaScript: The Good Parts" is a book, "javascript: map() vs forEach()" a question;
        // javascript:alert(1) is a payload. After a space it takes a sink call to count.
        const next = k + 1 < end ? s.charCodeAt(k + 1) : 32;
        if (where === URL_AT_START ? !isSpace(next) || sinkIn(s, k + 1, Math.min(end, k + 96))
          : !isSpace(next) && looksLikeCode(s, k + 1, Math.min(end, k + 96))) return k + 1;
      }
      return -1;
    }
  } else if (c === 100) {
    const j = matchNoisy(s, i, end, 'data');
    if (j >= 0 && s.charCodeAt(j) === 58) {
      let k = j + 1;
      while (k < end && s.charCodeAt(k) <= 32) k++;
      for (const type of DATA_TYPES) if (s.startsWith(type, k)) return k + type.length;
    }
  }
  return -1;
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
  for (const quote of QUOTES) {
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

/** `" onmouseover="alert(1)` and friends: leaving an attribute value to add a handler. */
function findAttributeBreakout(s: string): number {
  const dq = s.indexOf('"');
  const sq = s.indexOf("'");
  const firstQuote = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
  let i = s.indexOf('on');
  while (i >= 0) {
    const p = i > 0 ? s.charCodeAt(i - 1) : 0;
    if (p === 34 || p === 39 || p === 47 || p === 96 || isSpace(p)) {
      let e = i + 2;
      while (e < s.length && e - i < 40 && isLower(s.charCodeAt(e))) e++;
      let k = e;
      while (k < s.length && isSpace(s.charCodeAt(k))) k++;
      if (k < s.length && s.charCodeAt(k) === 61 && isEventHandlerName(s, i, e)) {
        // A breakout has a quote before it and a quoted or script value after it:
        // " onmouseover="alert(1)   ' onfocus=alert(1) x='   (not "I set onload = init;")
        let v = k + 1;
        while (v < s.length && isSpace(s.charCodeAt(v))) v++;
        const valueQuoted = s.charCodeAt(v) === 34 || s.charCodeAt(v) === 39 || s.charCodeAt(v) === 96;
        if (valueQuoted) v++;
        if ((valueQuoted && firstQuote >= 0 && firstQuote < i) || sinkAt(s, v) >= 0) {
          setHit(s, p === 0 ? i : i - 1, Math.min(s.length, k + 32));
          return k;
        }
      }
    }
    i = s.indexOf('on', i + 2);
  }
  return -1;
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
    if (end >= 0) {
      setHit(s, i, Math.min(s.length, end + 16));
      return end;
    }
    i = s.indexOf('${', i + 2);
  }
  return -1;
}

const M_XSS = M_LT | M_COLON | M_SQUOTE | M_DQUOTE | M_BACKTICK | M_BRACE | M_PAREN;

/** Characters without which this detector has nothing to find. */
export const XSS_TRIGGER = M_XSS | M_AMP | M_BACKSLASH;

/** XSS detector. */
export function detectXss(v: ScanValue): Rule | null {
  const s = v.markupText();
  const mask = v.markupMask();
  if ((mask & M_LT) !== 0) {
    let i = s.indexOf('<');
    while (i >= 0 && i + 1 < s.length) {
      let j = i + 1;
      const closing = s.charCodeAt(j) === 47;
      if (closing) j++;
      if (isLower(s.charCodeAt(j))) {
        const nameStart = j;
        while (j < s.length && j - nameStart < 32) {
          const c = s.charCodeAt(j);
          if (isLower(c) || isDigit(c) || c === 45 || c === 58) j++;
          else break;
        }
        if (!closing) {
          if (isScriptTag(s, nameStart, j)) {
            setHit(s, i, Math.min(s.length, j + 48));
            return XSS_SCRIPT_TAG;
          }
          const r = scanAttributes(s, i, j, DOCUMENT_TAGS.has(s.slice(nameStart, j)));
          if (r !== null) return r;
        }
      }
      i = s.indexOf('<', i + 1);
    }
  }
  if ((mask & M_COLON) !== 0 && findScriptUrl(s) >= 0) return XSS_SCRIPT_URL;
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
  return null;
}
