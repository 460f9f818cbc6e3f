import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CHAIN_ENCODING_VERSION,
  canonicalChainInput,
  chainCheckpointStatement,
  chainEventId,
  chainKeyFromFile,
  chainPositionOf,
  chainPositionOfRecord,
} from '@secotel/semconv';
import type { ChainRecordFields, ChainValue } from '@secotel/semconv';

const base: ChainRecordFields = {
  eventName: 'security.authn_login_fail',
  timeUnixNano: '1732640133123000000',
  severityNumber: 13,
  severityText: 'WARN',
  body: 'Failed login',
  attributes: {},
};

function withAttributes(attributes: Record<string, ChainValue>, overrides: Partial<ChainRecordFields> = {}): string {
  return canonicalChainInput('', { ...base, ...overrides, attributes });
}

describe('canonicalChainInput', () => {
  it('is a JSON array of the version, the previous value, the record fields and the sorted attributes', () => {
    const text = canonicalChainInput('ab12', {
      ...base,
      attributes: { 'user.id': 'alice', 'security.event.id': 's:7', 'client.address': '10.0.0.1', 'security.chain.hmac': 'ignored' },
    });
    assert.equal(
      text,
      '["secotel-chain/1","ab12","security.authn_login_fail","1732640133123000000",13,"WARN","Failed login",' +
        '[["client.address","10.0.0.1"],["security.event.id","s:7"],["user.id","alice"]]]',
    );
    assert.equal(JSON.parse(text)[0], CHAIN_ENCODING_VERSION);
  });

  it('does not depend on the order the attributes were set in', () => {
    assert.equal(withAttributes({ b: 1, a: 'x', 'a.b': true }), withAttributes({ 'a.b': true, a: 'x', b: 1 }));
  });

  it('sorts integer-like keys as strings, not in JavaScript property order', () => {
    assert.match(withAttributes({ b: 1, '10': 2, '9': 3 }), /\[\["10",2\],\["9",3\],\["b",1\]\]/);
  });

  it('leaves out security.event.name when it repeats the event name, as the shipped collector adds it', () => {
    assert.equal(withAttributes({ 'security.event.name': 'security.authn_login_fail' }), withAttributes({}));
    assert.notEqual(withAttributes({ 'security.event.name': 'security.authz_fail' }), withAttributes({}));
  });

  it('encodes numbers as the OTLP JSON round trip leaves them', () => {
    assert.equal(withAttributes({ n: -0 }), withAttributes({ n: 0 }));
    // The JSON exporter writes NaN as null; the protobuf path keeps it and the collector writes "NaN".
    assert.equal(withAttributes({ n: Number.NaN }), withAttributes({ n: Number.POSITIVE_INFINITY }));
    assert.equal(withAttributes({ n: Number.NaN }), withAttributes({ n: null }));
    // int64 beyond 2^53: the JavaScript number and the collector's exact decimal, read back as a number.
    assert.equal(withAttributes({ n: 2 ** 62 + 1024 }), withAttributes({ n: Number('4611686018427388928') }));
    assert.equal(withAttributes({ n: 0.1 }), withAttributes({ n: Number('0.1') }));
  });

  it('keeps types apart', () => {
    assert.notEqual(withAttributes({ v: 1 }), withAttributes({ v: '1' }));
    assert.notEqual(withAttributes({ v: true }), withAttributes({ v: 'true' }));
    assert.notEqual(withAttributes({ v: '' }), withAttributes({ v: null }));
    assert.notEqual(withAttributes({ v: [] }), withAttributes({ v: '' }));
    assert.notEqual(withAttributes({ v: ['a', 'b'] }), withAttributes({ v: 'a,b' }));
  });

  it('skips undefined attributes like the OpenTelemetry SDK does', () => {
    assert.equal(withAttributes({ gone: undefined, kept: 'x' }), withAttributes({ kept: 'x' }));
  });

  it('turns unpaired surrogates into U+FFFD, as every OTLP encoder does', () => {
    assert.equal(withAttributes({ s: 'a\ud800b' }), withAttributes({ s: 'a\ufffdb' }));
    assert.equal(withAttributes({}, { body: '\udc00' }), withAttributes({}, { body: '\ufffd' }));
    assert.notEqual(withAttributes({ s: '😀' }), withAttributes({ s: '\ufffd\ufffd' }));
  });

  it('encodes an absent body like an empty one', () => {
    assert.equal(withAttributes({}, { body: undefined }), withAttributes({}, { body: '' }));
    assert.equal(withAttributes({}, { body: null }), withAttributes({}, { body: '' }));
  });

  it('encodes bytes and key-value lists unambiguously and without regard to map order', () => {
    assert.match(withAttributes({ b: new Uint8Array([0, 255]) }), /\["b",\{"bytes":"AP8="\}\]/);
    assert.equal(withAttributes({ m: { y: 1, x: 'a' } }), withAttributes({ m: { x: 'a', y: 1 } }));
    assert.notEqual(withAttributes({ m: { bytes: 'AP8=' } }), withAttributes({ m: new Uint8Array([0, 255]) }));
  });

  it('covers the previous chain value, the time and the severity', () => {
    const one = canonicalChainInput('aa', base);
    assert.notEqual(one, canonicalChainInput('ab', base));
    assert.notEqual(one, canonicalChainInput('aa', { ...base, timeUnixNano: '1732640133124000000' }));
    assert.notEqual(one, canonicalChainInput('aa', { ...base, severityNumber: 17 }));
    assert.notEqual(one, canonicalChainInput('aa', { ...base, severityText: 'CRITICAL' }));
  });

  // Well-formed strings: unpaired surrogates are covered above.
  const text = fc.string({ unit: 'grapheme' });
  const scalar = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  const value: fc.Arbitrary<ChainValue> = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }));
  const record = fc.record({
    eventName: text,
    timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
    severityNumber: fc.integer({ min: 0, max: 24 }),
    severityText: text,
    body: text,
    attributes: fc.dictionary(text, value, { maxKeys: 6 }),
  });
  const plain = (v: ChainValue): unknown => JSON.parse(JSON.stringify(v ?? null));

  it('is valid JSON that reads back as what it encodes, so distinct records never share an encoding', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{0,64}$/), record, (previous, fields) => {
        const encoded = canonicalChainInput(previous, fields);
        const keys = Object.keys(fields.attributes).filter((key) => key !== 'security.chain.hmac').sort();
        assert.deepEqual(JSON.parse(encoded), [
          CHAIN_ENCODING_VERSION,
          previous,
          fields.eventName,
          fields.timeUnixNano,
          fields.severityNumber,
          fields.severityText,
          fields.body,
          keys.map((key) => [key, plain(fields.attributes[key])]),
        ]);
        // Concatenated encodings split back into records: a JSON array ends where it closes.
        assert.equal((JSON.parse(`[${encoded},${encoded}]`) as unknown[]).length, 2);
      }),
    );
  });
});

describe('canonicalChainInput against the specification, literally', () => {
  // The README's definition, as JSON.stringify of the structure; the implementation builds the
  // same text by concatenation for speed.
  const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\ufffd');
  const normalise = (v: ChainValue): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return wellFormed(v);
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return (v as ChainValue[]).map(normalise);
    if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('base64') };
    const map = v as Record<string, ChainValue>;
    return { kvlist: Object.keys(map).sort().filter((k) => map[k] !== undefined).map((k) => [wellFormed(k), normalise(map[k])]) };
  };
  const reference = (previous: string, r: ChainRecordFields): string => {
    const keys = Object.keys(r.attributes)
      .sort()
      .filter((k) => k !== 'security.chain.hmac' && r.attributes[k] !== undefined && !(k === 'security.event.name' && r.attributes[k] === r.eventName));
    return JSON.stringify([
      CHAIN_ENCODING_VERSION,
      wellFormed(previous),
      wellFormed(r.eventName),
      r.timeUnixNano,
      r.severityNumber,
      wellFormed(r.severityText),
      r.body === null || r.body === undefined ? '' : normalise(r.body),
      keys.map((k) => [wellFormed(k), normalise(r.attributes[k])]),
    ]);
  };
  const anyText = fc.string({ unit: 'binary' });
  const scalar = fc.oneof(anyText, fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const leaf: fc.Arbitrary<ChainValue> = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.uint8Array({ maxLength: 8 }));
  const value: fc.Arbitrary<ChainValue> = fc.oneof(leaf, fc.dictionary(anyText, leaf, { maxKeys: 3 }));

  it('produces exactly the text of the definition', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.record({
          eventName: fc.oneof(anyText, fc.constant('security.x')),
          timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
          severityNumber: fc.integer({ min: 0, max: 24 }),
          severityText: anyText,
          body: value,
          attributes: fc.dictionary(fc.oneof(anyText, fc.constantFrom('security.chain.hmac', 'security.event.name')), value, { maxKeys: 8 }),
        }),
        (previous, fields) => assert.equal(canonicalChainInput(previous, fields), reference(previous, fields)),
      ),
      { numRuns: 500 },
    );
  });
});

describe('chainCheckpointStatement', () => {
  it('lists what the signature covers in a fixed order', () => {
    assert.equal(
      chainCheckpointStatement({ stream: 's', firstSeq: 1, lastSeq: 9, head: 'h', digest: 'd', final: true, timeUnixNano: '5000000' }),
      '["secotel-chain-checkpoint/1","s",1,9,"h","d",true,"5000000"]',
    );
  });
});

describe('chainKeyFromFile', () => {
  it('drops trailing newlines and blanks only', () => {
    const key = (text: string) => Buffer.from(chainKeyFromFile(Buffer.from(text))).toString();
    assert.equal(key('abc\n'), 'abc');
    assert.equal(key('abc\r\n'), 'abc');
    assert.equal(key('abc \t\n\n'), 'abc');
    assert.equal(key(' abc'), ' abc');
    assert.equal(key('a b\n'), 'a b');
  });
});

describe('chain positions in security.event.id', () => {
  it('writes <stream>:<seq> and reads it back, for any stream and any position', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (stream, seq) => {
        assert.deepEqual(chainPositionOf(chainEventId(stream, seq)), { stream, seq });
      }),
    );
  });

  it('reads no position from an id the chain did not write', () => {
    const stream = '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f';
    const notPositions: unknown[] = [
      stream, // a UUID: an id written with the chain off
      `${stream}:0`,
      `${stream}:012`,
      `${stream}:-3`,
      `${stream}:3.0`,
      `${stream}:3 `,
      `${stream}:1e3`,
      `${stream}:`,
      ':12',
      `${stream}:${'9'.repeat(17)}`,
      `${stream}:${Number.MAX_SAFE_INTEGER + 1}`,
      '',
      12,
      null,
      undefined,
    ];
    for (const id of notPositions) assert.equal(chainPositionOf(id), undefined, String(id));
    assert.deepEqual(chainPositionOf(`${stream}:${Number.MAX_SAFE_INTEGER}`), { stream, seq: Number.MAX_SAFE_INTEGER });
  });
});

describe('chainPositionOfRecord', () => {
  it('reads the id first, and the stream and seq attributes of records written before the position moved into it', () => {
    assert.deepEqual(chainPositionOfRecord({ 'security.event.id': 's:4' }), { stream: 's', seq: 4 });
    assert.deepEqual(chainPositionOfRecord({ 'security.event.id': 's:4', 'security.chain.stream': 'old', 'security.chain.seq': 9 }), { stream: 's', seq: 4 });
    const legacy = { 'security.event.id': '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f', 'security.chain.stream': 'old' };
    assert.deepEqual(chainPositionOfRecord({ ...legacy, 'security.chain.seq': 9 }), { stream: 'old', seq: 9 });
    assert.deepEqual(chainPositionOfRecord({ ...legacy, 'security.chain.seq': '9' }), { stream: 'old', seq: 9 }, 'int64 as a string');
    for (const seq of [0, -1, 1.5, '09', 'x', true, undefined]) assert.equal(chainPositionOfRecord({ ...legacy, 'security.chain.seq': seq }), undefined, String(seq));
    assert.equal(chainPositionOfRecord({ 'security.chain.stream': '', 'security.chain.seq': 1 }), undefined);
    assert.equal(chainPositionOfRecord({ 'security.event.id': '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f' }), undefined);
  });
});
