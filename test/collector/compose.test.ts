// docker-compose.yml and its Grafana provisioning, checked without a Docker engine:
// the compose file is loaded by `docker compose config` when the compose plugin
// is installed, otherwise by compose-check (test/collector/compose-check), a
// small Go program on compose-go, the library `docker compose` itself loads files with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, SHIPPED_COLLECTOR_CONFIG, validateCollectorConfig } from '../helpers/collector.ts';

const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');
const COMPOSE_CHECK_DIR = join(REPO_ROOT, 'test', 'collector', 'compose-check');
const MANIFEST = join(REPO_ROOT, 'collector', 'builder-config.yaml');
const DASHBOARD = join(REPO_ROOT, 'deploy', 'grafana', 'dashboards', 'security-events.json');
const DASHBOARD_PROVIDER = join(REPO_ROOT, 'deploy', 'grafana', 'provisioning', 'dashboards', 'secotel.yaml');

interface ComposeVolume {
  type: string;
  source?: string;
  target: string;
}
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[] | null;
  environment?: Record<string, string | null>;
  volumes?: ComposeVolume[];
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeProject {
  services: Record<string, ComposeService>;
}

type ComposeLoader = (file: string) => { ok: boolean; output: string };

function dockerComposePluginWorks(): boolean {
  const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0;
}

/** Returns a loader that resolves a compose file to its JSON model, like `docker compose config`. */
function composeLoader(workDir: string): ComposeLoader {
  if (dockerComposePluginWorks()) {
    return (file) => {
      const result = spawnSync('docker', ['compose', '-f', file, 'config', '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
      return { ok: result.status === 0, output: result.status === 0 ? result.stdout : `${result.stdout}${result.stderr}` };
    };
  }
  const binary = join(workDir, 'compose-check');
  const build = spawnSync('go', ['build', '-o', binary, '.'], { cwd: COMPOSE_CHECK_DIR, encoding: 'utf8', timeout: 300_000 });
  assert.equal(build.status, 0, `building test/collector/compose-check failed (needs Go and the Go module proxy):\n${build.stderr}${build.error?.message ?? ''}`);
  return (file) => {
    const result = spawnSync(binary, [file], { encoding: 'utf8', timeout: 60_000 });
    return { ok: result.status === 0, output: result.status === 0 ? result.stdout : `${result.stdout}${result.stderr}` };
  };
}

/** The collector release pinned by the ocb manifest, e.g. `0.161.0`. */
function manifestRelease(): string {
  const match = /go\.opentelemetry\.io\/collector\/receiver\/otlpreceiver v(\d+\.\d+\.\d+)/.exec(readFileSync(MANIFEST, 'utf8'));
  assert.ok(match?.[1], 'otlpreceiver version not found in collector/builder-config.yaml');
  return match[1];
}

describe('docker-compose.yml', () => {
  let workDir: string;
  let load: ComposeLoader;
  let project: ComposeProject;

  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'secotel-compose-'));
    load = composeLoader(workDir);
    const result = load(COMPOSE_FILE);
    assert.ok(result.ok, `docker-compose.yml does not load:\n${result.output}`);
    project = JSON.parse(result.output) as ComposeProject;
  });
  after(() => {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it('loads as a valid Compose project with the collector, the example app and otel-lgtm', () => {
    assert.deepEqual(Object.keys(project.services).sort(), ['app', 'collector', 'lgtm', 'security-audit-init']);
  });

  it('is rejected by the same loader when a service depends on a service that does not exist', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    const broken = text.replace(/^services:\n/m, 'services:\n  broken:\n    image: busybox:1.37\n    depends_on: [no-such-service]\n');
    assert.notEqual(broken, text);
    const file = join(workDir, 'undefined-dependency.yml');
    writeFileSync(file, broken);
    const result = load(file);
    assert.equal(result.ok, false, 'a compose file with an undefined dependency was accepted');
    assert.match(result.output, /no-such-service/);
  });

  it('is rejected by the same loader when a service has a misspelt key', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    const broken = text.replace('    image: otel/opentelemetry-collector-contrib', '    imagee: otel/opentelemetry-collector-contrib');
    assert.notEqual(broken, text);
    const file = join(workDir, 'misspelt-key.yml');
    writeFileSync(file, broken);
    assert.equal(load(file).ok, false, 'a compose file with an unknown service key was accepted');
  });

  it('bind-mounts files and builds from a Dockerfile that exist in the repository', () => {
    const binds = Object.values(project.services).flatMap((service) => (service.volumes ?? []).filter((v) => v.type === 'bind'));
    assert.ok(binds.length >= 3, 'expected the collector config and the Grafana provisioning to be bind-mounted');
    for (const bind of binds) assert.ok(bind.source !== undefined && existsSync(bind.source), `bind mount source missing: ${bind.source}`);
    const build = project.services.app?.build;
    assert.ok(build, 'the app service is built from the repository');
    assert.ok(existsSync(join(build.context, build.dockerfile ?? 'Dockerfile')), 'the app Dockerfile is missing');
  });

  it('runs the contrib collector image of the release the ocb manifest pins, on the shipped config', () => {
    const collector = project.services.collector;
    assert.equal(collector?.image, `otel/opentelemetry-collector-contrib:${manifestRelease()}`);
    const configMount = collector?.volumes?.find((v) => v.source === SHIPPED_COLLECTOR_CONFIG);
    assert.ok(configMount, 'otel-collector.yaml is not mounted into the collector');
    assert.deepEqual(collector?.command, [`--config=${configMount.target}`]);
  });

  it('wires the app to the collector and the collector to otel-lgtm', () => {
    const { app, collector, lgtm } = project.services;
    assert.equal(app?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://collector:4318');
    assert.equal(collector?.environment?.SECOTEL_SECURITY_BACKEND_ENDPOINT, 'http://lgtm:4318');
    assert.equal(collector?.environment?.SECOTEL_OTLP_BACKEND_ENDPOINT, 'http://lgtm:4318');
    assert.ok(collector?.depends_on?.lgtm, 'the collector should start after otel-lgtm');
    assert.match(lgtm?.image ?? '', /^grafana\/otel-lgtm:/);
  });

  it('gives the collector an environment under which the shipped config validates', () => {
    const env = Object.fromEntries(Object.entries(project.services.collector?.environment ?? {}).map(([k, v]) => [k, v ?? '']));
    const result = validateCollectorConfig(SHIPPED_COLLECTOR_CONFIG, env);
    assert.ok(result.ok, `otel-collector.yaml does not validate with the compose environment:\n${result.output}`);
  });

  it('mounts the Grafana dashboard provider and dashboards where otel-lgtm reads them', () => {
    const volumes = project.services.lgtm?.volumes ?? [];
    const provider = volumes.find((v) => v.source === DASHBOARD_PROVIDER);
    assert.ok(provider?.target.startsWith('/otel-lgtm/grafana/conf/provisioning/dashboards/'), 'dashboard provider not in otel-lgtm provisioning dir');
    const dashboards = volumes.find((v) => v.source === join(REPO_ROOT, 'deploy', 'grafana', 'dashboards'));
    assert.ok(dashboards, 'dashboards directory not mounted');
    assert.match(readFileSync(DASHBOARD_PROVIDER, 'utf8'), new RegExp(`path: ${dashboards.target}\\n`));
  });
});

describe('the Security events dashboard', () => {
  interface Target {
    datasource?: { uid?: string };
    expr?: string;
    query?: string;
  }
  interface Panel {
    title: string;
    type: string;
    targets?: Target[];
  }
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { title: string; uid: string; panels: Panel[] };

  it('is titled "Security events" and has the panels the stack promises', () => {
    assert.equal(dashboard.title, 'Security events');
    const titles = dashboard.panels.map((p) => p.title);
    for (const wanted of ['Event rate by type', 'Top client addresses', 'Failed logins', 'Attacks by category', 'Traces with security events']) {
      assert.ok(titles.includes(wanted), `missing panel "${wanted}"`);
    }
  });

  it('queries Loki by the structured metadata the collector produces', () => {
    const lokiTargets = dashboard.panels.flatMap((p) => p.targets ?? []).filter((t) => t.datasource?.uid === 'loki');
    assert.ok(lokiTargets.length >= 5);
    for (const target of lokiTargets) {
      // Loki drops LogRecord.EventName; transform/security_event_name copies it to this attribute.
      assert.match(target.expr ?? '', /security_event_name/, `query does not select security events: ${target.expr}`);
      assert.match(target.expr ?? '', /\{service_name=~"\$service"\}/);
    }
    assert.match(readFileSync(SHIPPED_COLLECTOR_CONFIG, 'utf8'), /set\(log\.attributes\["security\.event\.name"\], log\.event_name\)/);
  });

  it('uses only the data sources otel-lgtm provisions', () => {
    const uids = new Set(dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.datasource?.uid)));
    assert.deepEqual([...uids].sort(), ['loki', 'tempo']);
  });
});
