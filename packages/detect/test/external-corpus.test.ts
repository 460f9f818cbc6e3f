// Recall and false positives on third-party data: the dev half of a corpus converted from the OWASP
// CRS regression tests, the libinjection test data, HttpParamsDataset and CSIC 2010 normal traffic
// (../shared/corpora/external-dev beside the repo; never copied into it). Skipped where it is absent.
// Prints recall per category and per source and the false-positive rate, at the default level and
// at levels 2 and 3, and fails below the floors: the figures the README quotes, less a small margin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDetector } from '@secotel/detect';
import { externalCorpusPresent, formatScore, percent, readExternal, score } from './support/externalCorpus.ts';

const present = externalCorpusPresent();
const skip = present ? false : 'the external corpus is not beside the repo (../shared/corpora/external-dev)';

/** Per-category recall floors at level 1 (categories with few records must find them all). */
const MIN_RECALL: Record<string, number> = {
  sqli: 0.9, xss: 0.9, cmdi: 0.9, path_traversal: 0.9, ssrf: 0.9, crlf: 0.9, jndi: 0.9,
  nosqli: 1, proto_pollution: 1, scanner: 1,
};
const MAX_FALSE_POSITIVE_RATE = 0.001;

describe('third-party dev set', { skip }, () => {
  const attacks = present ? readExternal('attacks') : [];
  const benign = present ? readExternal('benign') : [];

  it('finds the attacks of every category at level 1, with few false positives', (t) => {
    const s = score((r) => createDetector().detect(r), attacks, benign);
    for (const line of formatScore(s)) t.diagnostic(line);
    for (const { record, findings } of s.falsePositives) {
      t.diagnostic(`  false positive ${record.id}: ${findings.map((f) => `${f.rule.id} at ${f.location}: ${JSON.stringify(f.fragment.slice(0, 80))}`).join('; ')}`);
    }
    const below: string[] = [];
    for (const [category, counts] of s.byCategory) {
      const floor = MIN_RECALL[category];
      assert.ok(floor !== undefined, `no recall floor for category ${category}`);
      if (counts[0] / counts[1] < floor) below.push(`${category} ${percent(counts)} < ${floor * 100} %`);
    }
    assert.deepEqual(below, []);
    const rate = s.falsePositives.length / s.benignTotal;
    assert.ok(rate <= MAX_FALSE_POSITIVE_RATE, `false-positive rate ${(rate * 100).toFixed(2)} % > ${MAX_FALSE_POSITIVE_RATE * 100} %`);
  });

  it('finds at least as much at levels 2 and 3 as at level 1', (t) => {
    let previous = -1;
    for (const level of [1, 2, 3] as const) {
      const detector = createDetector({ level });
      const s = score((r) => detector.detect(r), attacks, benign);
      const found = attacks.length - s.missed.length;
      t.diagnostic(`level ${level}: recall ${percent([found, attacks.length])}, false positives ${s.falsePositives.length}/${s.benignTotal}`);
      assert.ok(found >= previous, `level ${level} finds fewer attacks than level ${level - 1}`);
      previous = found;
    }
  });

  it('reports the Node.js code-injection and template-injection probes kept apart (not gated)', (t) => {
    const s = score((r) => createDetector().detect(r), readExternal('extra'), []);
    for (const line of formatScore(s).slice(0, s.byCategory.size)) t.diagnostic(line);
    assert.ok(s.byCategory.size > 0);
  });
});
