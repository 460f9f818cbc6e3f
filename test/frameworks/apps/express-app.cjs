// The matrix's routes on Express (4 or 5, whichever `express` is passed in); `name` undefined: quiet.
module.exports = function startExpressApp(express, name) {
  const app = express();
  app.use(express.json());
  const items = express.Router();
  items.get('/:id', (req, res) => res.json({ id: req.params.id, q: req.query.q ?? null }));
  items.post('/:id', (req, res) => res.json({ id: req.params.id, received: typeof req.body?.q }));
  app.use('/items', items);
  app.get('/admin/:section', (req, res) => res.status(403).json({ error: 'forbidden' }));
  app.post('/login', (req, res) => res.status(401).json({ error: 'bad credentials' }));
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    if (name !== undefined) console.log(`${name} listening on http://127.0.0.1:${server.address().port}`);
  });
  return server;
};
