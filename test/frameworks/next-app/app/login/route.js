export function POST() {
  return Response.json({ error: 'bad credentials' }, { status: 401 });
}
