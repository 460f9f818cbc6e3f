// XML external entities: a DOCTYPE that declares entities or pulls an external DTD, and XInclude.
// Public DTDs of ordinary documents (XHTML, SVG from w3.org) are not reported.
import type { Rule } from '../types.js';
import { XXE_ENTITY_EXPANSION, XXE_EXTERNAL_DTD, XXE_EXTERNAL_ENTITY, XXE_XINCLUDE } from '../rules.js';
import { M_LT, isSpace } from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

const MAX_DECLARATION = 1024;

function declarationEnd(s: string, i: number): number {
  const close = s.indexOf('>', i);
  return close < 0 || close - i > MAX_DECLARATION ? Math.min(s.length, i + MAX_DECLARATION) : close + 1;
}

/** A SYSTEM/PUBLIC identifier in s[from..to) pointing somewhere other than a w3.org DTD. */
function externalIdentifier(s: string, from: number, to: number): boolean {
  const decl = s.slice(from, to);
  const sys = decl.indexOf('system');
  const pub = decl.indexOf('public');
  if (sys < 0 && pub < 0) return false;
  // Every quoted literal after the keyword; public ids like "-//W3C//DTD ..." are names, not URLs.
  let i = Math.min(sys < 0 ? Infinity : sys, pub < 0 ? Infinity : pub);
  while (i < decl.length) {
    const q = decl.indexOf('"', i) >= 0 && (decl.indexOf("'", i) < 0 || decl.indexOf('"', i) < decl.indexOf("'", i)) ? '"' : "'";
    const open = decl.indexOf(q, i);
    if (open < 0) return false;
    const close = decl.indexOf(q, open + 1);
    const literal = decl.slice(open + 1, close < 0 ? decl.length : close);
    if (!literal.startsWith('-//') && !literal.startsWith('+//') && !literal.startsWith('http://www.w3.org/')
      && !literal.startsWith('https://www.w3.org/') && literal !== 'about:legacy-compat') return true;
    if (close < 0) return false;
    i = close + 1;
  }
  return false;
}

/** Characters without which this detector has nothing to find. */
export const XXE_TRIGGER = M_LT;

export function detectXxe(v: ScanValue): Rule | null {
  if ((v.mask & M_LT) === 0) return null;
  const s = v.lower;
  let i = s.indexOf('<!entity');
  if (i >= 0) {
    const end = declarationEnd(s, i);
    let k = i + 8;
    while (k < end && isSpace(s.charCodeAt(k))) k++;
    const parameter = s.charCodeAt(k) === 37; // <!ENTITY % name ...>
    setHit(s, i, end);
    if (externalIdentifier(s, k, end)) return XXE_EXTERNAL_ENTITY;
    return parameter ? XXE_EXTERNAL_DTD : XXE_ENTITY_EXPANSION;
  }
  i = s.indexOf('<!doctype');
  if (i >= 0) {
    let end = declarationEnd(s, i);
    const subset = s.indexOf('[', i);
    if (subset >= 0 && subset < end) end = subset;
    if (externalIdentifier(s, i + 9, end)) {
      setHit(s, i, end);
      return XXE_EXTERNAL_DTD;
    }
  }
  i = s.indexOf('xi:include');
  if (i < 0) i = s.indexOf('www.w3.org/2001/xinclude');
  if (i >= 0) {
    const start = s.lastIndexOf('<', i);
    setHit(s, start < 0 ? i : start, Math.min(s.length, i + 96));
    return XXE_XINCLUDE;
  }
  return null;
}
