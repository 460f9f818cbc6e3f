// @secotel/detect: pure attack detection. Request parts in, findings out; no I/O, no OpenTelemetry,
// no dependencies. This file is the whole public surface.

export { createDetector, detect } from './Detector.js';
export { DetectConfigurationError, ERR_INVALID_OPTION, ERR_UNKNOWN_CATEGORY } from './errors.js';
export { RULES, RULESET_NAME, RULESET_VERSION } from './rules.js';
export {
  CATEGORIES,
  FRAGMENT_MAX_LENGTH,
  type Category,
  type DetectOptions,
  type DetectRequest,
  type Detector,
  type Finding,
  type HeaderValue,
  type ResolvedDetectOptions,
  type Rule,
} from './types.js';

import { PATTERNS } from './internal/patterns.js';
import { normalizeForScan } from './internal/ScanValue.js';

/**
 * Every regular expression the engine runs, by name. Each is linear-time: it compiles under V8's
 * experimental linear engine (`node --enable-experimental-regexp-engine`, `new RegExp(p.source,
 * p.flags + 'l')`). Exposed so that this can be verified, not for matching.
 */
export const RULE_PATTERNS: Readonly<Record<string, RegExp>> = PATTERNS;

/**
 * Decodes a value the way the engine does before matching: capped at `maxLength` (default 4096),
 * percent-decoded up to three rounds (with `%uXXXX` and overlong UTF-8), NUL and invisible
 * controls removed, NFKC-folded. Useful to see what a detector saw.
 */
export function normalizeValue(value: string, maxLength = 4096): string {
  return normalizeForScan(value, maxLength);
}
