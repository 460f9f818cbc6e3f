import type { OcsfMapping } from '../ocsfMapping.js';

// The OCSF 1.5.0 event classes secotel maps to, with their activity captions.
// Source: ocsf-schema events/*/*.json at v1.5.0. Activities 0 (Unknown) and 99 (Other) are
// defined by the base event for every class.

interface OcsfClass {
  readonly uid: number;
  readonly name: string;
  readonly categoryUid: number;
  readonly activities: Readonly<Record<number, string>>;
}

export const OCSF_CATEGORY_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'Uncategorized',
  1: 'System Activity',
  2: 'Findings',
  3: 'Identity & Access Management',
  4: 'Network Activity',
  5: 'Discovery',
  6: 'Application Activity',
});

export const OCSF_ACTIVITY_UNKNOWN = 0;
export const OCSF_ACTIVITY_OTHER = 99;

export const OCSF_BASE_EVENT = 0;
export const OCSF_DETECTION_FINDING = 2004;
export const OCSF_ACCOUNT_CHANGE = 3001;
export const OCSF_AUTHENTICATION = 3002;
export const OCSF_ENTITY_MANAGEMENT = 3004;
export const OCSF_USER_ACCESS_MANAGEMENT = 3005;
export const OCSF_HTTP_ACTIVITY = 4002;
export const OCSF_APPLICATION_LIFECYCLE = 6002;
export const OCSF_API_ACTIVITY = 6003;
export const OCSF_FILE_HOSTING_ACTIVITY = 6006;
export const OCSF_SCAN_ACTIVITY = 6007;

const CLASSES: readonly OcsfClass[] = [
  { uid: OCSF_BASE_EVENT, name: 'Base Event', categoryUid: 0, activities: {} },
  { uid: OCSF_DETECTION_FINDING, name: 'Detection Finding', categoryUid: 2, activities: { 1: 'Create', 2: 'Update', 3: 'Close' } },
  {
    uid: OCSF_ACCOUNT_CHANGE,
    name: 'Account Change',
    categoryUid: 3,
    activities: {
      1: 'Create', 2: 'Enable', 3: 'Password Change', 4: 'Password Reset', 5: 'Disable', 6: 'Delete',
      7: 'Attach Policy', 8: 'Detach Policy', 9: 'Lock', 10: 'MFA Factor Enable', 11: 'MFA Factor Disable', 12: 'Unlock',
    },
  },
  {
    uid: OCSF_AUTHENTICATION,
    name: 'Authentication',
    categoryUid: 3,
    activities: { 1: 'Logon', 2: 'Logoff', 3: 'Authentication Ticket', 4: 'Service Ticket Request', 5: 'Service Ticket Renew', 6: 'Preauth' },
  },
  {
    uid: OCSF_ENTITY_MANAGEMENT,
    name: 'Entity Management',
    categoryUid: 3,
    activities: {
      1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete', 5: 'Move', 6: 'Enroll', 7: 'Unenroll',
      8: 'Enable', 9: 'Disable', 10: 'Activate', 11: 'Deactivate', 12: 'Suspend', 13: 'Resume',
    },
  },
  { uid: OCSF_USER_ACCESS_MANAGEMENT, name: 'User Access Management', categoryUid: 3, activities: { 1: 'Assign Privileges', 2: 'Revoke Privileges' } },
  {
    uid: OCSF_HTTP_ACTIVITY,
    name: 'HTTP Activity',
    categoryUid: 4,
    activities: { 1: 'Connect', 2: 'Delete', 3: 'Get', 4: 'Head', 5: 'Options', 6: 'Post', 7: 'Put', 8: 'Trace', 9: 'Patch' },
  },
  {
    uid: OCSF_APPLICATION_LIFECYCLE,
    name: 'Application Lifecycle',
    categoryUid: 6,
    activities: { 1: 'Install', 2: 'Remove', 3: 'Start', 4: 'Stop', 5: 'Restart', 6: 'Enable', 7: 'Disable', 8: 'Update' },
  },
  { uid: OCSF_API_ACTIVITY, name: 'API Activity', categoryUid: 6, activities: { 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete' } },
  {
    uid: OCSF_FILE_HOSTING_ACTIVITY,
    name: 'File Hosting Activity',
    categoryUid: 6,
    activities: {
      1: 'Upload', 2: 'Download', 3: 'Update', 4: 'Delete', 5: 'Rename', 6: 'Copy', 7: 'Move', 8: 'Restore',
      9: 'Preview', 10: 'Lock', 11: 'Unlock', 12: 'Share', 13: 'Unshare', 14: 'Open', 15: 'Sync', 16: 'Unsync',
    },
  },
  {
    uid: OCSF_SCAN_ACTIVITY,
    name: 'Scan Activity',
    categoryUid: 6,
    activities: {
      1: 'Started', 2: 'Completed', 3: 'Cancelled', 4: 'Duration Violation', 5: 'Pause Violation',
      6: 'Error', 7: 'Paused', 8: 'Resumed', 9: 'Restarted', 10: 'Delayed',
    },
  },
];

const CLASS_BY_UID = new Map(CLASSES.map((ocsfClass) => [ocsfClass.uid, ocsfClass]));

/** Caption of an activity of a class; `undefined` when the class does not define it. */
export function ocsfActivityName(classUid: number, activityId: number): string | undefined {
  if (activityId === OCSF_ACTIVITY_UNKNOWN) return 'Unknown';
  if (activityId === OCSF_ACTIVITY_OTHER) return 'Other';
  return CLASS_BY_UID.get(classUid)?.activities[activityId];
}

/**
 * Builds a frozen {@link OcsfMapping}. `otherActivityName` names the activity when it is
 * 99 (Other), as OCSF asks producers to put their own value in `activity_name`.
 * Throws on a class or activity the registry does not know: a catalogue typo fails at load.
 */
export function ocsfMapping(classUid: number, activityId: number, otherActivityName?: string): OcsfMapping {
  const ocsfClass = CLASS_BY_UID.get(classUid);
  const caption = ocsfActivityName(classUid, activityId);
  if (ocsfClass === undefined || caption === undefined) {
    throw new Error(`secotel semconv: unknown OCSF class ${classUid} or activity ${activityId}; add it to internal/ocsfClasses.ts`);
  }
  return Object.freeze({
    class_uid: ocsfClass.uid,
    class_name: ocsfClass.name,
    category_uid: ocsfClass.categoryUid,
    category_name: OCSF_CATEGORY_NAMES[ocsfClass.categoryUid] ?? 'Uncategorized',
    activity_id: activityId,
    activity_name: activityId === OCSF_ACTIVITY_OTHER && otherActivityName !== undefined ? otherActivityName : caption,
    type_uid: ocsfClass.uid * 100 + activityId,
  });
}

/** HTTP Activity activity for a request method; 99 (Other) for methods OCSF 1.5 does not list. */
export function httpActivityId(method: string): number {
  switch (method.toUpperCase()) {
    case 'CONNECT': return 1;
    case 'DELETE': return 2;
    case 'GET': return 3;
    case 'HEAD': return 4;
    case 'OPTIONS': return 5;
    case 'POST': return 6;
    case 'PUT': return 7;
    case 'TRACE': return 8;
    case 'PATCH': return 9;
    default: return OCSF_ACTIVITY_OTHER;
  }
}

/** API Activity (CRUD) activity for a request method; 0 (Unknown) when it does not say. */
export function apiActivityId(method: string): number {
  switch (method.toUpperCase()) {
    case 'POST': return 1;
    case 'GET':
    case 'HEAD': return 2;
    case 'PUT':
    case 'PATCH': return 3;
    case 'DELETE': return 4;
    default: return OCSF_ACTIVITY_UNKNOWN;
  }
}
