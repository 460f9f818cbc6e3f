// Pages router API route: the same as /items/:id, under /api/things/[id].
export default function handler(req, res) {
  if (req.method === 'POST') res.status(200).json({ id: req.query.id, received: typeof req.body?.q });
  else res.status(200).json({ id: req.query.id, q: req.query.q ?? null });
}
