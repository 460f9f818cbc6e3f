// The values of an XML document: attribute values and text content (CDATA included), with XML/HTML
// character references decoded. A linear scan, not a parser: it never fails, only finds fewer
// values in broken markup, and says whether the document is plain XML (see readXmlValues).
import { decodeHtmlEntities } from './normalize.js';

// What a tag may hold next: an attribute name (or its end), the `=` after a name, a quoted value.
const EXPECT_NAME = 0;
const EXPECT_EQUALS = 1;
const EXPECT_VALUE = 2;

/**
 * Appends `name, value` to `out` for each non-blank attribute value (name: the attribute) and text
 * node (name: the enclosing element), at most `maxValues` of them. Returns true when the document
 * is plain XML, so that an application reading it gets nothing but these values and the element
 * and attribute names: every tag is a name followed by `name="value"` pairs (quoted, `'` or `"`)
 * and at most a `/` or `?` before its `>`; every comment is closed; it declares nothing (no
 * `<!DOCTYPE`, `<!ENTITY`); and no value was left out for `maxValues`. Anything else (an unquoted
 * or missing attribute value, a bare word in a tag or processing instruction, a tag or comment left
 * open) returns false.
 */
export function readXmlValues(xml: string, maxValues: number, out: string[]): boolean {
  const n = xml.length;
  let count = 0;
  let plain = true;
  let element = '';
  let i = 0;
  const emit = (name: string, raw: string): boolean => {
    if (raw.trim() === '') return true;
    if (++count > maxValues) return false;
    out.push(name, raw.indexOf('&') >= 0 ? decodeHtmlEntities(raw) : raw);
    return true;
  };
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && !emit(element, xml.slice(i, textEnd))) return false;
    if (lt < 0) return plain;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end < 0 ? n : end;
      if (!emit(element, xml.slice(lt + 9, stop))) return false;
      i = stop + 3;
      continue;
    }
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return false; // everything after it would be a comment
      i = end + 3;
      continue;
    }
    // A tag: its name, then name="value" pairs up to '>'.
    let j = lt + 1;
    while (j < n && isNameChar(xml.charCodeAt(j), j === lt + 1)) j++;
    const tag = xml.slice(lt + 1, j);
    const first = tag.charCodeAt(0);
    if (tag !== '' && first !== 47 && first !== 63 && first !== 33) element = tag;
    else if (first === 33 || tag === '') plain = false; // a declaration, or '<' that opens no tag
    const closing = first === 47;
    let expect = EXPECT_NAME;
    while (j < n) {
      const c = xml.charCodeAt(j);
      if (c === 62) break;
      if (c === 34 || c === 39) {
        const close = xml.indexOf(c === 34 ? '"' : "'", j + 1);
        const stop = close < 0 ? n : close;
        let k = j - 1;
        while (k > lt && (xml.charCodeAt(k) === 61 || xml.charCodeAt(k) <= 32)) k--;
        let s = k;
        while (s > lt && isNameChar(xml.charCodeAt(s), false)) s--;
        if (!emit(xml.slice(s + 1, k + 1) || element, xml.slice(j + 1, stop))) return false;
        if (expect !== EXPECT_VALUE) plain = false;
        expect = EXPECT_NAME;
        j = stop + 1;
        continue;
      }
      if (c <= 32) {
        j++;
      } else if (c === 61) {
        if (expect !== EXPECT_EQUALS) plain = false;
        expect = EXPECT_VALUE;
        j++;
      } else if (c === 47 || c === 63) {
        // `/>` and `?>` only.
        if (expect !== EXPECT_NAME || xml.charCodeAt(j + 1) !== 62) plain = false;
        j++;
      } else if (isNameChar(c, false)) {
        // An attribute's name; a closing tag has none.
        if (expect !== EXPECT_NAME || closing) plain = false;
        while (j < n && isNameChar(xml.charCodeAt(j), false)) j++;
        expect = EXPECT_EQUALS;
      } else {
        plain = false; // content outside any value: `a=1;id`, `<?x ../../etc/passwd?>`
        j++;
      }
    }
    if (j >= n || expect !== EXPECT_NAME) plain = false; // a tag left open, or a name without its value
    i = j + 1;
  }
  return plain;
}

function isNameChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (!first && ((c >= 48 && c <= 57) || c === 45 || c === 46))
    || (first && (c === 47 || c === 63 || c === 33)) || c >= 128;
}
