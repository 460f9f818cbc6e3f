/** Instrumentation scope of the records and metrics secotel emits. */
export const SDK_NAME = '@secotel/sdk';
/** Kept in step with package.json by a test. */
export const SDK_VERSION = '0.1.0';
