export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ error: 'forbidden' }, { status: 403 });
}
