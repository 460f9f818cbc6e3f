// The matrix's routes on a plain node:http2 server (cleartext h2c, the compatibility `request`
// API), routed by hand: no framework, so no route template.
const http2 = require('node:http2');

function send(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

const server = http2.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const item = /^\/items\/([^/]+)$/.exec(url.pathname);
    if (item && req.method === 'GET') return send(res, 200, { id: item[1], q: url.searchParams.get('q') });
    if (item && req.method === 'POST') return send(res, 200, { id: item[1], received: typeof JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}').q });
    if (url.pathname.startsWith('/admin/')) return send(res, 403, { error: 'forbidden' });
    if (url.pathname === '/login' && req.method === 'POST') return send(res, 401, { error: 'bad credentials' });
    send(res, 404, { error: 'not found' });
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`http2 listening on http://127.0.0.1:${server.address().port}`);
});
