/**
 * Version of the Open Cybersecurity Schema Framework that {@link toOCSF} targets: 1.9.0, the
 * first with the record_integrity profile (`attestation_list`) that carries secotel's hash chain.
 * The catalogue's classes and activities are those of OCSF 1.5.0, which 1.9.0 keeps (minor
 * versions only add); 3005 User Access Management is deprecated since 1.9.0 in favour of User
 * Management, and still valid. HTTP methods beyond the nine 1.5.0 HTTP Activity activities
 * stay activity 99 (Other) with the method as `activity_name`.
 *
 * @see https://schema.ocsf.io/1.9.0/
 */
export const OCSF_SCHEMA_VERSION = '1.9.0';

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
