// Another `HttpInstrumentation` loaded after secotel's (typically the one
// `@opentelemetry/auto-instrumentations-node/register` starts) patches `http.Server.prototype.emit`
// again, and instrumentation's `_wrap` first unwraps the patch already there: the last one enabled
// is the only one that runs. So that secotel's sensor is not silently replaced, a module hook on
// `@opentelemetry/instrumentation-http` (any copy, any version) makes every instance created later
// carry secotel's hooks in its config, through the class's own `setConfig`.
import { diag } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { markEndObservedBySpanHook } from './security-hooks.js';
import type { SecurityHttpHooks } from './security-hooks.js';

type RequestHook = NonNullable<HttpInstrumentationConfig['requestHook']>;
type SpanHook = NonNullable<HttpInstrumentationConfig['applyCustomAttributesOnSpan']>;

/** Marks hooks that already run secotel's: merging twice would only add a call that does nothing. */
const SECOTEL_HOOK = Symbol.for('secotel.instrumentation-http.security-hook.v1');
/** Marks a patched `HttpInstrumentation` class. */
const ATTACHED = Symbol.for('secotel.instrumentation-http.attached.v1');
/** Set once any other copy's class was given the hooks (shared by the CommonJS and ESM copies of this package). */
const ATTACHED_ANY = Symbol.for('secotel.instrumentation-http.attached-any.v1');

/**
 * True when `emit` (`http.Server.prototype.emit` now) still runs secotel's hooks: `patched`, the
 * emit secotel's instrumentation installed, is in its chain of wrappers, or an `HttpInstrumentation`
 * loaded later was given the hooks. False means a later one replaced secotel's patch without them
 * (it was loaded where secotel's module hook cannot see it, e.g. through an ESM `import`).
 */
export function securityHooksStillRun(emit: unknown, patched: unknown): boolean {
  if ((globalThis as Record<symbol, unknown>)[ATTACHED_ANY] === true) return true;
  let current = emit;
  for (let depth = 0; depth < 16 && typeof current === 'function'; depth++) {
    if (current === patched) return true;
    current = (current as { __original?: unknown }).__original;
  }
  return false;
}

type Marked = { [SECOTEL_HOOK]?: true };

function isSecotelHook(hook: unknown): boolean {
  return typeof hook === 'function' && (hook as Marked)[SECOTEL_HOOK] === true;
}

/**
 * `config` with a `requestHook` and an `applyCustomAttributesOnSpan` that run secotel's security
 * hooks first, then the ones it had; its `responseHook`, if any, is left as it is (secotel judges
 * the response in `applyCustomAttributesOnSpan`). Hooks that already run secotel's are kept as they
 * are.
 */
export function withSecurityHooks<C extends HttpInstrumentationConfig>(hooks: SecurityHttpHooks, config: C): C {
  const userRequestHook = config.requestHook;
  const requestHook: RequestHook = isSecotelHook(userRequestHook)
    ? (userRequestHook as RequestHook)
    : Object.assign<RequestHook, Marked>(
        (span, request) => {
          hooks.requestHook(span, request);
          userRequestHook?.(span, request);
        },
        { [SECOTEL_HOOK]: true },
      );
  const userSpanHook = config.applyCustomAttributesOnSpan;
  const applyCustomAttributesOnSpan: SpanHook = isSecotelHook(userSpanHook)
    ? (userSpanHook as SpanHook)
    : Object.assign<SpanHook, Marked>(
        (span, request, response) => {
          hooks.applyCustomAttributesOnSpan(span, request, response);
          userSpanHook?.(span, request, response);
        },
        { [SECOTEL_HOOK]: true },
      );
  // The response is judged in applyCustomAttributesOnSpan from now on: secotel needs no
  // responseHook (a call per request) and no 'close' listener. A responseHook of the config stays.
  markEndObservedBySpanHook(hooks);
  return { ...config, requestHook, applyCustomAttributesOnSpan };
}

interface HttpInstrumentationClass {
  prototype: { setConfig?: (config?: HttpInstrumentationConfig) => void } & { [ATTACHED]?: true };
}

function attach(exports: unknown, hooks: SecurityHttpHooks): unknown {
  try {
    const other = (exports as { HttpInstrumentation?: unknown } | undefined)?.HttpInstrumentation;
    // secotel's own copy is the base of SecurityHttpInstrumentation, which has the hooks already.
    if (typeof other !== 'function' || other === HttpInstrumentation) return exports;
    const prototype = (other as HttpInstrumentationClass).prototype;
    const setConfig = prototype.setConfig;
    if (prototype[ATTACHED] === true || typeof setConfig !== 'function') return exports;
    // The constructor calls setConfig too, so every instance made from now on has the hooks.
    prototype.setConfig = function setConfigWithSecurityHooks(this: unknown, config: HttpInstrumentationConfig = {}) {
      return setConfig.call(this, withSecurityHooks(hooks, config));
    };
    prototype[ATTACHED] = true;
    (globalThis as Record<symbol, unknown>)[ATTACHED_ANY] = true;
    diag.debug('secotel: security hooks attached to another @opentelemetry/instrumentation-http');
  } catch (error) {
    diag.error('secotel: could not attach to another @opentelemetry/instrumentation-http', error);
  }
  return exports;
}

/** The module hook that gives later `HttpInstrumentation`s (other copies of the package) these hooks. */
export function otherHttpInstrumentationModule(hooks: SecurityHttpHooks): InstrumentationNodeModuleDefinition {
  return new InstrumentationNodeModuleDefinition('@opentelemetry/instrumentation-http', ['*'], (exports: unknown) => attach(exports, hooks));
}
