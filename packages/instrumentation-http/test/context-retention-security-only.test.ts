// context-retention.test.ts again in security-only mode: the scope entered for the handler
// (node:http's diagnostics channels feeding secotel) does not keep the request alive either.
import { runInSecurityOnlyMode } from './helpers/harness.ts';

await runInSecurityOnlyMode(new URL('./context-retention.test.ts', import.meta.url).href);
