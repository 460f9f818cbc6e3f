// npm run demo: start the Express example under `--require @secotel/node/register` with the
// console exporter, send a scripted mix of traffic, and show the security events it produced.
// Needs nothing else running.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const app = spawn(process.execPath, ['--require', '@secotel/node/register', join(root, 'examples/express/src/server.js')], {
  cwd: join(root, 'examples/express'),
  env: {
    ...process.env,
    PORT: '0',
    OTEL_SERVICE_NAME: 'secotel-demo',
    OTEL_LOGS_EXPORTER: 'console',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    SECOTEL_LOGIN_ROUTES: '/login',
    SECOTEL_404_THRESHOLD: '10/60s',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const timer = setTimeout(() => {
  console.error('demo: the example app did not start within 20 s');
  app.kill('SIGKILL');
  process.exit(1);
}, 20_000);

let base;
let buffered = '';
app.stdout.setEncoding('utf8');
app.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (base === undefined) {
    buffered += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(buffered);
    if (match) {
      base = match[1];
      clearTimeout(timer);
      void drive().catch((error) => {
        console.error('demo failed:', error);
        app.kill('SIGKILL');
        process.exitCode = 1;
      });
    }
  }
});

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text) => process.stdout.write(`\n\u001b[1m# ${text}\u001b[0m\n`);
async function request(path, init = {}) {
  const response = await fetch(`${base}${path}`, init);
  await response.arrayBuffer();
  return response;
}
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function drive() {
  await pause(200);
  say('normal traffic: a search and a health check (no security events in the default audit mode)');
  await request('/search?q=running+shoes');
  await request('/health');
  await pause(300);

  say('alice logs in and reads the admin page');
  const login = await request('/login', json({ username: 'alice', password: 'correct horse battery staple' }));
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  await request('/admin/users', { headers: { cookie } });
  await pause(300);

  say('a brute-force burst against bob: six wrong passwords (the password itself is redacted)');
  for (let i = 0; i < 6; i++) await request('/login', json({ username: 'bob', password: `guess${i}` }));
  await pause(300);

  say('an anonymous visitor tries the admin page');
  await request('/admin/users');
  await pause(300);

  say('a scanner and a few attack payloads');
  await request('/', { headers: { 'user-agent': 'sqlmap/1.7.2#stable (https://sqlmap.org)' } });
  await request(`/search?q=${encodeURIComponent("1' OR '1'='1' --")}`);
  await request(`/search?q=${encodeURIComponent('<script>alert(document.cookie)</script>')}`);
  await request('/search?q=..%2F..%2F..%2Fetc%2Fpasswd');
  await request('/login', json({ username: { $ne: null }, password: { $ne: null } }));
  await pause(300);

  say('a 404 flood from one client (a directory brute-forcer)');
  for (let i = 0; i < 12; i++) await request(`/backup-${i}.zip`);
  await pause(500);

  say('SIGTERM: secotel reports the shutdown, flushes, and the process exits as it would have');
  app.kill('SIGTERM');
  const [code, signal] = await once(app, 'exit');
  process.stdout.write(`\nexample app exited (${signal ?? `code ${code}`}). Each line above is an OpenTelemetry log record;\n`);
  process.stdout.write('with OTEL_LOGS_EXPORTER=otlp they go to any OTLP collector instead (see README).\n');
}
