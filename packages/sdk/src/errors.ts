/** Stable error codes, in the style of Node.js and Fastify (`FST_ERR_*`). */
export type SecurityEventErrorCode =
  | 'SECOTEL_ERR_INVALID_EVENT_NAME'
  | 'SECOTEL_ERR_UNKNOWN_EVENT_NAME'
  | 'SECOTEL_ERR_INVALID_ATTRIBUTE'
  | 'SECOTEL_ERR_INVALID_OPTION';

/**
 * Thrown only in strict mode (`initSecurity({ strict: true })`), which is meant for tests and
 * development. In the default mode secotel never throws into the host application: the same
 * problems are reported through OpenTelemetry's `diag` and the event is still emitted when possible.
 */
export class SecurityEventError extends Error {
  readonly code: SecurityEventErrorCode;

  constructor(code: SecurityEventErrorCode, message: string) {
    super(message);
    this.name = 'SecurityEventError';
    this.code = code;
  }
}
