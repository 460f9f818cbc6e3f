// attack-event-limit.test.ts again in security-only mode: node:http's diagnostics channels feed secotel, with no
// HttpInstrumentation and no server spans (events carry the caller's traceparent trace).
import { runInSecurityOnlyMode } from './helpers/harness.ts';

await runInSecurityOnlyMode(new URL('./attack-event-limit.test.ts', import.meta.url).href);
