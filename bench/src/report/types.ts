// The shape of one benchmark run, as written to bench/results/<stamp>-<kind>.json.
import type { DetectBenchResult } from '../detect/detect-bench.ts';
import type { EmitBenchResult } from '../emit/emit-bench.ts';
import type { HttpBenchResult } from '../http/http-bench.ts';
import type { MemoryBenchResult } from '../memory/memory-bench.ts';
import type { ScaleBenchResult } from '../scale/scale-bench.ts';
import type { ProfileSummary } from '../lib/profile.ts';
import type { TargetResult } from './targets.ts';

export interface SpoolResult {
  status: 'ran' | 'absent' | 'failed';
  note: string;
  rows: Record<string, unknown>[];
}

export interface BenchEnvironment {
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  pinned: boolean;
  appCpu: number | undefined;
  loadCpu: number | undefined;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  gitCommit: string;
  gitDirty: boolean;
  versions: Record<string, string>;
}

export interface BenchReport {
  kind: 'quick' | 'full';
  command: string;
  startedAt: string;
  durationSeconds: number;
  environment: BenchEnvironment;
  sectionSeconds: Record<string, number>;
  errors: Record<string, string>;
  http?: HttpBenchResult;
  emit?: EmitBenchResult;
  detect?: DetectBenchResult;
  scale?: ScaleBenchResult;
  memory?: MemoryBenchResult;
  spool?: SpoolResult;
  /** With --cpu-prof: where the in-process benchmarks' time went. */
  profiles?: Partial<Record<string, ProfileSummary>>;
  targets: TargetResult[];
}
