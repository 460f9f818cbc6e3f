// Writes the labelled corpus under packages/detect/corpus/: one JSON-lines file per attack
// category (hand-written payloads from corpus/attacks.ts) and benign.jsonl (generated, seeded).
// Run: node packages/detect/scripts/generate-corpus.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attackEntries } from './corpus/attacks.ts';
import { benignEntries } from './corpus/benign.ts';
import type { CorpusEntry } from './corpus/common.ts';

const BENIGN_COUNT = 1600;
const corpusDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');

function line(e: CorpusEntry): string {
  // Labels first, then the request in detect's input shape.
  const { label, category, note, ...request } = e;
  return JSON.stringify(category === undefined ? { label, note, ...request } : { label, category, note, ...request });
}

mkdirSync(join(corpusDir, 'attacks'), { recursive: true });
const byCategory = new Map<string, CorpusEntry[]>();
for (const e of attackEntries()) {
  const list = byCategory.get(e.category as string) ?? [];
  list.push(e);
  byCategory.set(e.category as string, list);
}
for (const [category, entries] of byCategory) {
  writeFileSync(join(corpusDir, 'attacks', `${category}.jsonl`), entries.map(line).join('\n') + '\n');
  process.stdout.write(`${category}: ${entries.length}\n`);
}
const benign = benignEntries(BENIGN_COUNT);
writeFileSync(join(corpusDir, 'benign.jsonl'), benign.map(line).join('\n') + '\n');
process.stdout.write(`benign: ${benign.length}\n`);
