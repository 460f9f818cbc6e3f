// Summarises a V8 .cpuprofile (from node --cpu-prof): where the busy time went, by package and by
// function (self time). Sample intervals are wall-clock, so shares are meaningful, absolute times
// only on an otherwise idle CPU.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  /** Share of busy time by package (self time), largest first. */
  packages: { name: string; share: number }[];
  /** Share of busy time by function (self time), largest first. */
  functions: { name: string; share: number }[];
}

function packageOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  if (url === '') return '(native)';
  let match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1] !== undefined) return match[1];
  match = /packages\/([^/]+)\//.exec(url);
  if (match?.[1] !== undefined) return `@secotel/${match[1]}`;
  if (url.startsWith('node:')) return '(node core)';
  return url.split('/').slice(-1)[0] ?? url;
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (node === undefined || node.callFrame.functionName === '(idle)') return;
    busy += delta;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${pkg}:${node.callFrame.lineNumber + 1})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  });
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ name, share: busy > 0 ? t / busy : 0 }));
  return { file, busyMs: busy / 1000, packages: ranked(byPackage), functions: ranked(byFunction) };
}
