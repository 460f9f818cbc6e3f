/** Version of @secotel/verify, kept in step with package.json by a test. */
export const VERIFY_VERSION = '0.1.0';
