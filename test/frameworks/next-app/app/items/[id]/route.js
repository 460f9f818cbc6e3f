// App router route handler: the matrix's /items/:id.
export const dynamic = 'force-dynamic';

export async function GET(request, { params }) {
  const { id } = await params;
  return Response.json({ id, q: request.nextUrl.searchParams.get('q') });
}

export async function POST(request, { params }) {
  const { id } = await params;
  const body = await request.json();
  return Response.json({ id, received: typeof body?.q });
}
