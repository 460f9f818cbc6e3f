import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SENSITIVE_KEYS, REDACTED, createRedactor, escapeControlCharacters, redactSecrets } from '@secotel/sdk';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GITHUB_TOKEN = 'ghp_' + 'R8xk2Lq9ZpWm4Tn7Vb3Yc6Hd1Jf5Gs0Ae2Ku';
const PEM_BODY = 'MIIEowIBAAKCAQEAx0Fv3Qy1Zc8mR2pL\nk9Vt4Wb7Yn3Hs6Jd1Gf5Ae2KuR8xk2Lq9Zp';
const PRIVATE_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`;

const redactor = createRedactor();

describe('isSensitiveKey', () => {
  it('matches every default sensitive key', () => {
    for (const key of DEFAULT_SENSITIVE_KEYS) assert.equal(redactor.isSensitiveKey(key), true, key);
  });

  it('matches by the last dotted segment, case-insensitively, with dashes and underscores alike', () => {
    for (const key of [
      'user.password',
      'db.password',
      'http.request.header.authorization',
      'HTTP.REQUEST.HEADER.SET-COOKIE',
      'http.response.header.set_cookie',
      'X-Api-Key',
      'x_api_key',
      'rpc.grpc.request.metadata.authorization',
    ]) {
      assert.equal(redactor.isSensitiveKey(key), true, key);
    }
  });

  it('matches compound keys with a sensitive word as a whole component', () => {
    for (const key of [
      'new_password',
      'passwordConfirm',
      'password2',
      'user_token',
      'apiKey',
      'APIKey',
      'sessionId',
      'session.id',
      'oauth.refreshToken',
      'http.request.header.x-csrf-token',
      'aws_secret_access_key',
    ]) {
      assert.equal(redactor.isSensitiveKey(key), true, key);
    }
  });

  it('matches glued lower-case names that end with password, secret, token or apikey', () => {
    for (const key of ['clientsecret', 'accesstoken', 'newpassword', 'xapikey']) {
      assert.equal(redactor.isSensitiveKey(key), true, key);
    }
  });

  it('does not match keys where a sensitive word is only part of another word', () => {
    for (const key of [
      'tokens_used',
      'tokens_used_count',
      'gen_ai.usage.input_tokens',
      'classname',
      'possession',
      'secretary',
      'user.id',
      'http.route',
      'keyboard.layout',
      'session_',
      '',
    ]) {
      assert.equal(redactor.isSensitiveKey(key), key === 'session_', key);
    }
  });

  it('never matches an allowed key, compared like sensitive keys', () => {
    const allowing = createRedactor({ allowKeys: ['session.id'] });
    assert.equal(allowing.isSensitiveKey('session.id'), false);
    assert.equal(allowing.isSensitiveKey('SESSION.ID'), false);
    assert.equal(allowing.isSensitiveKey('session'), true);
    assert.equal(allowing.isSensitiveKey('session.token'), true);
    assert.equal(redactor.isSensitiveKey('session.id'), true);
  });

  it('adds configured sensitive keys to the defaults', () => {
    const custom = createRedactor({ sensitiveKeys: ['pin', 'X-Internal-Auth'] });
    assert.equal(custom.isSensitiveKey('user.pin'), true);
    assert.equal(custom.isSensitiveKey('x_internal_auth'), true);
    assert.equal(custom.isSensitiveKey('http.request.header.x-internal-auth'), true);
    assert.equal(custom.isSensitiveKey('password'), true);
    assert.equal(custom.isSensitiveKey('pinned'), false);
    assert.equal(redactor.isSensitiveKey('user.pin'), false);
  });
});

describe('redaction of secrets recognised by shape', () => {
  it('redacts a bearer token inside the message', () => {
    assert.equal(redactor.text('call failed with Bearer abc123.def-456_ghi~jk+l/m= from client'), `call failed with Bearer ${REDACTED} from client`);
    assert.equal(redactor.text('bearer tok3n_value'), `bearer ${REDACTED}`);
  });

  it('keeps bearer challenges and prose that only mention the scheme', () => {
    for (const text of ['WWW-Authenticate: Bearer realm="api", error="invalid_token"', 'Bearer token missing', 'Bearer authentication failed']) {
      assert.equal(redactor.text(text), text);
    }
  });

  it('redacts Basic credentials but not the word basic in prose', () => {
    assert.equal(redactor.text('header Basic dXNlcjpodW50ZXIy sent'), `header Basic ${REDACTED} sent`);
    assert.equal(redactor.text('Basic information about Basic auth'), 'Basic information about Basic auth');
  });

  it('redacts a JWT anywhere in text and keeps the surrounding punctuation', () => {
    assert.equal(redactor.text(`token ${JWT}.`), `token ${REDACTED}.`);
    assert.equal(redactor.text(`("${JWT}")`), `("${REDACTED}")`);
    assert.equal(redactor.text(`https://app.example/cb#id_token=${JWT}&state=1`), `https://app.example/cb#id_token=${REDACTED}&state=1`);
  });

  it('redacts a JWT glued to the text before it', () => {
    assert.equal(redactor.text(`xeyJab${JWT}`), `xeyJab${REDACTED}`);
    assert.equal(redactor.text(`id:x${JWT}`), `id:x${REDACTED}`);
  });

  it('does not take identifiers containing eyJ for JWTs', () => {
    for (const text of ['keyJson.parse(body)', 'monkeyJump.txt', 'surveyJs.version=3']) {
      assert.equal(redactor.text(text), text);
    }
  });

  it('redacts AWS access key ids and secret access keys', () => {
    assert.equal(redactor.text('using AKIAIOSFODNN7EXAMPLE now'), `using ${REDACTED} now`);
    assert.equal(redactor.text('temporary ASIAY34FZKBOKMUTVV7A'), `temporary ${REDACTED}`);
    assert.equal(
      redactor.text('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY region=eu-west-1'),
      `aws_secret_access_key=${REDACTED} region=eu-west-1`,
    );
    assert.equal(redactor.text('AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"'), `AWS_SECRET_ACCESS_KEY: "${REDACTED}"`);
  });

  it('redacts the body of a PEM private key and keeps its armour lines', () => {
    assert.equal(
      redactor.text(`key:\n${PRIVATE_KEY}\ndone`),
      `key:\\n-----BEGIN RSA PRIVATE KEY-----\\n${REDACTED}\\n-----END RSA PRIVATE KEY-----\\ndone`,
    );
    assert.equal(redactSecrets(PRIVATE_KEY.replace(/\n/g, '\\n')), `-----BEGIN RSA PRIVATE KEY-----\\n${REDACTED}\\n-----END RSA PRIVATE KEY-----`);
    for (const label of ['PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      const out = redactSecrets(`-----BEGIN ${label}-----\n${PEM_BODY}\n-----END ${label}-----`);
      assert.equal(out.includes('MIIEow'), false, label);
    }
  });

  it('redacts a PEM private key that has no END line', () => {
    assert.equal(redactor.text(`oops -----BEGIN PRIVATE KEY-----\n${PEM_BODY}`), `oops -----BEGIN PRIVATE KEY-----\\n${REDACTED}`);
  });

  it('keeps certificates and public keys', () => {
    const certificate = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    assert.equal(redactSecrets(certificate), certificate);
  });

  it('redacts GitHub tokens of every kind', () => {
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
      const token = prefix + GITHUB_TOKEN.slice(4);
      assert.equal(redactor.text(`push with ${token} ok`), `push with ${REDACTED} ok`, prefix);
    }
    const fineGrained = 'github_pat_11ABCDEFG0123456789abc_' + 'x'.repeat(59);
    assert.equal(redactor.text(`pat ${fineGrained}`), `pat ${REDACTED}`);
  });

  it('redacts Slack tokens and the secret path of Slack webhook URLs', () => {
    for (const prefix of ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-']) {
      assert.equal(redactor.text(`slack ${prefix}1234567890-0987654321-AbCdEfGhIj`), `slack ${REDACTED}`, prefix);
    }
    assert.equal(
      redactor.text('posting to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX failed'),
      `posting to https://hooks.slack.com/services/${REDACTED} failed`,
    );
  });

  it('redacts Stripe secret and restricted keys and webhook secrets but not publishable keys', () => {
    for (const key of ['sk_live_51H8xYzAbCdEfGh12345678', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'rk_live_51H8xYzAbCdEfGh1234', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']) {
      assert.equal(redactor.text(`stripe ${key}`), `stripe ${REDACTED}`, key);
    }
    assert.equal(redactor.text('pk_live_51H8xYzAbCdEfGh12345678'), 'pk_live_51H8xYzAbCdEfGh12345678');
  });

  it('redacts Google API keys', () => {
    assert.equal(redactor.text('maps key AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q used'), `maps key ${REDACTED} used`);
  });

  it('redacts the password in the userinfo of a URL and keeps the user name', () => {
    assert.equal(redactor.text('connecting to postgres://app:s3cr3t@db.internal:5432/app'), `connecting to postgres://app:${REDACTED}@db.internal:5432/app`);
    assert.equal(redactor.text('https://example.com:8443/path?q=1'), 'https://example.com:8443/path?q=1');
  });

  it('redacts Luhn-valid card numbers written with spaces, dashes or as one group', () => {
    const cases: Array<[string, string]> = [
      ['paid with 4111 1111 1111 1111 today', `paid with ${REDACTED} today`],
      ['paid with 4111-1111-1111-1111 today', `paid with ${REDACTED} today`],
      ['paid with 4111111111111111.', `paid with ${REDACTED}.`],
      ['amex 3782 822463 10005', `amex ${REDACTED}`],
      ['pan=5555555555554444', `pan=${REDACTED}`],
      ['card 4111 1111 1111 1111 cvv 123', `card ${REDACTED} cvv 123`],
      ['card 4111 1111 1111 1111 123', `card ${REDACTED} 123`],
      ['19 digits 6011 0000 0000 0000 001', `19 digits ${REDACTED}`],
      ['18 digits 411111111111111118!', `18 digits ${REDACTED}!`],
    ];
    for (const [input, expected] of cases) assert.equal(redactor.text(input), expected, input);
  });

  it('keeps digit runs that are not card numbers', () => {
    for (const text of [
      'order 4111111111111112 shipped', // fails Luhn
      'order 1234 5678 9012 3456 shipped', // fails Luhn
      'at 1700000000000 ms', // epoch milliseconds (a card never starts with 1)
      'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
      'sha 79927398713abcdef', // Luhn-valid but glued to letters
      'phone +1 555-123-4567, zip 90210',
    ]) {
      assert.equal(redactor.text(text), text);
    }
  });

  it('leaves normal text unchanged', () => {
    for (const text of [
      "O'Brien signed in from 10.0.0.1 at 2024-05-01T10:00:00Z",
      'GET /api/users/42?page=2 200 13ms',
      'user alice changed the session timeout to 30 minutes',
      'Ünïcödé text with emoji 😀 and CJK 漢字',
      '',
    ]) {
      assert.equal(redactor.text(text), text);
    }
  });
});

describe('redaction of sensitive key/value pairs in text', () => {
  it('redacts the value after password= and keeps the rest of the message', () => {
    assert.equal(redactor.text('login failed for bob password=hunter2'), `login failed for bob password=${REDACTED}`);
    assert.equal(redactor.text('login failed password = hunter2 retry=3'), `login failed password = ${REDACTED} retry=3`);
  });

  it('redacts quoted values in JSON and in pre-escaped JSON', () => {
    assert.equal(redactor.text('{"user":"bob","password":"hunt \\"er2","mfa":true}'), `{"user":"bob","password":"${REDACTED}","mfa":true}`);
    assert.equal(redactor.text("{'token': 'abc def'}"), `{'token': '${REDACTED}'}`);
    assert.equal(redactor.text('body={\\"password\\":\\"hunter2\\"}'), `body={\\"password\\":\\"${REDACTED}\\"}`);
  });

  it('redacts token: value, client_secret in query strings and form fields', () => {
    assert.equal(redactor.text('token: abc123 next'), `token: ${REDACTED} next`);
    assert.equal(redactor.text('/cb?code=x&client_secret=s3cr3t&state=y'), `/cb?code=x&client_secret=${REDACTED}&state=y`);
    assert.equal(redactor.text('user[password]=hunter2&user[name]=bob'), `user[password]=${REDACTED}&user[name]=bob`);
    assert.equal(redactor.text('X-Api-Key: 12345abcde'), `X-Api-Key: ${REDACTED}`);
  });

  it('redacts an Authorization header to the end of the line and keeps its scheme', () => {
    assert.equal(redactor.text('Authorization: Digest username="bob", response="6629fae4"\nHost: x'), `Authorization: Digest ${REDACTED}\\nHost: x`);
    assert.equal(redactor.text(`authorization: Bearer ${JWT}`), `authorization: Bearer ${REDACTED}`);
    assert.equal(redactor.text('Cookie: sid=abc; theme=dark'), `Cookie: ${REDACTED}`);
  });

  it('keeps pairs whose key is not sensitive', () => {
    for (const text of ['tokens_used=5 cost=0.2', 'status: ok', 'ratio=1:2', 'a=b=c']) {
      assert.equal(redactor.text(text), text);
    }
  });

  it('keeps session.id pairs when session.id is allowed', () => {
    const allowing = createRedactor({ allowKeys: ['session.id'] });
    assert.equal(allowing.text('session.id=abc123 password=x'), `session.id=abc123 password=${REDACTED}`);
    assert.equal(redactor.text('session.id=abc123'), `session.id=${REDACTED}`);
  });

  it('uses configured sensitive keys in text too', () => {
    const custom = createRedactor({ sensitiveKeys: ['pin'] });
    assert.equal(custom.text('card pin=1234 ok'), `card pin=${REDACTED} ok`);
    assert.equal(custom.text('shipping=express'), 'shipping=express');
  });
});

describe('escapeControlCharacters', () => {
  it('escapes CR, LF and tab as visible escapes so no one can forge a log line', () => {
    assert.equal(escapeControlCharacters('ok\r\n2024-01-01 INFO admin logged in\t!'), 'ok\\r\\n2024-01-01 INFO admin logged in\\t!');
    assert.equal(redactor.text('user bob\nINFO user admin logged in'), 'user bob\\nINFO user admin logged in');
  });

  it('escapes other C0 and C1 control characters and DEL', () => {
    assert.equal(escapeControlCharacters('\u001b[31mred\u0000\u007f\u0085\u009b'), '\\u001b[31mred\\u0000\\u007f\\u0085\\u009b');
    assert.equal(escapeControlCharacters('\b\f\v'), '\\b\\f\\u000b');
  });

  it('escapes U+2028, U+2029 and bidirectional overrides', () => {
    assert.equal(escapeControlCharacters('a\u2028b\u2029c'), 'a\\u2028b\\u2029c');
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    assert.equal(escapeControlCharacters(`x${bidi}y`), 'x\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061cy');
  });

  it('escapes unpaired surrogates and keeps surrogate pairs', () => {
    assert.equal(escapeControlCharacters('a\ud800b\udc00c😀'), 'a\\ud800b\\udc00c😀');
  });

  it('returns printable text, backslashes included, unchanged', () => {
    const text = 'C:\\temp\\new file — ünïcödé 😀 "quoted"';
    assert.equal(escapeControlCharacters(text), text);
    assert.equal(escapeControlCharacters(escapeControlCharacters('a\nb')), 'a\\nb');
  });
});

describe('truncation', () => {
  it('cuts long text and ends it with a marker counting the removed characters', () => {
    const input = 'word '.repeat(3000);
    const out = redactor.text(input);
    assert.ok(out.length <= 8192);
    const match = /^(.*)…\[truncated (\d+) chars\]$/s.exec(out);
    assert.ok(match, out.slice(-40));
    const kept = match[1] as string;
    assert.ok(input.startsWith(kept));
    assert.equal(Number(match[2]), input.length - kept.length);
  });

  it('uses maxValueLength for attributes and maxBodyLength for text by default', () => {
    const custom = createRedactor({ maxValueLength: 100, maxBodyLength: 200 });
    const input = 'x '.repeat(500);
    assert.ok((custom.attribute('note', input) as string).length <= 100);
    assert.ok(custom.text(input).length <= 200);
    assert.ok(custom.text(input).length > 150);
    assert.ok(custom.text(input, 64).length <= 64);
  });

  it('cuts at the start of the word the limit falls in', () => {
    assert.equal(redactor.text('alpha beta gamma delta epsilon zeta eta theta iota kappa', 40), 'alpha beta gamma …[truncated 39 chars]');
  });

  it('leaves no part of a token that straddles the cut', () => {
    const input = `deploy with ${GITHUB_TOKEN} now`;
    for (let max = 32; max < input.length; max++) {
      const out = redactor.text(input, max);
      assert.ok(out.length <= max);
      assert.equal(out.includes('ghp_'), false, out);
      assert.equal(out.includes('R8xk'), false, out);
    }
  });

  it('removes a long JWT cut by the limit', () => {
    const longJwt = `${JWT.split('.')[0]}.${Buffer.from(JSON.stringify({ roles: 'x'.repeat(600) })).toString('base64url')}.${JWT.split('.')[2]}`;
    const out = redactor.text(`auth ${longJwt} end`, 300);
    assert.ok(out.length <= 300);
    assert.equal(out.includes('eyJ'), false, out);
    assert.ok(out.startsWith(`auth ${REDACTED}…[truncated `), out);
  });

  it('removes the body of a private key whose END line was cut off', () => {
    const body = Array.from({ length: 20 }, (_, i) => `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${String(i).padStart(4, '0')}AbCdEfGhIjKlMnOpQrStUvWxYz01`).join('\n');
    const out = redactor.text(`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`, 400);
    assert.ok(out.length <= 400);
    assert.equal(out.includes('MIIEvQ'), false, out);
  });

  it('leaves no digits of a card number that straddles the cut', () => {
    const input = 'paid 4111 1111 1111 1111 thanks';
    for (let max = 32; max < input.length; max++) assert.equal(/\d/.test(redactor.text(input, max)), false);
    const long = `${'a '.repeat(20)}4111 1111 1111 1111 thanks`;
    for (let max = 32; max < long.length; max++) assert.equal(/1111/.test(redactor.text(long, max)), false);
  });

  it('stays within the limit when escaping makes the text longer', () => {
    const out = redactor.text('\u0001'.repeat(5000), 100);
    assert.ok(out.length <= 100, String(out.length));
    assert.match(out, /^(\\u0001)+…\[truncated \d+ chars\]$/);
    const keptCharacters = out.indexOf('…') / '\\u0001'.length;
    assert.ok(out.endsWith(`…[truncated ${5000 - keptCharacters} chars]`), out);
  });

  it('raises limits below 32 to 32 so the marker fits', () => {
    const out = redactor.text('y'.repeat(100), 5);
    assert.ok(out.length <= 32);
    assert.match(out, /…\[truncated \d+ chars\]$/);
  });
});

describe('attribute', () => {
  it('redacts every value of a sensitive key', () => {
    assert.equal(redactor.attribute('user.password', 'hunter2'), REDACTED);
    assert.equal(redactor.attribute('card_number', 4111111111111111), REDACTED);
    assert.equal(redactor.attribute('http.request.header.cookie', ['a=b']), REDACTED);
  });

  it('sanitises strings and keeps numbers and booleans', () => {
    assert.equal(redactor.attribute('message', 'a\nb Bearer abc123'), `a\\nb Bearer ${REDACTED}`);
    assert.equal(redactor.attribute('http.response.status_code', 401), 401);
    assert.equal(redactor.attribute('flag', false), false);
    assert.equal(redactor.attribute('ratio', Number.NaN), 'NaN');
    assert.equal(redactor.attribute('ratio', Number.POSITIVE_INFINITY), 'Infinity');
    assert.equal(redactor.attribute('big', 12345678901234567890n), '12345678901234567890');
  });

  it('drops values OpenTelemetry cannot export', () => {
    for (const value of [undefined, null, () => 1, Symbol('s')]) assert.equal(redactor.attribute('x', value), undefined);
  });

  it('keeps homogeneous arrays and turns mixed arrays into strings', () => {
    assert.deepEqual(redactor.attribute('ports', [80, 443]), [80, 443]);
    assert.deepEqual(redactor.attribute('flags', [true, false]), [true, false]);
    assert.deepEqual(redactor.attribute('lines', ['a\nb', 'ok', 'password=x']), ['a\\nb', 'ok', `password=${REDACTED}`]);
    assert.deepEqual(redactor.attribute('mixed', [1, 'a', null, true, { token: 't' }]), ['1', 'a', 'null', 'true', `{"token":"${REDACTED}"}`]);
    assert.deepEqual(redactor.attribute('odd', [1, Number.NaN]), ['1', 'NaN']);
    const many = redactor.attribute('many', Array.from({ length: 200 }, (_, i) => `v${i}`)) as string[];
    assert.equal(many.length, 129);
    assert.equal(many[128], '…[72 more items]');
  });

  it('serialises objects as JSON after redacting their members', () => {
    assert.equal(redactor.attribute('payload', { user: 'bob', password: 'x', nested: { apiKey: 'k', n: 1 } }), `{"user":"bob","password":"${REDACTED}","nested":{"apiKey":"${REDACTED}","n":1}}`);
    assert.equal(redactor.attribute('when', new Date(0)), '1970-01-01T00:00:00.000Z');
  });

  it('never throws on hostile objects', () => {
    const throwingGetter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const throwingProxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys');
        },
        getPrototypeOf() {
          throw new Error('getPrototypeOf');
        },
      },
    );
    const throwingToString = {
      toString() {
        throw new Error('toString');
      },
    };
    assert.equal(redactor.attribute('x', throwingGetter), '{"boom":"[unreadable]"}');
    assert.doesNotThrow(() => redactor.attribute('x', throwingProxy));
    assert.doesNotThrow(() => redactor.attribute('x', [throwingToString, throwingProxy]));
    assert.doesNotThrow(() => redactor.text(throwingToString as unknown as string));
  });
});

describe('value', () => {
  it('redacts sensitive members at any depth and secrets inside strings', () => {
    const input = {
      user: 'bob',
      password: 'hunter2',
      profile: { settings: { api_key: 'k', theme: 'dark' } },
      list: [{ token: 't' }, 'Bearer abc123', 'AKIAIOSFODNN7EXAMPLE'],
    };
    assert.deepEqual(redactor.value(input), {
      user: 'bob',
      password: REDACTED,
      profile: { settings: { api_key: REDACTED, theme: 'dark' } },
      list: [{ token: REDACTED }, `Bearer ${REDACTED}`, REDACTED],
    });
  });

  it('never mutates its input', () => {
    const input = { password: 'x', nested: { token: 'y', text: 'a\nb' }, list: [1, { secret: 2 }] };
    const before = JSON.stringify(input);
    redactor.value(input);
    assert.equal(JSON.stringify(input), before);
  });

  it('marks cycles but keeps shared references', () => {
    const shared = { n: 1 };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    assert.deepEqual(redactor.value(input), { a: { n: 1 }, b: { n: 1 }, self: '[circular]' });
  });

  it('caps depth and the number of entries', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = { d: deep };
    assert.equal(JSON.stringify(redactor.value(deep)).includes('[max depth]'), true);
    const wide = redactor.value(Array.from({ length: 1000 }, (_, i) => i)) as unknown[];
    assert.equal(wide.length, 257);
    assert.equal(wide[256], '…[744 more items]');
    const keys = redactor.value(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))) as Record<string, unknown>;
    assert.equal(Object.keys(keys).length, 257);
  });

  it('converts non-JSON values to safe equivalents', () => {
    const error = Object.assign(new Error('failed with password=x'), { code: 'E_AUTH' });
    const out = redactor.value({
      when: new Date(0),
      big: 10n,
      bytes: Buffer.from('secret'),
      map: new Map<string, unknown>([['token', 'x'], ['ok', 1]]),
      set: new Set(['a']),
      error,
      fn: () => 1,
      url: new URL('https://bob:pw@example.com/'),
    });
    assert.deepEqual(out, {
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
      bytes: '[binary 6 bytes]',
      map: { token: REDACTED, ok: 1 },
      set: ['a'],
      error: { name: 'Error', message: `failed with password=${REDACTED}`, code: 'E_AUTH' },
      url: `https://bob:${REDACTED}@example.com/`,
    });
  });

  it('does not let a __proto__ key change the prototype of the result', () => {
    const out = redactor.value(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['__proto__', 'a']);
  });

  it('sanitises a top-level string as a body', () => {
    assert.equal(redactor.value('password=x\n'), `password=${REDACTED}\\n`);
  });
});

describe('detectSecrets: false', () => {
  it('still escapes and truncates text but keeps shapes', () => {
    const plain = createRedactor({ detectSecrets: false });
    assert.equal(plain.text(`Bearer abc123\n${JWT}`), `Bearer abc123\\n${JWT}`);
    assert.ok(plain.text('z'.repeat(10_000)).length <= 8192);
  });

  it('still redacts attributes and members by key', () => {
    const plain = createRedactor({ detectSecrets: false });
    assert.equal(plain.attribute('password', 'x'), REDACTED);
    assert.deepEqual(plain.value({ token: 'x', note: 'password=y' }), { token: REDACTED, note: 'password=y' });
  });
});

describe('redactSecrets', () => {
  it('redacts shapes without escaping or truncating', () => {
    const input = `a\nBearer abc123 ${'x'.repeat(10_000)}`;
    assert.equal(redactSecrets(input), `a\nBearer ${REDACTED} ${'x'.repeat(10_000)}`);
  });
});
