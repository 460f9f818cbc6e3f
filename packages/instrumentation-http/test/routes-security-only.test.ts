// routes.test.ts again in security-only mode: http.route for every framework adapter (Express
// 4/5, Fastify, Koa, Hapi) when node:http's diagnostics channels feed secotel, with no HttpInstrumentation.
import { runInSecurityOnlyMode } from './helpers/harness.ts';

await runInSecurityOnlyMode(new URL('./routes.test.ts', import.meta.url).href);
