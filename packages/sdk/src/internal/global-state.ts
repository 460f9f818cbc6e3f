// The SDK can be loaded twice in one process: once as CommonJS (for example by
// `--require @secotel/node/register`) and once as ESM (by an application that imports it).
// Like @opentelemetry/api, keep process-wide state on globalThis under a registered symbol so
// both copies share one configuration, one user scope store and one event registry.
const GLOBAL_KEY = Symbol.for('secotel.sdk.global-state.v1');

type GlobalSlots = Record<string, unknown>;

function slots(): GlobalSlots {
  const holder = globalThis as unknown as Record<symbol, GlobalSlots | undefined>;
  let state = holder[GLOBAL_KEY];
  if (state === undefined) {
    state = Object.create(null) as GlobalSlots;
    Object.defineProperty(holder, GLOBAL_KEY, { value: state, enumerable: false, configurable: false, writable: false });
  }
  return state;
}

/** Returns the process-wide value stored under `name`, creating it once with `create`. */
export function sharedSingleton<T>(name: string, create: () => T): T {
  const state = slots();
  if (!(name in state)) state[name] = create();
  return state[name] as T;
}

/** Replaces the process-wide value stored under `name`. */
export function setShared<T>(name: string, value: T): void {
  slots()[name] = value;
}

export function getShared<T>(name: string): T | undefined {
  return slots()[name] as T | undefined;
}
