// An unmodified plain node:http application: it knows nothing about secotel or OpenTelemetry.
//   node --import @secotel/node/register src/server.mjs
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/') return res.end('hello\n');
  if (url.pathname === '/search') return res.end(`results for ${url.searchParams.get('q') ?? ''}\n`);
  if (url.pathname === '/admin') {
    res.statusCode = 403;
    return res.end('forbidden\n');
  }
  res.statusCode = 404;
  res.end('not found\n');
});
server.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => {
  console.log(`example-http listening on http://127.0.0.1:${server.address().port}`);
});
