// The matrix's routes on Fastify 5.
const fastify = require('fastify')();

fastify.get('/items/:id', async (request) => ({ id: request.params.id, q: request.query.q ?? null }));
fastify.post('/items/:id', async (request) => ({ id: request.params.id, received: typeof request.body?.q }));
fastify.get('/admin/:section', async (request, reply) => reply.code(403).send({ error: 'forbidden' }));
fastify.post('/login', async (request, reply) => reply.code(401).send({ error: 'bad credentials' }));
fastify.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }).then(() => {
  console.log(`fastify listening on http://127.0.0.1:${fastify.server.address().port}`);
});
