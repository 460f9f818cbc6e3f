// hostile-input.test.ts again in security-only mode: node:http's diagnostics channels feed secotel, with no
// HttpInstrumentation and no server spans (events carry the caller's traceparent trace).
import { runInSecurityOnlyMode } from './helpers/harness.ts';

await runInSecurityOnlyMode(new URL('./hostile-input.test.ts', import.meta.url).href);
