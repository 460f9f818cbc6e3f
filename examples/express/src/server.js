// A small Express app. Nothing here configures OpenTelemetry: start it with
//   node --require @secotel/node/register src/server.js
// Security events come from two places: the routes call securityEvent()/setUser() for what only
// the app knows (who logged in), and the HTTP instrumentation reports the rest (401/403/404
// floods, attack payloads, scanners).
const { randomUUID } = require('node:crypto');
const express = require('express');
const { securityEvent, setUser } = require('@secotel/sdk');

const USERS = new Map([
  ['alice', { password: 'correct horse battery staple', roles: ['admin'] }],
  ['bob', { password: 'hunter2', roles: ['user'] }],
]);
const SESSIONS = new Map();

const app = express();
app.use(express.json());

// Authentication from a session cookie; sets the user for every later security event.
app.use((req, res, next) => {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const username = sid && SESSIONS.get(sid);
  if (username) {
    req.user = { id: username, ...USERS.get(username) };
    setUser({ 'user.id': username, 'user.roles': req.user.roles, 'session.id': sid });
  }
  next();
});

app.post('/login', (req, res) => {
  const { username, password } = req.body ?? {};
  const user = typeof username === 'string' ? USERS.get(username) : undefined;
  if (!user || user.password !== password) {
    securityEvent('authn_login_fail', {
      'user.id': typeof username === 'string' ? username : undefined,
      'client.address': req.socket.remoteAddress,
      message: `Failed login attempt for ${typeof username === "string" ? username : JSON.stringify(username)} from ${req.socket.remoteAddress}`,
    });
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const sid = randomUUID();
  SESSIONS.set(sid, username);
  setUser({ 'user.id': username, 'user.roles': user.roles, 'session.id': sid });
  securityEvent('authn_login_success', { message: `${username} logged in` });
  securityEvent('session_created');
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'strict' }).json({ ok: true });
});

app.get('/admin/users', (req, res) => {
  if (!req.user) return res.status(401).json({ error: 'log in first' });
  if (!req.user.roles.includes('admin')) return res.status(403).json({ error: 'admins only' });
  securityEvent('sensitive_read', { message: 'user list read', 'security.resource': 'users' });
  res.json([...USERS.keys()]);
});

app.get('/search', (req, res) => {
  const q = String(req.query.q ?? '');
  res.json({ q, results: q ? [`${q} (1)`, `${q} (2)`] : [] });
});

app.get('/health', (req, res) => res.json({ ok: true }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`example-express listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
