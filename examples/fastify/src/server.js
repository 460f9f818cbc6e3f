// Fastify with secotel: start with `node --require @secotel/node/register src/server.js`.
// The HTTP instrumentation sees every request at the Node.js http layer, under Fastify.
const fastify = require('fastify')({ logger: false });
const { securityEvent, setUser } = require('@secotel/sdk');

const API_KEYS = new Map([['k-123', { user: 'svc-reports', roles: ['reader'] }]]);

fastify.addHook('onRequest', async (request) => {
  const key = request.headers['x-api-key'];
  const principal = typeof key === 'string' ? API_KEYS.get(key) : undefined;
  if (principal) setUser({ 'user.id': principal.user, 'user.roles': principal.roles });
});

fastify.get('/reports/:id', async (request, reply) => {
  if (!request.headers['x-api-key']) return reply.code(401).send({ error: 'api key required' });
  if (!API_KEYS.has(String(request.headers['x-api-key']))) {
    securityEvent('authn_token_reuse', { message: 'unknown API key presented', outcome: 'failure' });
    return reply.code(403).send({ error: 'unknown key' });
  }
  securityEvent('sensitive_read', { 'security.resource': `report/${request.params.id}` });
  return { id: request.params.id, rows: 3 };
});

fastify.post('/orders', async (request, reply) => {
  const { quantity } = request.body ?? {};
  if (!Number.isInteger(quantity) || quantity < 1) return reply.code(422).send({ error: 'quantity must be a positive integer' });
  return { ok: true };
});

fastify.get('/health', async () => ({ ok: true }));

fastify.listen({ port: Number(process.env.PORT ?? 3002), host: process.env.HOST ?? '127.0.0.1' }).then((address) => {
  console.log(`example-fastify listening on ${address}`);
});
process.on('SIGTERM', () => void fastify.close());
