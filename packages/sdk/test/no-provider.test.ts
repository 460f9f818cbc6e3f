import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('without a registered LoggerProvider', () => {
  it('prints one clear warning that events are dropped and how to fix it, and keeps the app running', async () => {
    const script = `
      const { securityEvent } = require('@secotel/sdk');
      for (let i = 0; i < 3; i++) securityEvent('authn_login_fail', { 'user.id': 'alice' });
      console.log('app still running');
    `;
    const { stdout, stderr } = await run(process.execPath, ['-e', script], { timeout: 20_000 });
    assert.equal(stdout.trim(), 'app still running');
    const warnings = stderr.split('\n').filter((line) => line.includes('SECOTEL_NO_LOGGER_PROVIDER'));
    assert.equal(warnings.length, 1, stderr);
    assert.match(stderr, /security events are being dropped/);
    assert.match(stderr, /--require @secotel\/node\/register/);
  });

  it('shares one configuration between the CommonJS and the ESM copy of the SDK', async () => {
    const script = `
      import { createRequire } from 'node:module';
      import * as esm from '@secotel/sdk';
      const cjs = createRequire(process.cwd() + '/')('@secotel/sdk');
      esm.initSecurity({ strict: true });
      let code = 'none';
      try { cjs.securityEvent('Bad Name'); } catch (error) { code = error.code; }
      console.log(code, esm.getSecurityEmitter() === cjs.getSecurityEmitter());
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    assert.equal(stdout.trim(), 'SECOTEL_ERR_INVALID_EVENT_NAME true');
  });

  it('ignores an invalid SECOTEL_* variable instead of breaking the app', async () => {
    const script = `
      const { securityEvent } = require('@secotel/sdk');
      console.log(typeof securityEvent('authz_fail'));
    `;
    const { stdout } = await run(process.execPath, ['-e', script], {
      timeout: 20_000,
      env: { ...process.env, SECOTEL_LOGIN_FAIL_THRESHOLD: 'lots', NODE_NO_WARNINGS: '1' },
    });
    assert.equal(stdout.trim(), 'string');
  });
});
