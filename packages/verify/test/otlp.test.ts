import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { decodeAnyValue, decodeLogsRequest, parseJsonLine, readLines } from '@secotel/verify';
import type { InputLine } from '@secotel/verify';

async function lines(chunks: readonly string[], max?: number): Promise<InputLine[]> {
  const out: InputLine[] = [];
  for await (const line of readLines(Readable.from(chunks.map((c) => Buffer.from(c))), max)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('splits on LF and CRLF across chunk boundaries, numbering lines and skipping blank ones', async () => {
    assert.deepEqual(await lines(['a\r', '\nb', 'c\n\n', 'd']), [
      { line: 1, text: 'a' },
      { line: 2, text: 'bc' },
      { line: 4, text: 'd' },
    ]);
  });

  it('reports a line longer than the cap instead of holding it', async () => {
    assert.deepEqual(await lines(['short\n', 'x'.repeat(10), 'y'.repeat(10), '\nok\n'], 15), [
      { line: 1, text: 'short' },
      { line: 2, tooLong: true },
      { line: 3, text: 'ok' },
    ]);
  });
});

describe('parseJsonLine', () => {
  it('keeps the exact digits of integers beyond 2^53', () => {
    assert.deepEqual(parseJsonLine('{"t":1732640133123000001,"n":5,"d":0.5,"e":1e300}'), { t: '1732640133123000001', n: 5, d: 0.5, e: 1e300 });
  });
});

describe('decodeAnyValue', () => {
  it('reads what the JavaScript exporter and the collector write alike', () => {
    assert.equal(decodeAnyValue({ intValue: 5 }), 5);
    assert.equal(decodeAnyValue({ intValue: '5' }), 5);
    assert.equal(decodeAnyValue({ intValue: '4611686018427388928' }), 2 ** 62 + 1024);
    assert.equal(decodeAnyValue({ doubleValue: 0.1 }), 0.1);
    assert.ok(Number.isNaN(decodeAnyValue({ doubleValue: 'NaN' })));
    assert.ok(Number.isNaN(decodeAnyValue({ doubleValue: null })));
    assert.equal(decodeAnyValue({ doubleValue: '-Infinity' }), Number.NEGATIVE_INFINITY);
    assert.equal(decodeAnyValue({ stringValue: '' }), '');
    assert.equal(decodeAnyValue({ boolValue: false }), false);
    assert.deepEqual(decodeAnyValue({ arrayValue: {} }), []);
    assert.deepEqual(decodeAnyValue({ arrayValue: { values: [] } }), []);
    assert.deepEqual(decodeAnyValue({ arrayValue: { values: [{ stringValue: 'a' }, {}] } }), ['a', null]);
    assert.deepEqual(decodeAnyValue({ kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] } }), { k: 1 });
    assert.deepEqual(decodeAnyValue({ bytesValue: 'AP8=' }), new Uint8Array([0, 255]));
    assert.equal(decodeAnyValue({}), null);
    assert.equal(decodeAnyValue(undefined), null);
  });
});

describe('decodeLogsRequest', () => {
  const request = (logRecords: unknown[]) => ({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeLogs: [{ logRecords }] }] });

  it('pulls out the chain position (from security.event.id) and HMAC, and fills in omitted zero values', () => {
    const { records, skipped } = decodeLogsRequest(
      request([
        {
          eventName: 'security.authz_fail',
          attributes: [
            { key: 'security.event.id', value: { stringValue: 's:3' } },
            { key: 'security.chain.hmac', value: { stringValue: 'ab' } },
          ],
        },
        { eventName: 'app.log', attributes: [] },
        // Not a security event, not chained: skipped, whatever its id looks like.
        { eventName: 'app.log', attributes: [{ key: 'security.event.id', value: { stringValue: 'no-position' } }] },
      ]),
      'f',
      7,
    );
    assert.equal(skipped, 2);
    assert.equal(records.length, 1);
    const [record] = records;
    assert.equal(record?.stream, 's');
    assert.equal(record?.seq, 3);
    assert.equal(record?.hmac, 'ab');
    assert.equal(record?.timeUnixNano, '0');
    assert.equal(record?.severityNumber, 0);
    assert.equal(record?.severityText, '');
    assert.equal(record?.service, 'svc');
    assert.deepEqual(record?.source, { file: 'f', line: 7 });
  });

  it('reads the stream and seq attributes of records written before the position moved into the id', () => {
    const { records } = decodeLogsRequest(
      request([
        {
          eventName: 'security.authz_fail',
          attributes: [
            { key: 'security.event.id', value: { stringValue: '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f' } },
            { key: 'security.chain.stream', value: { stringValue: 's' } },
            { key: 'security.chain.seq', value: { intValue: '3' } },
          ],
        },
      ]),
      'f',
      1,
    );
    assert.equal(records[0]?.stream, 's');
    assert.equal(records[0]?.seq, 3);
  });

  it('keeps a security record whose id names no chain position, without one (verify reports it as unchained)', () => {
    const { records, skipped } = decodeLogsRequest(
      request([{ eventName: 'security.authz_fail', attributes: [{ key: 'security.event.id', value: { stringValue: '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f' } }] }]),
      'f',
      1,
    );
    assert.equal(skipped, 0);
    assert.equal(records[0]?.stream, undefined);
    assert.equal(records[0]?.seq, undefined);
  });

  it('accepts severity numbers written as enum names, and notes duplicated attribute keys', () => {
    const { records } = decodeLogsRequest(
      request([{ eventName: 'security.x', severityNumber: 'SEVERITY_NUMBER_WARN', timeUnixNano: '0012', attributes: [{ key: 'a', value: {} }, { key: 'a', value: {} }] }]),
      'f',
      1,
    );
    assert.equal(records[0]?.severityNumber, 13);
    assert.equal(records[0]?.timeUnixNano, '12');
    assert.deepEqual(records[0]?.duplicateKeys, ['a']);
  });
});
