// What users install works, not only what the workspace links: pack every package, install the
// tarballs into a scratch project outside the workspace, and use them from CommonJS and ESM.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startOtlpReceiver } from './helpers/otlp-receiver.ts';
import type { OtlpReceiver } from './helpers/otlp-receiver.ts';
import { assertLoginFailRecord, runFixture } from './helpers/fixtures.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const pinned = (name: string) => `${name}@${rootManifest.devDependencies[name]}`;

describe('the packed packages, installed outside the workspace', { timeout: 240_000 }, () => {
  let scratch: string;
  let receiver: OtlpReceiver;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'secotel-pack-'));
    const tarballs: string[] = [];
    for (const dir of readdirSync(join(root, 'packages'))) {
      if (!existsSync(join(root, 'packages', dir, 'package.json'))) continue;
      const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch, join(root, 'packages', dir)], { cwd: root });
      const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
      assert.ok(info);
      assert.ok(info.files.some((f) => f.path === 'dist/cjs/index.js'), `${dir} ships its CommonJS build`);
      assert.ok(info.files.some((f) => f.path === 'dist/esm/index.d.ts'), `${dir} ships its types`);
      assert.ok(info.files.some((f) => f.path === 'LICENSE'), `${dir} ships its LICENSE`);
      assert.ok(info.files.some((f) => f.path === 'README.md'), `${dir} ships its README.md`);
      tarballs.push(join(scratch, info.filename));
    }
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }));
    await run(
      'npm',
      [
        'install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error',
        ...tarballs,
        pinned('@opentelemetry/api'),
        pinned('@opentelemetry/context-async-hooks'),
        pinned('@opentelemetry/sdk-logs'),
        pinned('@opentelemetry/sdk-trace'),
        pinned('@opentelemetry/exporter-logs-otlp-http'),
      ],
      { cwd: scratch, timeout: 180_000 },
    );
    for (const file of ['emit-login-fail.cjs', 'emit-login-fail.mjs']) copyFileSync(join(import.meta.dirname, 'fixtures', file), join(scratch, file));
    receiver = await startOtlpReceiver();
  });

  after(async () => {
    await receiver?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('resolves @secotel/sdk from the installed tarball, not the workspace', async () => {
    const { stdout } = await run(process.execPath, ['-p', "require.resolve('@secotel/sdk')"], { cwd: scratch });
    assert.ok(stdout.trim().startsWith(join(scratch, 'node_modules')), stdout);
  });

  for (const script of ['emit-login-fail.cjs', 'emit-login-fail.mjs']) {
    it(`reports a failed login from ${script.endsWith('.cjs') ? 'CommonJS' : 'ESM'} with the installed packages`, async () => {
      const { traceId, records } = await runFixture(receiver, join(scratch, script), {}, scratch);
      assertLoginFailRecord(records[0], traceId);
    });
  }

  it('gives TypeScript users the declarations of every package from both module systems', async () => {
    for (const dir of readdirSync(join(scratch, 'node_modules', '@secotel'))) {
      const manifest = JSON.parse(readFileSync(join(scratch, 'node_modules', '@secotel', dir, 'package.json'), 'utf8')) as {
        exports: Record<string, { import: { types: string }; require: { types: string } }>;
        engines: { node: string };
        license: string;
      };
      assert.equal(manifest.license, 'Apache-2.0');
      assert.equal(manifest.engines.node, '>=22.15.0');
      const entry = manifest.exports['.'];
      assert.ok(entry);
      for (const types of [entry.import.types, entry.require.types]) {
        assert.ok(existsSync(join(scratch, 'node_modules', '@secotel', dir, types)), `${dir}: ${types}`);
      }
    }
  });
});
