import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KNOWN_ATTRIBUTES,
  OWASP_PARAMETER_ATTRIBUTES,
  SECOTEL_EXTENSION_EVENT_NAMES,
  SECURITY_EVENT_CATEGORIES,
  SECURITY_EVENTS,
  levelForOutcome,
} from '@secotel/semconv';
import type { OwaspLevel, SecurityEventDefinition } from '@secotel/semconv';

// Transcribed from the OWASP Logging Vocabulary Cheat Sheet, independently of the catalogue:
// name -> level as the cheat sheet gives it.
const CHEAT_SHEET_LEVELS: Readonly<Record<string, OwaspLevel | 'INFO|CRITICAL'>> = {
  authn_login_success: 'INFO',
  authn_login_successafterfail: 'INFO',
  authn_login_fail: 'WARN',
  authn_login_fail_max: 'WARN',
  authn_login_lock: 'WARN',
  authn_password_change: 'INFO',
  authn_password_change_fail: 'CRITICAL',
  authn_impossible_travel: 'CRITICAL',
  authn_token_created: 'INFO',
  authn_token_revoked: 'INFO',
  authn_token_reuse: 'CRITICAL',
  authn_token_delete: 'WARN',
  authz_fail: 'CRITICAL',
  authz_change: 'WARN',
  authz_admin: 'WARN',
  crypt_decrypt_fail: 'WARN',
  crypt_encrypt_fail: 'WARN',
  excess_rate_limit_exceeded: 'WARN',
  upload_complete: 'INFO',
  upload_stored: 'INFO',
  upload_validation: 'INFO|CRITICAL',
  upload_delete: 'INFO',
  input_validation_fail: 'WARN',
  input_validation_discrete_fail: 'WARN',
  malicious_excess_404: 'WARN',
  malicious_extraneous: 'CRITICAL',
  malicious_attack_tool: 'CRITICAL',
  malicious_cors: 'CRITICAL',
  malicious_direct_reference: 'CRITICAL',
  privilege_permissions_changed: 'WARN',
  sensitive_create: 'WARN',
  sensitive_read: 'WARN',
  sensitive_update: 'WARN',
  sensitive_delete: 'WARN',
  sequence_fail: 'CRITICAL',
  session_created: 'INFO',
  session_renewed: 'INFO',
  session_expired: 'INFO',
  session_use_after_expire: 'CRITICAL',
  sys_startup: 'WARN',
  sys_shutdown: 'WARN',
  sys_restart: 'WARN',
  sys_crash: 'WARN',
  sys_monitor_disabled: 'WARN',
  sys_monitor_enabled: 'WARN',
  user_created: 'WARN',
  user_updated: 'WARN',
  user_archived: 'WARN',
  user_deleted: 'WARN',
};

// ECS allowed values and the event types each category expects (ECS categorization reference).
const ECS_KINDS = new Set(['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal']);
const ECS_EXPECTED_TYPES: Readonly<Record<string, readonly string[]>> = {
  api: ['access', 'admin', 'allowed', 'change', 'creation', 'deletion', 'denied', 'end', 'info', 'start', 'user'],
  authentication: ['start', 'end', 'info'],
  configuration: ['access', 'change', 'creation', 'deletion', 'info'],
  database: ['access', 'change', 'info', 'error'],
  driver: ['change', 'end', 'info', 'start'],
  email: ['info'],
  file: ['access', 'change', 'creation', 'deletion', 'info'],
  host: ['access', 'change', 'end', 'info', 'start'],
  iam: ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'],
  intrusion_detection: ['allowed', 'denied', 'info'],
  library: ['start'],
  malware: ['info'],
  network: ['access', 'allowed', 'connection', 'denied', 'end', 'info', 'protocol', 'start'],
  package: ['access', 'change', 'deletion', 'info', 'installation', 'start'],
  process: ['access', 'change', 'end', 'info', 'start'],
  registry: ['access', 'change', 'creation', 'deletion'],
  session: ['start', 'end', 'info'],
  threat: ['indicator'],
  vulnerability: ['info'],
  web: ['access', 'error', 'info'],
};

// The OCSF 1.5.0 classes the catalogue may use, with the activities it may use.
const OCSF_CLASSES: Readonly<Record<number, { name: string; category: number; categoryName: string; activities: Record<number, string> }>> = {
  2004: { name: 'Detection Finding', category: 2, categoryName: 'Findings', activities: { 1: 'Create' } },
  3001: {
    name: 'Account Change',
    category: 3,
    categoryName: 'Identity & Access Management',
    activities: { 1: 'Create', 3: 'Password Change', 5: 'Disable', 6: 'Delete', 9: 'Lock' },
  },
  3002: { name: 'Authentication', category: 3, categoryName: 'Identity & Access Management', activities: { 1: 'Logon', 2: 'Logoff' } },
  3004: {
    name: 'Entity Management',
    category: 3,
    categoryName: 'Identity & Access Management',
    activities: { 1: 'Create', 3: 'Update', 4: 'Delete', 9: 'Disable' },
  },
  3005: { name: 'User Access Management', category: 3, categoryName: 'Identity & Access Management', activities: { 1: 'Assign Privileges' } },
  4002: { name: 'HTTP Activity', category: 4, categoryName: 'Network Activity', activities: { 0: 'Unknown' } },
  6002: {
    name: 'Application Lifecycle',
    category: 6,
    categoryName: 'Application Activity',
    activities: { 3: 'Start', 4: 'Stop', 5: 'Restart', 6: 'Enable', 7: 'Disable' },
  },
  6003: { name: 'API Activity', category: 6, categoryName: 'Application Activity', activities: { 0: 'Unknown', 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete' } },
  6006: { name: 'File Hosting Activity', category: 6, categoryName: 'Application Activity', activities: { 1: 'Upload', 4: 'Delete', 7: 'Move' } },
  6007: { name: 'Scan Activity', category: 6, categoryName: 'Application Activity', activities: { 2: 'Completed' } },
};

const definitions: readonly SecurityEventDefinition[] = Object.values(SECURITY_EVENTS);

describe('the security event catalogue', () => {
  it('holds exactly the 49 OWASP vocabulary events and the 3 secotel extensions', () => {
    const owaspNames = Object.keys(CHEAT_SHEET_LEVELS);
    assert.equal(owaspNames.length, 49);
    assert.deepEqual([...SECOTEL_EXTENSION_EVENT_NAMES].sort(), ['attack_detected', 'chain_checkpoint', 'http_access']);
    assert.deepEqual(Object.keys(SECURITY_EVENTS).sort(), [...owaspNames, ...SECOTEL_EXTENSION_EVENT_NAMES].sort());
  });

  it('gives every OWASP event the level of the cheat sheet', () => {
    for (const [name, level] of Object.entries(CHEAT_SHEET_LEVELS)) {
      const definition = SECURITY_EVENTS[name as keyof typeof SECURITY_EVENTS];
      if (level === 'INFO|CRITICAL') {
        assert.equal(levelForOutcome(definition, 'success'), 'INFO', name);
        assert.equal(levelForOutcome(definition, 'failure'), 'CRITICAL', name);
      } else {
        assert.equal(definition.level, level, name);
        assert.equal(definition.levelByOutcome, undefined, name);
      }
    }
  });

  it('emits upload_validation at CRITICAL when the outcome is unknown', () => {
    assert.equal(levelForOutcome(SECURITY_EVENTS.upload_validation, 'unknown'), 'CRITICAL');
  });

  it('keeps the well-known levels a reviewer would check first', () => {
    assert.equal(SECURITY_EVENTS.authn_login_fail.level, 'WARN');
    assert.equal(SECURITY_EVENTS.authn_login_fail_max.level, 'WARN');
    assert.equal(SECURITY_EVENTS.authz_admin.level, 'WARN');
    assert.equal(SECURITY_EVENTS.sys_crash.level, 'WARN');
    assert.equal(SECURITY_EVENTS.malicious_excess_404.level, 'WARN');
    for (const name of ['malicious_extraneous', 'malicious_attack_tool', 'malicious_cors', 'malicious_direct_reference'] as const) {
      assert.equal(SECURITY_EVENTS[name].level, 'CRITICAL', name);
    }
  });

  it('uses the cheat sheet parameter names', () => {
    assert.deepEqual(SECURITY_EVENTS.authn_login_successafterfail.parameters, ['userid', 'retries']);
    assert.deepEqual(SECURITY_EVENTS.authn_login_fail_max.parameters, ['userid', 'maxlimit']);
    assert.deepEqual(SECURITY_EVENTS.authn_impossible_travel.parameters, ['userid', 'region1', 'region2']);
    assert.deepEqual(SECURITY_EVENTS.authz_change.parameters, ['userid', 'from', 'to']);
    assert.deepEqual(SECURITY_EVENTS.malicious_cors.parameters, ['userid|IP', 'useragent', 'referer']);
    assert.deepEqual(SECURITY_EVENTS.privilege_permissions_changed.parameters, ['userid', 'file|object', 'fromlevel', 'tolevel']);
    assert.deepEqual(SECURITY_EVENTS.sys_crash.parameters, ['reason']);
    assert.deepEqual(SECURITY_EVENTS.user_created.parameters, ['userid', 'newuserid', 'attributes']);
  });

  it('declares the secotel extensions as documented', () => {
    const attack = SECURITY_EVENTS.attack_detected;
    assert.equal(attack.category, 'malicious');
    assert.equal(attack.level, 'WARN');
    assert.equal(attack.outcome, 'unknown');
    assert.equal(attack.ecs.kind, 'alert');
    assert.equal(attack.ocsf.class_uid, 2004);
    const access = SECURITY_EVENTS.http_access;
    assert.equal(access.category, 'audit');
    assert.equal(access.level, 'INFO');
    assert.equal(access.ocsf.class_uid, 4002);
    const checkpoint = SECURITY_EVENTS.chain_checkpoint;
    assert.equal(checkpoint.category, 'sys');
    assert.equal(checkpoint.level, 'INFO');
    assert.equal(checkpoint.outcome, 'success');
    assert.equal(checkpoint.ocsf.class_uid, 6002);
    assert.equal(checkpoint.ocsf.activity_name, 'Checkpoint');
  });

  it('gives default outcomes that follow the event names', () => {
    assert.equal(SECURITY_EVENTS.authn_login_success.outcome, 'success');
    assert.equal(SECURITY_EVENTS.authn_login_fail.outcome, 'failure');
    assert.equal(SECURITY_EVENTS.attack_detected.outcome, 'unknown');
    for (const definition of definitions) {
      if (definition.name.endsWith('_fail')) assert.equal(definition.outcome, 'failure', definition.name);
    }
  });

  for (const definition of definitions) {
    describe(`the ${definition.name} entry`, () => {
      it('is well-formed', () => {
        assert.match(definition.name, /^[a-z][a-z0-9_]*$/);
        assert.ok(SECURITY_EVENT_CATEGORIES.includes(definition.category));
        assert.notEqual(definition.category, 'custom');
        if (definition.category !== 'audit' && !SECOTEL_EXTENSION_EVENT_NAMES.includes(definition.name as never)) {
          assert.ok(definition.name.startsWith(`${definition.category}_`), 'OWASP names start with their category');
        }
        assert.ok(['INFO', 'WARN', 'CRITICAL'].includes(definition.level));
        assert.ok(['success', 'failure', 'unknown'].includes(definition.outcome));
        assert.ok(definition.description.length > 10 && definition.description.endsWith('.'));
      });

      it('maps to ECS categorization values ECS allows together', () => {
        assert.ok(ECS_KINDS.has(definition.ecs.kind));
        assert.ok(definition.ecs.category.length > 0);
        assert.ok(definition.ecs.type.length > 0);
        for (const category of definition.ecs.category) {
          const expected = ECS_EXPECTED_TYPES[category];
          assert.ok(expected !== undefined, `unknown ECS category ${category}`);
          for (const type of definition.ecs.type) assert.ok(expected.includes(type), `ECS ${category} does not expect type ${type}`);
        }
      });

      it('maps to an OCSF class and activity with type_uid = class_uid * 100 + activity_id', () => {
        const { ocsf } = definition;
        const ocsfClass = OCSF_CLASSES[ocsf.class_uid];
        assert.ok(ocsfClass !== undefined, `unexpected OCSF class ${ocsf.class_uid}`);
        assert.equal(ocsf.class_name, ocsfClass.name);
        assert.equal(ocsf.category_uid, ocsfClass.category);
        assert.equal(ocsf.category_name, ocsfClass.categoryName);
        assert.equal(Math.floor(ocsf.class_uid / 1000), ocsf.category_uid);
        assert.equal(ocsf.type_uid, ocsf.class_uid * 100 + ocsf.activity_id);
        if (ocsf.activity_id === 99) assert.ok(ocsf.activity_name.length > 0);
        else assert.equal(ocsf.activity_name, ocsfClass.activities[ocsf.activity_id], `activity ${ocsf.activity_id}`);
      });

      it('recommends known attributes, among them every attribute of its OWASP parameters', () => {
        assert.equal(new Set(definition.recommendedAttributes).size, definition.recommendedAttributes.length);
        for (const attribute of definition.recommendedAttributes) assert.ok(KNOWN_ATTRIBUTES.includes(attribute), attribute);
        for (const parameter of definition.parameters) {
          const attributes = OWASP_PARAMETER_ATTRIBUTES[parameter];
          assert.ok(attributes !== undefined, `no attribute for parameter ${parameter}`);
          for (const attribute of attributes) assert.ok(definition.recommendedAttributes.includes(attribute), attribute);
        }
      });

      it('is frozen, arrays and mappings included', () => {
        assert.ok(Object.isFrozen(definition));
        assert.ok(Object.isFrozen(definition.parameters));
        assert.ok(Object.isFrozen(definition.recommendedAttributes));
        assert.ok(Object.isFrozen(definition.ecs) && Object.isFrozen(definition.ecs.category) && Object.isFrozen(definition.ecs.type));
        assert.ok(Object.isFrozen(definition.ocsf));
      });
    });
  }

  it('cannot be modified', () => {
    assert.ok(Object.isFrozen(SECURITY_EVENTS));
    assert.throws(() => {
      (SECURITY_EVENTS as Record<string, unknown>)['authn_login_fail'] = {};
    }, TypeError);
  });

  it('maps every OWASP parameter only to known attributes', () => {
    for (const [parameter, attributes] of Object.entries(OWASP_PARAMETER_ATTRIBUTES)) {
      assert.ok(attributes.length > 0, parameter);
      for (const attribute of attributes) assert.ok(KNOWN_ATTRIBUTES.includes(attribute), `${parameter} -> ${attribute}`);
    }
  });
});
