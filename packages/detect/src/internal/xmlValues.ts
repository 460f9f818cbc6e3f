// The values of an XML document: attribute values and text content (CDATA included), with XML/HTML
// character references decoded, visited one by one. A linear scan, not a parser: it never fails,
// only finds fewer values in broken markup.
import { decodeHtmlEntities } from './normalize.js';

/**
 * Calls `visit(name, value)` for each non-blank attribute value (name: the attribute) and text node
 * (name: the enclosing element), at most `maxValues` times or until `visit` returns false.
 */
export function forEachXmlValue(xml: string, maxValues: number, visit: (name: string, value: string) => boolean): void {
  const n = xml.length;
  let count = 0;
  let element = '';
  let i = 0;
  const emit = (name: string, raw: string): boolean => {
    if (raw.trim() === '') return true;
    count++;
    return count <= maxValues && visit(name, raw.indexOf('&') >= 0 ? decodeHtmlEntities(raw) : raw);
  };
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && !emit(element, xml.slice(i, textEnd))) return;
    if (lt < 0) return;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      const stop = end < 0 ? n : end;
      if (!emit(element, xml.slice(lt + 9, stop))) return;
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
    if (tag !== '' && tag.charCodeAt(0) !== 47 && tag.charCodeAt(0) !== 63 && tag.charCodeAt(0) !== 33) element = tag;
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
        if (!emit(xml.slice(s + 1, k + 1) || element, xml.slice(j + 1, stop))) return;
        j = stop + 1;
        continue;
      }
      j++;
    }
    i = j + 1;
  }
}

function isNameChar(c: number, first: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (!first && ((c >= 48 && c <= 57) || c === 45 || c === 46))
    || (first && (c === 47 || c === 63 || c === 33)) || c >= 128;
}
