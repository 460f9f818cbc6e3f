// Repository-wide rules: OpenTelemetry versions pinned in one place, publishable manifests.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

type Manifest = {
  name: string;
  version: string;
  license?: string;
  engines?: { node?: string };
  files?: string[];
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  private?: boolean;
};

const root = join(import.meta.dirname, '..');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const rootManifest = read(join(root, 'package.json'));
const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: read(join(root, 'packages', dir, 'package.json')) }));

describe('the repository', () => {
  it('runs on Node.js 24', () => {
    assert.equal(process.versions.node.split('.')[0], '24');
    assert.match(rootManifest.devDependencies?.node ?? '', /^24\.\d+\.\d+$/);
  });

  it('pins every OpenTelemetry package at the root, exactly, on the 3.x / 0.30x line', () => {
    const otel = Object.entries(rootManifest.devDependencies ?? {}).filter(([name]) => name.startsWith('@opentelemetry/'));
    assert.ok(otel.length > 5);
    for (const [name, version] of otel) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is pinned exactly`);
      if (name === '@opentelemetry/api') assert.ok(version.startsWith('1.') && Number(version.split('.')[1]) >= 10, `${name}@${version}`);
      else if (name === '@opentelemetry/semantic-conventions') continue;
      // A contrib metapackage, versioned on a line of its own; only the coexistence tests use it.
      else if (name === '@opentelemetry/auto-instrumentations-node') continue;
      else assert.ok(version.startsWith('3.') || version.startsWith('0.30'), `${name}@${version} is on the current line`);
    }
  });

  it('uses the root pins in every package, so there is one place to change them', () => {
    for (const { manifest } of packages) {
      for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
        if (!name.startsWith('@opentelemetry/')) continue;
        assert.equal(range, rootManifest.devDependencies?.[name], `${manifest.name} depends on ${name}@${range}`);
      }
      const api = manifest.peerDependencies?.['@opentelemetry/api'];
      if (api !== undefined) assert.equal(api, `^${rootManifest.devDependencies?.['@opentelemetry/api']}`, `${manifest.name} peer api`);
    }
  });

  it('makes every package publishable', () => {
    for (const { dir, manifest } of packages) {
      assert.equal(manifest.name, `@secotel/${dir}`);
      assert.match(manifest.version, /^\d+\.\d+\.\d+/);
      assert.equal(manifest.license, 'Apache-2.0');
      assert.equal(manifest.engines?.node, '>=22.15.0');
      assert.ok(manifest.files?.includes('dist'));
      assert.ok(manifest.exports?.['.'], `${manifest.name} has an exports map`);
      assert.notEqual(manifest.private, true);
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith('@secotel/')) assert.equal(range, read(join(root, 'packages', dep.slice('@secotel/'.length), 'package.json')).version);
      }
    }
  });

  it('keeps the SDK version constant in step with its package.json', async () => {
    const { SDK_VERSION } = await import('@secotel/sdk');
    assert.equal(SDK_VERSION, read(join(root, 'packages', 'sdk', 'package.json')).version);
  });
});
