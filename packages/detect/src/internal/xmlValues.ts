// The values of an XML document: attribute values and text content (CDATA included), with XML/HTML
// character references decoded. A linear scan, not a parser: it never fails, only finds fewer
// values in broken markup, and says whether the values are all the document holds.
import { decodeHtmlEntities } from './normalize.js';

/**
 * Appends `name, value` to `out` for each non-blank attribute value (name: the attribute) and text
 * node (name: the enclosing element), at most `maxValues` of them. Returns true when the document
 * is plain markup: its tags hold only names, `=`, quoted values and the punctuation of XML, it
 * declares nothing (no `<!DOCTYPE`, `<!ENTITY`) and no value was left out, so an application
 * reading it gets nothing but these values. Broken or declaring documents return false.
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
      i = end < 0 ? n : end + 3;
      continue;
    }
    // A tag: its name, then name="value" pairs up to '>'.
    let j = lt + 1;
    while (j < n && isNameChar(xml.charCodeAt(j), j === lt + 1)) j++;
    const tag = xml.slice(lt + 1, j);
    const first = tag.charCodeAt(0);
    if (tag !== '' && first !== 47 && first !== 63 && first !== 33) element = tag;
    else if (first === 33 || tag === '') plain = false; // a declaration, or '<' that opens no tag
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
        j = stop + 1;
        continue;
      }
      // Anything but names, '=', '/', '?' and blanks is content no value above holds (x=1;id).
      if (c > 32 && c !== 61 && c !== 47 && c !== 63 && !isNameChar(c, false)) plain = false;
      j++;
    }
    if (j >= n) plain = false; // a tag left open
    i = j + 1;
  }
  return plain;
}

function isNameChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (!first && ((c >= 48 && c <= 57) || c === 45 || c === 46))
    || (first && (c === 47 || c === 63 || c === 33)) || c >= 128;
}
