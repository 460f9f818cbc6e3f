// Shared pieces for the corpus generator: the entry shape, a seeded PRNG, realistic client
// header profiles. Everything is deterministic so the generated corpus is reproducible.

export interface CorpusRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body?: unknown;
}

export interface CorpusEntry extends CorpusRequest {
  label: 'attack' | 'benign';
  category?: string;
  note: string;
}

/** mulberry32: small, fast, good enough to pick phrases deterministically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

export const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36';
export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
export const FIREFOX_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:124.0) Gecko/20100101 Firefox/124.0';
export const SAFARI_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15';
export const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1';
export const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36';
export const EDGE_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51';

export const BROWSER_AGENTS = [CHROME_WIN, CHROME_MAC, FIREFOX_LINUX, FIREFOX_WIN, SAFARI_MAC, SAFARI_IPHONE, CHROME_ANDROID, EDGE_WIN];

/** Non-browser clients that hit APIs every day. */
export const CLIENT_AGENTS = [
  'curl/8.5.0',
  'curl/7.81.0',
  'python-requests/2.31.0',
  'python-httpx/0.27.0',
  'Go-http-client/1.1',
  'Go-http-client/2.0',
  'axios/1.6.8',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  'undici',
  'okhttp/4.12.0',
  'PostmanRuntime/7.37.3',
  'insomnia/8.6.1',
  'Java/17.0.9',
  'Apache-HttpClient/4.5.14 (Java/17.0.8)',
  'Wget/1.21.4',
  'Dart/3.3 (dart:io)',
  'ShopApp/4.12.0 (iPhone; iOS 17.4.1; Scale/3.00)',
  'ShopApp/4.11.2 (com.example.shop; build:4112; Android 13) okhttp/4.11.0',
  'Acme%20Notes/212 CFNetwork/1494.0.7 Darwin/23.4.0',
  'Ruby',
  'Faraday v2.9.0',
  'aws-sdk-js/3.556.0 ua/2.0 os/linux#6.1.0 lang/js md/nodejs#20.12.2',
  'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  'GitHub-Hookshot/8f2ad4c',
  'Slack-ImgProxy (+https://api.slack.com/robots)',
];

export const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
  'ELB-HealthChecker/2.0',
  'kube-probe/1.29',
  'Prometheus/2.51.2',
  'Datadog Agent/7.52.0',
  'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
  'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)',
  'Amazon CloudFront',
  'WhatsApp/2.23.20.0',
  'TelegramBot (like TwitterBot)',
  'Discordbot/2.0; +https://discordapp.com',
];

const SEC_CH_UA = '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"';

/** Headers a browser sends for a page load or fetch, with a given user agent. */
export function browserHeaders(agent: string, rand: () => number, extra: Record<string, string> = {}): Record<string, string> {
  const chromium = agent.includes('Chrome/') && !agent.includes('Edg/');
  const headers: Record<string, string> = {
    host: pick(rand, ['shop.example.com', 'www.example.com', 'app.example.org', 'api.example.com']),
    'user-agent': agent,
    accept: pick(rand, [
      'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
      'application/json, text/plain, */*',
      '*/*',
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    ]),
    'accept-language': pick(rand, ['en-US,en;q=0.9', 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7', 'fr-FR,fr;q=0.9', 'ja,en-US;q=0.9,en;q=0.8', 'en-GB,en;q=0.5', 'es-ES,es;q=0.9']),
    'accept-encoding': 'gzip, deflate, br, zstd',
    connection: 'keep-alive',
  };
  if (chromium) {
    headers['sec-ch-ua'] = SEC_CH_UA;
    headers['sec-ch-ua-mobile'] = agent.includes('Mobile') ? '?1' : '?0';
    headers['sec-ch-ua-platform'] = agent.includes('Windows') ? '"Windows"' : agent.includes('Android') ? '"Android"' : '"macOS"';
    headers['sec-fetch-site'] = pick(rand, ['same-origin', 'none', 'cross-site']);
    headers['sec-fetch-mode'] = pick(rand, ['navigate', 'cors']);
    headers['sec-fetch-dest'] = pick(rand, ['document', 'empty']);
    headers['upgrade-insecure-requests'] = '1';
  }
  if (rand() < 0.3) headers['cache-control'] = 'max-age=0';
  if (rand() < 0.2) headers['if-none-match'] = 'W/"5e1-18f2a1c3b4d"';
  if (rand() < 0.15) headers.dnt = '1';
  return { ...headers, ...extra };
}

/** Headers of a non-browser API client. */
export function clientHeaders(agent: string, rand: () => number, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = {
    host: pick(rand, ['api.example.com', 'hooks.example.com', 'api.example.org']),
    'user-agent': agent,
    accept: pick(rand, ['*/*', 'application/json']),
  };
  if (rand() < 0.6) headers.authorization = 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgRG9lIiwiaWF0IjoxNzE1MDAwMDAwfQ.Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg';
  if (rand() < 0.5) headers['x-request-id'] = hex(rand, 8) + '-' + hex(rand, 4) + '-4' + hex(rand, 3) + '-a' + hex(rand, 3) + '-' + hex(rand, 12);
  return { ...headers, ...extra };
}

export function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
}

export function b64(rand: () => number, n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * 64)];
  return s;
}

/** Cookies a typical site sets: session, analytics, consent. */
export function siteCookies(rand: () => number): Record<string, string> {
  const cookies: Record<string, string> = {};
  const r = rand();
  if (r < 0.35) cookies['connect.sid'] = 's:' + b64(rand, 32).replace(/[+/]/g, 'x') + '.' + b64(rand, 43).replace(/[+/]/g, 'y');
  else if (r < 0.6) cookies.session = hex(rand, 32);
  else if (r < 0.75) cookies.sessionid = b64(rand, 24).replace(/[+/]/g, 'k');
  if (rand() < 0.6) cookies._ga = `GA1.1.${Math.floor(rand() * 2e9)}.${1700000000 + Math.floor(rand() * 1e7)}`;
  if (rand() < 0.4) cookies._gid = `GA1.2.${Math.floor(rand() * 2e9)}.${1715000000 + Math.floor(rand() * 1e6)}`;
  if (rand() < 0.3) cookies._fbp = `fb.1.${1715000000000 + Math.floor(rand() * 1e9)}.${Math.floor(rand() * 2e9)}`;
  if (rand() < 0.25) {
    cookies.OptanonConsent = 'isGpcEnabled=0&datestamp=Mon May 06 2024 10:14:03 GMT+0200 (Central European Summer Time)&version=202402.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId='
      + hex(rand, 8) + '-' + hex(rand, 4) + '&interactionCount=1&landingPath=NotLandingPage&groups=C0001:1,C0002:1,C0003:0,C0004:0&AwaitingReconsent=false';
  }
  if (rand() < 0.2) cookies['cookieyes-consent'] = 'consentid:' + b64(rand, 20).replace(/[+/]/g, 'z') + ',consent:yes,action:yes,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no';
  if (rand() < 0.3) cookies.locale = pick(rand, ['en-US', 'de-DE', 'fr', 'ja-JP', 'pt-BR']);
  if (rand() < 0.2) cookies.theme = pick(rand, ['dark', 'light', 'system']);
  if (rand() < 0.2) cookies.csrftoken = b64(rand, 32).replace(/[+/]/g, 'q');
  if (rand() < 0.15) cookies.cart = JSON.stringify({ items: [{ sku: 'SKU-' + hex(rand, 6), qty: 1 + Math.floor(rand() * 3) }], currency: 'USD' });
  if (rand() < 0.1) cookies.recently_viewed = '123,456,789,1011';
  if (rand() < 0.1) cookies.__cf_bm = b64(rand, 43).replace(/[+/]/g, '_') + '-' + (1715000000 + Math.floor(rand() * 1e6)) + '-1.0.1.1-' + b64(rand, 60).replace(/[+/]/g, '.');
  if (rand() < 0.1) cookies.ajs_anonymous_id = '"' + hex(rand, 8) + '-' + hex(rand, 4) + '-' + hex(rand, 4) + '-' + hex(rand, 4) + '-' + hex(rand, 12) + '"';
  return cookies;
}
