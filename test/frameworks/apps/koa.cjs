// The matrix's routes on Koa with @koa/router (no body parser package: the JSON is read by hand).
const Koa = require('koa');
const Router = require('@koa/router');

async function jsonBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const app = new Koa();
const router = new Router();
router.get('/items/:id', (ctx) => {
  ctx.body = { id: ctx.params.id, q: ctx.query.q ?? null };
});
router.post('/items/:id', async (ctx) => {
  const body = await jsonBody(ctx.req);
  ctx.body = { id: ctx.params.id, received: typeof body.q };
});
router.get('/admin/:section', (ctx) => {
  ctx.status = 403;
  ctx.body = { error: 'forbidden' };
});
router.post('/login', (ctx) => {
  ctx.status = 401;
  ctx.body = { error: 'bad credentials' };
});
app.use(router.routes());
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`koa listening on http://127.0.0.1:${server.address().port}`);
});
