import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { REDACTED, REDACTION_PATTERNS, createRedactor, escapeControlCharacters, redactSecrets } from '@secotel/sdk';

// Shape properties run without truncation; truncation has its own properties below.
const redactor = createRedactor({ maxBodyLength: 1 << 20, maxValueLength: 1 << 20 });
const limited = createRedactor();

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;

function charsFrom(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

/** Any UTF-16 code units, lone surrogates and control characters included. */
function codeUnits(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.nat({ max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength });
}

/**
 * Fragments of the very syntax the redactor looks for, so random text around a planted secret
 * can open a quote, start a header line, a key/value pair, a URL or a PEM block, or fake a marker.
 */
const TRICKY_FRAGMENTS = [
  ' ', 'a', 'Z', '7', '.', ':', '=', '"', "'", '\\', '\n', '[', ']', '@', '=>',
  'Bearer ', 'Basic ', 'password=', 'token: ', 'Authorization: ', 'Cookie: ', 'eyJ', '://',
  '-----BEGIN ', '-----END ', 'PRIVATE KEY', '4111 ', 'AKIA', 'ghp_', REDACTED, '…[truncated ', ' chars]',
];

/** Random text: any code points, mixed with ASCII and fragments of secret syntax. */
function randomText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({
    unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...TRICKY_FRAGMENTS)),
    maxLength,
  });
}

/** Characters that end a word, placed around a planted secret. */
const delimiter = fc.constantFrom(' ', '\n', '\t', '"', "'", ',', ';', '(', ')', '<', '>', ' | ');

function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function base64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

interface Planted {
  /** The text planted into random text. */
  secret: string;
  /** Parts of the secret no fragment of which may survive. */
  cores: string[];
  /** Fragment length checked: a leak of this many consecutive characters fails the property. */
  window: number;
}

const jwts = fc
  .record({
    header: fc.record({ alg: fc.constantFrom('HS256', 'RS256', 'ES256', 'EdDSA'), typ: fc.constant('JWT'), kid: fc.string({ maxLength: 12 }) }),
    payload: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 6 }),
    signature: fc.uint8Array({ minLength: 16, maxLength: 64 }),
  })
  .map(({ header, payload, signature }): Planted => {
    const token = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${base64url(signature)}`;
    return { secret: token, cores: [token], window: 8 };
  });

const cards = fc
  .record({
    length: fc.integer({ min: 13, max: 19 }),
    first: fc.integer({ min: 2, max: 9 }),
    rest: charsFrom(DIGITS, 18, 18),
    group: fc.constantFrom(0, 3, 4, 5, 6),
    separator: fc.constantFrom(' ', '-'),
  })
  .map(({ length, first, rest, group, separator }): Planted => {
    const body = String(first) + rest.slice(0, length - 2);
    const digits = body + luhnCheckDigit(body);
    const parts: string[] = [];
    for (let i = 0; group > 0 && i < digits.length; i += group) parts.push(digits.slice(i, i + group));
    const secret = group === 0 ? digits : parts.join(separator);
    return { secret, cores: [secret], window: 6 };
  });

const bearerTokens = fc
  .tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER'), charsFrom(ALNUM + '-._~+/', 20, 60), fc.constantFrom('', '=', '=='))
  .map(([scheme, token, padding]): Planted => ({ secret: `${scheme} ${token}${padding}`, cores: [token], window: 8 }));

const basicCredentials = fc
  .tuple(charsFrom(ALNUM, 1, 12), charsFrom(ALNUM + '!#%&', 8, 24))
  .map(([user, password]): Planted => {
    const encoded = Buffer.from(`${user}:${password}`).toString('base64');
    return { secret: `Basic ${encoded}`, cores: [encoded], window: 8 };
  });

const awsKeyIds = fc
  .tuple(fc.constantFrom('AKIA', 'ASIA'), charsFrom(UPPER + '234567', 16, 16))
  .map(([prefix, id]): Planted => ({ secret: prefix + id, cores: [id], window: 8 }));

const awsSecretKeys = fc
  .tuple(fc.constantFrom('aws_secret_access_key=', 'AWS_SECRET_ACCESS_KEY = ', '"aws_secret_access_key": "'), charsFrom(ALNUM + '/+', 40, 40))
  .map(([prefix, key]): Planted => ({ secret: prefix + key + (prefix.startsWith('"') ? '"' : ''), cores: [key], window: 8 }));

const pemBlocks = fc
  .record({
    label: fc.constantFrom('PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'),
    bytes: fc.uint8Array({ minLength: 48, maxLength: 400 }),
    withEnd: fc.boolean(),
  })
  .map(({ label, bytes, withEnd }): Planted => {
    const body = Buffer.from(bytes).toString('base64');
    const lines: string[] = [];
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    const end = withEnd ? `\n-----END ${label}-----` : '';
    return { secret: `-----BEGIN ${label}-----\n${lines.join('\n')}${end}`, cores: lines.filter((line) => line.length >= 8), window: 8 };
  });

const githubTokens = fc.oneof(
  fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), charsFrom(ALNUM, 36, 36)).map(([prefix, rest]): Planted => ({ secret: prefix + rest, cores: [rest], window: 8 })),
  charsFrom(ALNUM + '_', 82, 82).map((rest): Planted => ({ secret: `github_pat_${rest}`, cores: [rest], window: 8 })),
);

const vendorTokens = fc.oneof(
  fc.tuple(fc.constantFrom('xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-'), charsFrom(ALNUM + '-', 10, 60)).map(([prefix, rest]): Planted => ({ secret: prefix + rest, cores: [rest], window: 8 })),
  fc.tuple(fc.constantFrom('sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'), charsFrom(ALNUM, 24, 99)).map(([prefix, rest]): Planted => ({ secret: prefix + rest, cores: [rest], window: 8 })),
  charsFrom(ALNUM + '_-', 35, 35).map((rest): Planted => ({ secret: `AIza${rest}`, cores: [rest], window: 8 })),
  charsFrom(ALNUM, 24, 40).map((rest): Planted => ({ secret: `https://hooks.slack.com/services/${rest}`, cores: [rest], window: 8 })),
);

const keyValuePairs = fc
  .tuple(
    fc.constantFrom('password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'client_secret', 'access_token', 'user.password', 'X-Api-Key', 'newPassword'),
    fc.constantFrom('=', ': ', ' = ', '"', "'"),
    charsFrom(ALNUM + '!@#$%^*+/.-_~', 8, 30),
  )
  .map(([key, form, value]): Planted => {
    if (form === '"' || form === "'") return { secret: `${form}${key}${form}: ${form}${value}${form}`, cores: [value], window: 8 };
    return { secret: `${key}${form}${value}`, cores: [value], window: 8 };
  });

const planted = fc.oneof(jwts, cards, bearerTokens, basicCredentials, awsKeyIds, awsSecretKeys, pemBlocks, githubTokens, vendorTokens, keyValuePairs);

/**
 * The first fragment of `window` characters of a core that appears in `out`, if any. Fragments
 * that the surrounding random text or the markers contain by chance do not count.
 */
function leakedFragment(out: string, { cores, window }: Planted, surrounding: string): string | undefined {
  const innocent = `${surrounding}\u0000${REDACTED}\u0000…[truncated  chars]`;
  for (const core of cores) {
    for (let i = 0; i + window <= core.length; i++) {
      const fragment = core.slice(i, i + window);
      if (out.includes(fragment) && !innocent.includes(fragment)) return fragment;
    }
  }
  return undefined;
}

// Control characters, DEL, C1, U+2028/U+2029 and the bidirectional controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
  }
  return false;
}

const anythingDeep = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

describe('redaction properties', () => {
  it('never lets a planted secret survive anywhere in random text', () => {
    fc.assert(
      fc.property(randomText(60), delimiter, planted, delimiter, randomText(60), (before, open, secret, close, after) => {
        const out = redactor.text(before + open + secret.secret + close + after);
        const leak = leakedFragment(out, secret, before + open + close + after);
        assert.equal(leak, undefined, `leaked ${JSON.stringify(leak)} in ${JSON.stringify(out)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives numbers, addresses and versions exactly what the full scan gives (cards still redacted)', () => {
    // text() returns short digits-and-dots text without scanning it (a card needs 13 digits); the scans must agree.
    const card = fc.stringMatching(/^[0-9]{15}$/).map((body) => body + luhnCheckDigit(body));
    const piece = fc.oneof(fc.stringMatching(/^[0-9]{1,14}$/), fc.constantFrom('.', '..', ' ', '-'), card);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')), (text) => {
        assert.equal(redactor.text(text), escapeControlCharacters(redactSecrets(text)));
      }),
      { numRuns: 2000 },
    );
    assert.equal(redactor.text('203.0.113.7'), '203.0.113.7');
    assert.equal(redactor.text('1.4111111111111111'), `1.${REDACTED}`);
    assert.equal(redactor.text('4111111111111111'), REDACTED);
  });

  it('gives short text exactly what the full scans give, next to every anchor, separator and card', () => {
    // text() returns short text that no scan can match without scanning it: the pieces are the
    // first characters of every shape, alone and with their neighbours, around the 32-character
    // limit of that check.
    const piece = fc.oneof(
      charsFrom(LOWER + DIGITS + '.@/ -', 1, 6),
      fc.constantFrom(
        'e', 'ey', 'eyJ', 'A', 'AK', 'AS', 'AI', 'AKIA', 'ASIA', 'AIza', 'B', 'b', 'Be', 'ba', 'BE', 'BA',
        'Bearer ', 'basic ', 'BASIC\t', '-', '--', '-----BEGIN ', 'x', 'xo', 'xoxb-', 'h', 'ho', 'hooks.slack.com/services/',
        '_', 'ghp_', 'gh', 'github_pat_', 'sk_live_', 'rk_test_', 'whsec_', 'k_', ':', '=', '://', '\n', '\u007f', '\u0085',
        'é', '\u2028', '\ud800', '4111', ' 1111', '-1111', '1', '0',
        // Whole secrets short enough for the check.
        'eyJhbGciOiJub25lIn0.e30.', '-----BEGIN PRIVATE KEY-----MII', 'sk_live_0123456789', 'rk_test_abcdefghij', 'whsec_0123456789',
        'xoxb-0123456789', 'ghp_0123456789abcdefghij', 'github_pat_0123456789abcdefghij', 'AKIAABCDEFGHIJKLMNOP', 'Bearer abc', 'https://u:p@h',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('')), (text) => {
        assert.equal(redactor.text(text), escapeControlCharacters(redactSecrets(text)));
      }),
      { numRuns: 5000 },
    );
    assert.equal(redactor.text('user5@example.com'), 'user5@example.com');
    assert.equal(redactor.text('AKIAABCDEFGHIJKLMNOP'), REDACTED);
    assert.equal(redactor.text('ghp_' + 'a'.repeat(24)), REDACTED);
    assert.equal(redactor.text('4111-1111-1111-1111'), REDACTED);
    assert.equal(redactor.text('password=hunter2'), `password=${REDACTED}`);
  });

  it('never lets a planted secret survive redactSecrets either', () => {
    fc.assert(
      fc.property(randomText(40), delimiter, planted, delimiter, randomText(40), (before, open, secret, close, after) => {
        const out = redactSecrets(before + open + secret.secret + close + after);
        assert.equal(leakedFragment(out, secret, before + open + close + after), undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a fragment of a secret that straddles the truncation point', () => {
    fc.assert(
      fc.property(randomText(300), delimiter, planted, delimiter, randomText(40), fc.double({ min: 0, max: 1, noNaN: true }), (before, open, secret, close, after, position) => {
        const input = before + open + secret.secret + close + after;
        const max = 32 + Math.floor(position * input.length);
        const out = limited.text(input, max);
        assert.ok(out.length <= Math.max(max, 32));
        const leak = leakedFragment(out, secret, before + open + close + after);
        assert.equal(leak, undefined, `leaked ${JSON.stringify(leak)} at max ${max} in ${JSON.stringify(out)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('never outputs raw control characters, separators, bidi controls or lone surrogates', () => {
    fc.assert(
      fc.property(codeUnits(300), fc.integer({ min: 32, max: 400 }), (input, max) => {
        for (const out of [redactor.text(input), limited.text(input, max), escapeControlCharacters(input), limited.attribute('note', input) as string]) {
          assert.equal(UNSAFE.test(out), false, JSON.stringify(out));
          assert.equal(hasLoneSurrogate(out), false, JSON.stringify(out));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never exceeds the length limit', () => {
    fc.assert(
      fc.property(fc.oneof(codeUnits(3000), randomText(3000)), fc.integer({ min: -5, max: 1000 }), (input, max) => {
        assert.ok(limited.text(input, max).length <= Math.max(max, 32));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(codeUnits(200), fc.string({ unit: 'binary' }), anythingDeep, fc.integer({ min: -100, max: 100_000 }), (units, text, value, max) => {
        limited.text(units, max);
        limited.text(text);
        redactSecrets(units);
        escapeControlCharacters(units);
        limited.isSensitiveKey(units);
        limited.attribute(text, value);
        limited.attribute(units, value);
        const safe = limited.value(value);
        JSON.stringify(safe); // the result is JSON-safe: no bigints, no cycles
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent: sanitising twice gives the same result as once', () => {
    fc.assert(
      fc.property(fc.oneof(codeUnits(200), randomText(200)), (input) => {
        const once = redactor.text(input);
        assert.equal(redactor.text(once), once);
        assert.equal(redactSecrets(redactSecrets(input)), redactSecrets(input));
        assert.equal(escapeControlCharacters(escapeControlCharacters(input)), escapeControlCharacters(input));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on truncated text too', () => {
    fc.assert(
      fc.property(randomText(200), delimiter, planted, randomText(100), fc.integer({ min: 32, max: 300 }), (before, open, secret, after, max) => {
        const once = limited.text(before + open + secret.secret + after, max);
        assert.equal(limited.text(once, max), once);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the closing quote of a sensitive value whose private key runs past it, so a second pass reads the same', () => {
    // Found by the property above (seed -1271032281): the key's body ran on to the END line after
    // the quote, took the quote with it, and the second pass read an unclosed value to the end.
    const key = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}`;
    assert.equal(limited.text(`token: "${key}"-----END `, 110), 'token: "[REDACTED]"-----END ');
    assert.equal(limited.text(`token: "${key}"`), 'token: "[REDACTED]"');
    // Key material past the quote is still removed, and the quote stays.
    assert.equal(limited.text(`token: "${key}"BBBB\n-----END PRIVATE KEY-----`), 'token: "[REDACTED]"[REDACTED]\\n-----END PRIVATE KEY-----'); // the line break escaped
    fc.assert(
      fc.property(
        fc.constantFrom('token', 'password', 'secret', 'api_key'),
        fc.constantFrom(': ', '=', ': ', '= '),
        fc.constantFrom('"', "'", '`'),
        fc.stringMatching(/^[A-Za-z0-9+/]{1,80}$/),
        fc.constantFrom('', ' ', '\n', 'BBBB', 'BBBB\n'),
        fc.constantFrom('-----END ', '-----END PRIVATE KEY-----', '', ' tail'),
        fc.integer({ min: 32, max: 300 }),
        (name, separator, quote, body, past, end, max) => {
          const once = limited.text(`${name}${separator}${quote}-----BEGIN PRIVATE KEY-----\n${body}${quote}${past}${end}`, max);
          assert.equal(limited.text(once, max), once);
          assert.ok(!once.includes(body.length >= 8 ? body : '\u0000'), once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never mutates the value it redacts', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        limited.value(value);
        limited.attribute('payload', value);
        assert.equal(JSON.stringify(value), before);
      }),
      { numRuns: 300 },
    );
  });

  it('redacts every member with a sensitive key, at any depth', () => {
    const sensitiveKey = fc.constantFrom('password', 'token', 'apiKey', 'client_secret', 'Set-Cookie');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'items'), { maxLength: 5 }), sensitiveKey, fc.jsonValue(), (path, key, secret) => {
        let value: unknown = { [key]: secret };
        for (const name of path) value = { [name]: value };
        let out = limited.value(value) as Record<string, unknown>;
        for (const name of [...path].reverse()) out = out[name] as Record<string, unknown>;
        assert.equal(out[key], REDACTED);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ReDoS guard', () => {
  // A quadratic scan of 64 KiB takes seconds; every one of these takes milliseconds. The bound is
  // deliberately generous: this guards against catastrophic backtracking, it is not a benchmark.
  const SIZE = 64 * 1024;
  const unbounded = createRedactor({ maxBodyLength: 1 << 20, maxValueLength: 1 << 20 });
  const adversarial: Record<string, string> = {
    'eyJ repeated': 'eyJ'.repeat(SIZE / 3),
    'eyJ run without a dot': 'eyJ' + 'a'.repeat(SIZE),
    'eyJ run ending in a dot': 'eyJ' + 'eyJa'.repeat(SIZE / 4) + '.',
    'dots in a JWT run': 'eyJ' + 'a.'.repeat(SIZE / 2),
    '-----BEGIN repeated': '-----BEGIN '.repeat(SIZE / 11),
    'private key headers without END': '-----BEGIN RSA PRIVATE KEY-----'.repeat(SIZE / 31),
    'PRIVATE KEY words': '-----BEGIN ' + 'PRIVATE KEY '.repeat(SIZE / 12),
    'Bearer repeated': 'Bearer '.repeat(SIZE / 7),
    'Bearer with blanks': 'Bearer' + ' '.repeat(SIZE) + '!',
    'Basic with a long base64 run': 'Basic ' + 'QUFB'.repeat(SIZE / 4),
    'spaced digits': '4 '.repeat(SIZE / 2),
    'dashed digits': '4-'.repeat(SIZE / 2),
    'digits': '4'.repeat(SIZE),
    'card groups': '4111 '.repeat(SIZE / 5),
    'a= repeated': 'a='.repeat(SIZE / 2),
    'password= repeated': 'password='.repeat(SIZE / 9),
    'password glued': 'password'.repeat(SIZE / 8) + '=x',
    'quoted keys': '"password":"'.repeat(SIZE / 12),
    'colons': ':'.repeat(SIZE),
    'scheme separators': '://'.repeat(SIZE / 3),
    'userinfo without @': 'https://' + 'a:b'.repeat(SIZE / 3),
    'percent signs': '%'.repeat(SIZE),
    'backslashes': '\\'.repeat(SIZE),
    'AKIA repeated': 'AKIA'.repeat(SIZE / 4),
    'token prefixes': 'ghp_xoxb-sk_live_AIza'.repeat(SIZE / 21),
    'slack webhook path': 'hooks.slack.com/services/' + 'a/'.repeat(SIZE / 2),
    'control characters': '\u0000\n\u2028'.repeat(SIZE / 3),
    'surrogates': '\ud800'.repeat(SIZE),
    'word characters': 'a'.repeat(SIZE),
    'values that start the next pair': 'password= '.repeat(SIZE / 10),
    'nested pairs in one value': 'password=' + 'token='.repeat(SIZE / 6),
    'header lines holding key headers': 'Cookie: -----BEGIN PRIVATE KEY-----\n'.repeat(SIZE / 36),
    'a long URL password': '://user:' + 'p'.repeat(SIZE) + '@host',
    'URL passwords holding pairs': '://u:password=x@'.repeat(SIZE / 16),
    'bearer tokens holding key headers': 'Bearer -----BEGIN '.repeat(SIZE / 18),
    'a JWT behind a long glued run': 'eyJx'.repeat(SIZE / 4) + 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    'JWT headers without payloads': 'eyJhbGciOiJIUzI1NiJ9.'.repeat(SIZE / 21),
  };
  for (const [name, input] of Object.entries(adversarial)) {
    it(`handles 64 KiB of ${name} in linear time`, () => {
      const started = performance.now();
      unbounded.text(input);
      redactSecrets(input);
      limited.text(input);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1000, `${name}: ${elapsed.toFixed(0)} ms`);
      if (process.env.SECOTEL_REDOS_TIMES) process.stdout.write(`# ${name}: ${elapsed.toFixed(1)} ms\n`);
    });
  }
});

describe('linear-time patterns', () => {
  it('exports every pattern it uses', () => {
    assert.ok(REDACTION_PATTERNS.length >= 10);
    for (const pattern of REDACTION_PATTERNS) assert.ok(pattern instanceof RegExp);
  });

  it("compiles every pattern with V8's linear-time engine", () => {
    const patterns = REDACTION_PATTERNS.map((pattern) => ({ source: pattern.source, flags: pattern.flags }));
    const script = `
      const patterns = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      const failures = [];
      for (const { source, flags } of patterns) {
        try { new RegExp(source, flags + 'l'); } catch (error) { failures.push(source + ': ' + error.message); }
      }
      process.stdout.write(JSON.stringify({ checked: patterns.length, failures }));
    `;
    const child = spawnSync(process.execPath, ['--enable-experimental-regexp-engine', '-e', script], {
      input: JSON.stringify(patterns),
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as { checked: number; failures: string[] };
    assert.deepEqual(result.failures, []);
    assert.equal(result.checked, REDACTION_PATTERNS.length);
  });

  it('rejects a backtracking pattern in the same check, so the check is meaningful', () => {
    const child = spawnSync(process.execPath, ['--enable-experimental-regexp-engine', '-e', "new RegExp('(a+)+\\\\1', 'l')"], { encoding: 'utf8', timeout: 30_000 });
    assert.notEqual(child.status, 0);
  });
});
