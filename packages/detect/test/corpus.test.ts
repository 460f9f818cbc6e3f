// Recall and false-positive rate over the labelled corpus in ../corpus. Thresholds: every
// category's recall at least 95 %, false positives on benign requests at most 0.5 %.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CATEGORIES, detect } from '@secotel/detect';
import type { DetectRequest, Finding } from '@secotel/detect';

interface CorpusEntry extends DetectRequest {
  label: 'attack' | 'benign';
  category?: string;
  note: string;
}

const corpusDir = join(import.meta.dirname, '..', 'corpus');

function readJsonLines(file: string): CorpusEntry[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusEntry);
}

const attacks = readdirSync(join(corpusDir, 'attacks')).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readJsonLines(join(corpusDir, 'attacks', f)));
const benign = readJsonLines(join(corpusDir, 'benign.jsonl'));

const MIN_RECALL = 0.95;
const MAX_FALSE_POSITIVE_RATE = 0.005;

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.rule.id} at ${f.location}: ${JSON.stringify(f.fragment.slice(0, 80))}`).join('; ') || 'nothing';
}

describe('corpus', () => {
  it('is labelled consistently and covers every category', () => {
    for (const e of attacks) {
      assert.equal(e.label, 'attack');
      assert.ok(CATEGORIES.includes(e.category as never), `unknown category ${e.category}`);
      assert.ok(e.note.length > 0);
    }
    for (const e of benign) assert.equal(e.label, 'benign');
    for (const c of CATEGORIES) {
      const n = attacks.filter((e) => e.category === c).length;
      assert.ok(n >= 30, `${c} has only ${n} attack requests`);
    }
    assert.ok(benign.length >= 1000, `only ${benign.length} benign requests`);
  });

  it(`finds at least ${MIN_RECALL * 100} % of the attacks in every category`, (t) => {
    const failures: string[] = [];
    for (const category of CATEGORIES) {
      const entries = attacks.filter((e) => e.category === category);
      const missed = entries.filter((e) => !detect(e).some((f) => f.rule.category === category));
      const recall = (entries.length - missed.length) / entries.length;
      t.diagnostic(`recall ${category.padEnd(16)} ${(recall * 100).toFixed(1).padStart(5)} % (${entries.length - missed.length}/${entries.length})`);
      for (const e of missed) t.diagnostic(`  missed ${category}: ${e.note} -> ${describeFindings(detect(e))}`);
      if (recall < MIN_RECALL) failures.push(`${category}: ${(recall * 100).toFixed(1)} %`);
    }
    assert.deepEqual(failures, [], `recall below ${MIN_RECALL * 100} %`);
  });

  it(`flags at most ${MAX_FALSE_POSITIVE_RATE * 100} % of the benign requests`, (t) => {
    const flagged = benign.map((e) => ({ e, findings: detect(e) })).filter((r) => r.findings.length > 0);
    const rate = flagged.length / benign.length;
    t.diagnostic(`false positives ${flagged.length}/${benign.length} = ${(rate * 100).toFixed(2)} %`);
    for (const { e, findings } of flagged) t.diagnostic(`  false positive (${e.note}): ${describeFindings(findings)}`);
    assert.ok(rate <= MAX_FALSE_POSITIVE_RATE, `false-positive rate ${(rate * 100).toFixed(2)} %`);
  });
});
