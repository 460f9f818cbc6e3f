import type { AttributeValue } from '@opentelemetry/api';
import type { OwaspLevel, SecurityEventAttributes, SecurityEventOutcome } from '@secotel/semconv';

/** A value secotel accepts for an attribute. Objects are serialised and redacted. */
export type SecurityFieldValue = AttributeValue | null | undefined | Record<string, unknown>;

/**
 * The namespace for an application's own attribute keys (`app.order_id`, `app.tenant`), which
 * `securityEvent()` accepts without declaring them anywhere. Other keys outside the typed ones
 * go through {@link SecurityAttributeRegistry} or {@link customAttributes}.
 */
export const CUSTOM_ATTRIBUTE_PREFIX = 'app.';

/**
 * The application's own attribute keys and their value types, for `securityEvent()` and (for
 * `user.*` keys) `setUser()`. Empty here; add to it by declaration merging:
 *
 * ```ts
 * declare module '@secotel/sdk' {
 *   interface SecurityAttributeRegistry {
 *     'payment.refund_id': string;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: applications augment it
export interface SecurityAttributeRegistry {}

/** Keys secotel sets itself (category, outcome, id, the hash chain): rejected when given. */
type SecotelOwnedAttributeKey = 'security.event.category' | 'security.event.outcome' | 'security.event.id' | `security.chain.${string}`;

/** The attribute keys secotel knows (OpenTelemetry semantic conventions and `security.*`), minus those it sets itself. */
export type SecurityAttributeKey = Exclude<keyof SecurityEventAttributes, SecotelOwnedAttributeKey>;

/** Every property optional and nullable: undefined and null values are skipped. */
type Optional<T> = { [K in keyof T]?: T[K] | null | undefined };

/**
 * Fields of `securityEvent()`: the known attribute keys with their types, the keys added to
 * {@link SecurityAttributeRegistry}, any key under `app.`, the OpenTelemetry header attributes
 * (`http.request.header.<name>`, `http.response.header.<name>`), plus the `message`, `outcome`
 * and `severity` overrides. A misspelled key in an object literal (`'user.idd'`, `'clinet.address'`)
 * is a compile error; wrap keys secotel does not type (other OpenTelemetry semantic conventions
 * such as `url.full`) in {@link customAttributes}.
 */
export type SecurityEventFields = Optional<Pick<SecurityEventAttributes, SecurityAttributeKey>> &
  Optional<SecurityAttributeRegistry> & {
    /** Human-readable message, the log record's body. Redacted and escaped like every value. */
    message?: string | undefined;
    /** Overrides the event's default `security.event.outcome`. */
    outcome?: SecurityEventOutcome | undefined;
    /** Overrides the event's OWASP level (and so severityText and severityNumber). */
    severity?: OwaspLevel | undefined;
    /** The application's own attributes. */
    [key: `app.${string}`]: SecurityFieldValue;
    /** Request and response headers, as OpenTelemetry names them (`http.request.header.x-request-id`). */
    [key: `http.request.header.${string}`]: SecurityFieldValue;
    [key: `http.response.header.${string}`]: SecurityFieldValue;
  };

/**
 * The typed escape hatch for attribute keys outside the known ones, the registry and `app.*`:
 * `securityEvent('authz_fail', { 'user.id': id, ...customAttributes({ 'url.full': url }) })`.
 * Returns `fields` unchanged; the values are made safe like all others, and strict mode still
 * rejects a key one or two typing mistakes away from a known key.
 */
export function customAttributes(fields: Readonly<Record<string, SecurityFieldValue>>): SecurityEventFields {
  return fields as SecurityEventFields;
}
