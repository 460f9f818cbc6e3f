// Builds every package under packages/ to dist/esm (ESM) and dist/cjs (CommonJS), each with
// its own declarations, in dependency order. Usage: node scripts/build.mjs [package-dir ...]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));

const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const ordered = [];
const seen = new Set();
function visit(pkg) {
  if (seen.has(pkg.manifest.name)) return;
  seen.add(pkg.manifest.name);
  const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies };
  for (const name of Object.keys(deps)) {
    const dep = byName.get(name);
    if (dep) visit(dep);
  }
  ordered.push(pkg);
}
packages.forEach(visit);

const only = process.argv.slice(2).map((d) => resolve(d));
for (const { dir, manifest } of ordered) {
  if (only.length > 0 && !only.includes(dir)) continue;
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const project = join(dir, 'tsconfig.json');
  execFileSync(process.execPath, [tsc, '-p', project, '--outDir', join(dir, 'dist', 'esm')], { stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [tsc, '-p', project, '--outDir', join(dir, 'dist', 'cjs'), '--module', 'commonjs', '--moduleResolution', 'node10'],
    { stdio: 'inherit' },
  );
  mkdirSync(join(dir, 'dist', 'cjs'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
  // Published tarballs carry the licence; the copy is generated, the root LICENSE is the source.
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  process.stdout.write(`built ${manifest.name}\n`);
}
