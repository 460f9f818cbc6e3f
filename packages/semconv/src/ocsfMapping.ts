/**
 * Version of the Open Cybersecurity Schema Framework that {@link toOCSF} targets. Every class
 * and activity in the catalogue exists, undeprecated, in this version.
 *
 * @see https://schema.ocsf.io/1.5.0/
 */
export const OCSF_SCHEMA_VERSION = '1.5.0';

/**
 * The OCSF event class and activity an event maps to. `type_uid` is
 * `class_uid * 100 + activity_id`, as the OCSF base event defines it. Activity 0 (Unknown)
 * means {@link toOCSF} derives the activity from the HTTP method when the record has one.
 */
export interface OcsfMapping {
  readonly class_uid: number;
  readonly class_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  readonly activity_id: number;
  readonly activity_name: string;
  readonly type_uid: number;
}
