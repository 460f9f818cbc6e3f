// The application under load in every HTTP mode, unchanged between modes: only the preload
// (`--require`) and the environment differ. Plain node:http, CommonJS, so that every tool under
// comparison can instrument it with its documented one-line preload.
//   GET /api/items     a small JSON response (most of the load)
//   GET /api/login     the app reports a failed login with securityEvent() and answers 200
//   GET /verify/file   passes a query value to the file system; only the verification probes call
//                      it, to prove that a runtime-protection peer (Zen) inspects what it should
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { securityEvent } = require('@secotel/sdk');

const ITEMS = JSON.stringify({
  items: Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}`, price: 9.99 + i, tags: ['bench', 'json'] })),
  page: 1,
});
const LOGIN_FAILED = JSON.stringify({ ok: false, reason: 'invalid credentials' });
const PUBLIC_DIR = path.join(__dirname, 'public');

function queryOf(url) {
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

function json(response, body) {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  const url = request.url || '/';
  if (url.startsWith('/api/items')) return json(response, ITEMS);
  if (url.startsWith('/api/login')) {
    const user = queryOf(url).get('user') || 'anonymous';
    const address = request.socket.remoteAddress;
    securityEvent('authn_login_fail', {
      'user.id': user,
      'client.address': address,
      'http.request.method': request.method,
      'url.path': '/api/login',
      'user_agent.original': request.headers['user-agent'],
      message: `Failed login attempt for ${user} from ${address}`,
    });
    return json(response, LOGIN_FAILED);
  }
  if (url.startsWith('/verify/file')) {
    const name = queryOf(url).get('name') || 'index.html';
    return json(response, JSON.stringify({ exists: fs.existsSync(path.join(PUBLIC_DIR, name)) }));
  }
  response.writeHead(404, { 'content-type': 'application/json', 'content-length': 2 });
  response.end('{}');
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  setTimeout(() => process.exit(0), 500).unref();
});
