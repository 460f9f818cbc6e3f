// The Flask tutorial app (original/app.py) with secotel. Start with
//   node --require @secotel/node/register src/app.js
// - the @log_access decorator becomes SECOTEL_HTTP_AUDIT=all (security.http_access for every request);
// - log_security_event("Failed login attempt from ...") becomes securityEvent('authn_login_fail', {...});
// - the 403 on /admin needs no code at all: the HTTP instrumentation reports security.authz_fail.
const express = require('express');
const { securityEvent, setUser } = require('@secotel/sdk');

const USERS = new Map([['admin', 's3cret']]);
const app = express();
app.use(express.urlencoded({ extended: false }));

app.post('/login', (req, res) => {
  const username = String(req.body?.username ?? '');
  if (USERS.get(username) !== req.body?.password) {
    securityEvent('authn_login_fail', {
      'user.id': username,
      'client.address': req.socket.remoteAddress,
      message: `Failed login attempt from ${req.socket.remoteAddress}`,
    });
    return res.status(401).send('Unauthorized');
  }
  setUser({ 'user.id': username });
  securityEvent('authn_login_success', { message: `User ${username} logged in` });
  res.send('welcome');
});

app.get('/admin', (req, res) => {
  if (req.query.token !== 'letmein') return res.status(403).send('Forbidden');
  res.send('admin panel');
});

const server = app.listen(Number(process.env.PORT ?? 5000), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`example-flask-port listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close());
