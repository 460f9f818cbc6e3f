/**
 * Severity levels of the OWASP Logging Vocabulary Cheat Sheet.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Logging_Vocabulary_Cheat_Sheet.html
 */
export type OwaspLevel = 'INFO' | 'WARN' | 'CRITICAL';

/** Every {@link OwaspLevel}, from least to most severe. */
export const OWASP_LEVELS: readonly OwaspLevel[] = Object.freeze(['INFO', 'WARN', 'CRITICAL'] as const);

/**
 * OpenTelemetry `SeverityNumber` for each OWASP level: the first number of the matching
 * OpenTelemetry range (INFO 9-12, WARN 13-16, ERROR 17-20). CRITICAL maps to ERROR rather
 * than FATAL because the application keeps running after a critical security event.
 *
 * @see https://opentelemetry.io/docs/specs/otel/logs/data-model/#field-severitynumber
 */
export const SEVERITY_NUMBER_BY_LEVEL: Readonly<Record<OwaspLevel, number>> = Object.freeze({
  INFO: 9,
  WARN: 13,
  CRITICAL: 17,
});
