/** Instrumentation scope of the metric and records the spool emits itself. */
export const SPOOL_NAME = '@secotel/spool';
/** Kept in step with package.json by a test. */
export const SPOOL_VERSION = '0.1.0';
