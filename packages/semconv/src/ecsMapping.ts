// ECS categorization fields and their allowed values.
// @see https://www.elastic.co/docs/reference/ecs/ecs-category-field-values-reference

/** Version of the Elastic Common Schema that {@link toECS} targets. */
export const ECS_VERSION = '8.17.0';

/** Allowed values of ECS `event.kind`. */
export type EcsEventKind = 'alert' | 'asset' | 'enrichment' | 'event' | 'metric' | 'state' | 'pipeline_error' | 'signal';

/** Allowed values of ECS `event.category`. */
export type EcsEventCategory =
  | 'api'
  | 'authentication'
  | 'configuration'
  | 'database'
  | 'driver'
  | 'email'
  | 'file'
  | 'host'
  | 'iam'
  | 'intrusion_detection'
  | 'library'
  | 'malware'
  | 'network'
  | 'package'
  | 'process'
  | 'registry'
  | 'session'
  | 'threat'
  | 'vulnerability'
  | 'web';

/** Allowed values of ECS `event.type`. */
export type EcsEventType =
  | 'access'
  | 'admin'
  | 'allowed'
  | 'change'
  | 'connection'
  | 'creation'
  | 'deletion'
  | 'denied'
  | 'end'
  | 'error'
  | 'group'
  | 'indicator'
  | 'info'
  | 'installation'
  | 'protocol'
  | 'start'
  | 'user';

/** How an event is categorised in ECS: `event.kind`, `event.category` and `event.type`. */
export interface EcsMapping {
  readonly kind: EcsEventKind;
  readonly category: readonly EcsEventCategory[];
  readonly type: readonly EcsEventType[];
}
