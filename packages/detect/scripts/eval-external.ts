// Development loop for the third-party corpus: node packages/detect/scripts/eval-external.ts [dist-dir] [misses-file]
// prints the score and writes every miss and false positive (one JSON line each) to misses-file.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Detect from '@secotel/detect';
import { type ExternalRecord, formatScore, readExternal, score } from '../test/support/externalCorpus.ts';

const dist = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', 'dist', 'esm'));
const out = process.argv[3] ?? '/tmp/secotel-external-misses.jsonl';
const mod = (await import(pathToFileURL(resolve(dist, 'index.js')).href)) as typeof Detect;
const detector = mod.createDetector({ level: Number(process.env.SECOTEL_DETECT_LEVEL ?? 1) as 1 | 2 | 3 });
const s = score((r) => detector.detect(r), readExternal('attacks'), readExternal('benign'));
for (const line of formatScore(s)) console.log(line);
// Items kept apart (not gated): Node.js code injection and template injection probes among them.
const extra = score((r) => detector.detect(r), readExternal('extra'), []);
console.log('extra.jsonl (not gated):');
for (const line of formatScore(extra).slice(0, extra.byCategory.size)) console.log(`  ${line}`);
// The in-house corpus must stay where it is.
const corpusDir = resolve(import.meta.dirname, '..', 'corpus');
const readLines = (f: string): ExternalRecord[] => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '')
  .map((l) => ({ source: 'in-house', ...(JSON.parse(l) as Omit<ExternalRecord, 'source'>) }));
const inHouse = score((r) => detector.detect(r),
  readdirSync(join(corpusDir, 'attacks')).flatMap((f) => readLines(join(corpusDir, 'attacks', f))),
  readLines(join(corpusDir, 'benign.jsonl')));
const inHouseMissed = inHouse.missed.length;
const inHouseFp = inHouse.falsePositives.length;
console.log(`in-house corpus: missed ${inHouseMissed}, false positives ${inHouseFp}/${inHouse.benignTotal}`);
for (const r of inHouse.missed) console.log(`  in-house miss ${r.category}: ${r.note ?? ''}`);
for (const { record, findings } of inHouse.falsePositives) console.log(`  in-house fp: ${record.note ?? ''} -> ${findings.map((f) => f.rule.id).join(',')}`);
const lines = [
  ...s.missed.map((r) => JSON.stringify({ kind: 'miss', ...r })),
  ...s.falsePositives.map(({ record, findings }) => JSON.stringify({
    kind: 'fp', findings: findings.map((f) => `${f.rule.id} ${f.location} ${f.fragment.slice(0, 100)}`), ...record,
  })),
];
writeFileSync(out, lines.join('\n') + '\n');
console.log(`misses and false positives: ${out}`);
