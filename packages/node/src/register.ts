// `node --require @secotel/node/register app.js` (CommonJS) or `node --import @secotel/node/register app.mjs` (ESM).
import { startSecotel } from './start.js';

try {
  startSecotel();
} catch (error) {
  // Never stop the application from starting because of its telemetry.
  process.emitWarning(`secotel could not start and is disabled: ${error instanceof Error ? error.message : String(error)}`, {
    code: 'SECOTEL_START_FAILED',
    type: 'SecotelWarning',
  });
}
