// The matrix's routes on Hapi.
const Hapi = require('@hapi/hapi');

async function main() {
  const server = Hapi.server({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  server.route([
    { method: 'GET', path: '/items/{id}', handler: (request) => ({ id: request.params.id, q: request.query.q ?? null }) },
    { method: 'POST', path: '/items/{id}', handler: (request) => ({ id: request.params.id, received: typeof request.payload?.q }) },
    { method: 'GET', path: '/admin/{section}', handler: (request, h) => h.response({ error: 'forbidden' }).code(403) },
    { method: 'POST', path: '/login', handler: (request, h) => h.response({ error: 'bad credentials' }).code(401) },
  ]);
  await server.start();
  console.log(`hapi listening on http://127.0.0.1:${server.info.port}`);
}
main();
