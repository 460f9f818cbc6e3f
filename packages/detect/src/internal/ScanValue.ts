// One value under inspection, decoded once and shared by every detector that looks at it.
import { M_AMP, M_BACKSLASH, M_CONTROL, M_NEEDS_DECODING, M_NONASCII, M_PERCENT, charMask } from './charClass.js';
import { decodeHtmlEntities, decodeJsEscapes, decodeUrl, foldUnicode, lastPercentRounds, stripControls } from './normalize.js';

/** Where a value came from; some detectors only make sense for some sources. */
export const SOURCE_PATH = 1;
export const SOURCE_QUERY = 2;
export const SOURCE_KEY = 3; // a query or body key
export const SOURCE_HEADER = 4;
export const SOURCE_URL_HEADER = 5; // referer, origin: URLs the browser fills in
export const SOURCE_COOKIE = 6;
export const SOURCE_BODY = 7;
export const SOURCE_FILENAME = 8; // the file name of a multipart upload

/**
 * Full decoding pipeline for one value: cap the length, percent-decode (bounded rounds, %u,
 * overlong UTF-8), drop NUL and invisible controls, NFKC-fold non-ASCII text.
 */
export function normalizeForScan(raw: string, maxLength: number): string {
  let s = raw.length > maxLength ? raw.slice(0, maxLength) : raw;
  const mask = charMask(s, s.length);
  if ((mask & M_NEEDS_DECODING) !== 0) s = decodeSlow(s, mask, maxLength);
  return s;
}

function decodeSlow(s: string, mask: number, maxLength: number): string {
  if ((mask & M_PERCENT) !== 0) {
    s = decodeUrl(s);
    mask = charMask(s, s.length);
  }
  if ((mask & M_CONTROL) !== 0) s = stripControls(s);
  if ((mask & M_NONASCII) !== 0) s = foldUnicode(s);
  return s.length > maxLength ? s.slice(0, maxLength) : s;
}

export class ScanValue {
  /** The value as given (capped). */
  raw = '';
  /** Decoded value, case preserved. */
  norm = '';
  /** Decoded value, lower-cased: what detectors match against (after {@link fold}). */
  lower = '';
  /** {@link charMask} of `lower`. */
  mask = 0;
  /** Percent-decoding rounds that changed the value (0 when it had no valid escapes). */
  percentRounds = 0;
  source = 0;
  /** The value is a User-Agent header (its `(...; ...)` comments are product tokens, not shell). */
  agent = false;
  private markup: string | undefined;
  private markupMaskValue = 0;

  prepare(raw: string, source: number, maxLength: number): void {
    let s = raw.length > maxLength ? raw.slice(0, maxLength) : raw;
    this.raw = s;
    this.source = source;
    this.markup = undefined;
    let mask = charMask(s, s.length);
    this.percentRounds = 0;
    if ((mask & M_NEEDS_DECODING) !== 0) {
      // decodeSlow's steps, keeping the mask of the percent-decoded text when nothing after it
      // changed the text (a %-encoded ASCII value): one charMask pass fewer.
      let current = false;
      if ((mask & M_PERCENT) !== 0) {
        s = decodeUrl(s);
        this.percentRounds = lastPercentRounds;
        mask = charMask(s, s.length);
        current = true;
      }
      if ((mask & M_CONTROL) !== 0) {
        const t = stripControls(s);
        if (t !== s) current = false;
        s = t;
      }
      if ((mask & M_NONASCII) !== 0) {
        const t = foldUnicode(s);
        if (t !== s) current = false;
        s = t;
      }
      if (s.length > maxLength) {
        s = s.slice(0, maxLength);
        current = false;
      }
      if (!current) mask = charMask(s, s.length);
    }
    this.norm = s;
    this.lower = '';
    this.mask = mask;
  }

  /** Lower-cases the decoded value; called once some detector is going to look at it. */
  fold(): void {
    this.lower = this.norm.toLowerCase();
  }

  /**
   * The lower-cased value with HTML character references and JavaScript escapes decoded as
   * well: what a browser would see in an attribute or script. Computed on first use.
   */
  markupText(): string {
    if (this.markup !== undefined) return this.markup;
    let m = this.lower;
    let mask = this.mask;
    if ((mask & (M_AMP | M_BACKSLASH)) !== 0) {
      const decoded = decodeHtmlEntities(decodeJsEscapes(this.norm));
      if (decoded !== this.norm) {
        mask = charMask(decoded, decoded.length);
        let t = decoded;
        if ((mask & M_CONTROL) !== 0) t = stripControls(t);
        if ((mask & M_NONASCII) !== 0) t = foldUnicode(t);
        m = t.toLowerCase();
        mask = charMask(m, m.length);
      }
    }
    this.markup = m;
    this.markupMaskValue = mask;
    return m;
  }

  /** {@link charMask} of {@link markupText}; call after it. */
  markupMask(): number {
    return this.markupMaskValue;
  }
}
