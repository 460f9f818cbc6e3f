// Server-side template injection: expression probes and payloads in the syntax of server template
// engines ({{7*7}}, ${{...}}, <%= %>, #{...}).
import type { Rule } from '../types.js';
import { M_BRACE, M_LT } from './charClass.js';
import type { ScanValue } from './ScanValue.js';

/** Characters without which this detector has nothing to find. */
export const SSTI_TRIGGER = M_BRACE | M_LT;

export function detectSsti(v: ScanValue): Rule | null {
  void v;
  return null;
}
