// security-events.test.ts again in security-only mode: the same cases, fed by node:http's
// diagnostics channels (SecurityHttpServerObserver) instead of instrumentation-http's hooks.
import { runInSecurityOnlyMode } from './helpers/harness.ts';

await runInSecurityOnlyMode(new URL('./security-events.test.ts', import.meta.url).href);
