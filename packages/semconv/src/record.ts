/**
 * A security event as it is exported: what {@link toECS} and {@link toOCSF} take. Shaped after
 * an OpenTelemetry log record but independent of any OpenTelemetry package, so exporters,
 * collectors and tests can build one from whatever they hold.
 */
export interface SecurityEventRecord {
  /** `security.authn_login_fail`; the bare name is accepted too. */
  eventName: string;
  /** Time of the event in nanoseconds since the Unix epoch; wins over `timestamp`. */
  timeUnixNano?: string | number | bigint;
  /** Time of the event: a Date, milliseconds since the epoch, or an ISO 8601 string. */
  timestamp?: Date | number | string;
  /** `INFO`, `WARN` or `CRITICAL` for catalogue events. */
  severityText?: string;
  /** OpenTelemetry SeverityNumber (1-24). */
  severityNumber?: number;
  /** The human-readable message, when a string. */
  body?: unknown;
  attributes: Readonly<Record<string, unknown>>;
  /** W3C trace id, 32 lower-case hex digits. */
  traceId?: string;
  /** W3C span id, 16 lower-case hex digits. */
  spanId?: string;
  /** Resource attributes, e.g. `service.name`. */
  resource?: Readonly<Record<string, unknown>>;
}
