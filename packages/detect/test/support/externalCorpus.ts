// Loads the third-party detection corpus from ../shared/corpora/external-dev (beside the repo) and
// scores a detector on it: recall per category and per source, false-positive rate. The corpus is
// never copied into the repo; where it is absent the callers skip.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DetectRequest, Finding } from '@secotel/detect';

export interface ExternalRecord {
  id: string;
  category: string;
  source: string;
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[]>;
  cookies?: Record<string, string>;
  body?: unknown;
  also_ok?: string[];
  pl?: number;
  note?: string;
}

/** `../shared/corpora/external-dev`, found from this file or from `SECOTEL_EXTERNAL_CORPUS`. */
export const EXTERNAL_CORPUS_DIR = process.env.SECOTEL_EXTERNAL_CORPUS
  ?? resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'corpora', 'external-dev');

export function externalCorpusPresent(): boolean {
  return existsSync(join(EXTERNAL_CORPUS_DIR, 'attacks.jsonl')) && existsSync(join(EXTERNAL_CORPUS_DIR, 'benign.jsonl'));
}

export function readExternal(name: 'attacks' | 'benign' | 'extra'): ExternalRecord[] {
  return readFileSync(join(EXTERNAL_CORPUS_DIR, `${name}.jsonl`), 'utf8')
    .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ExternalRecord);
}

/** The record as `detect` takes it: the path raw, the query decoded, the body parsed or raw. */
export function toDetectRequest(r: ExternalRecord): DetectRequest {
  return { method: r.method, path: r.path, query: r.query, headers: r.headers, cookies: r.cookies, body: r.body ?? undefined };
}

/** Corpus category names that secotel calls otherwise. */
const CATEGORY_ALIASES: Record<string, string> = { node_injection: 'js_injection' };

/** A finding counts for recall only in the record's category (or one it also accepts). */
export function isHit(r: ExternalRecord, findings: readonly Finding[]): boolean {
  const category = CATEGORY_ALIASES[r.category] ?? r.category;
  return findings.some((f) => f.rule.category === category || (r.also_ok?.includes(f.rule.category) ?? false));
}

export interface Score {
  /** category -> [found, total] */
  byCategory: Map<string, [number, number]>;
  bySource: Map<string, [number, number]>;
  missed: ExternalRecord[];
  falsePositives: { record: ExternalRecord; findings: Finding[] }[];
  benignTotal: number;
}

export function score(detect: (r: DetectRequest) => Finding[], attacks: ExternalRecord[], benign: ExternalRecord[]): Score {
  const byCategory = new Map<string, [number, number]>();
  const bySource = new Map<string, [number, number]>();
  const missed: ExternalRecord[] = [];
  const bump = (m: Map<string, [number, number]>, k: string, found: boolean): void => {
    const e = m.get(k) ?? [0, 0];
    if (found) e[0]++;
    e[1]++;
    m.set(k, e);
  };
  for (const r of attacks) {
    const found = isHit(r, detect(toDetectRequest(r)));
    bump(byCategory, r.category, found);
    bump(bySource, `${r.category}/${r.source}`, found);
    if (!found) missed.push(r);
  }
  const falsePositives: Score['falsePositives'] = [];
  for (const r of benign) {
    const findings = detect(toDetectRequest(r));
    if (findings.length > 0) falsePositives.push({ record: r, findings });
  }
  return { byCategory, bySource, missed, falsePositives, benignTotal: benign.length };
}

export function percent([found, total]: [number, number]): string {
  return `${((found / total) * 100).toFixed(1).padStart(5)} % (${found}/${total})`;
}

export function formatScore(s: Score): string[] {
  const lines: string[] = [];
  for (const [k, v] of [...s.byCategory].sort()) lines.push(`recall ${k.padEnd(24)} ${percent(v)}`);
  for (const [k, v] of [...s.bySource].sort()) lines.push(`  by source ${k.padEnd(28)} ${percent(v)}`);
  const fp = s.falsePositives.length;
  lines.push(`false positives ${fp}/${s.benignTotal} = ${((fp / s.benignTotal) * 100).toFixed(2)} %`);
  return lines;
}
