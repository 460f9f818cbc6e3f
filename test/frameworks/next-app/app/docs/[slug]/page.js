// App router page, rendered on each request: the matrix's attack in a page's query string.
export const dynamic = 'force-dynamic';

export default async function Doc({ params, searchParams }) {
  const { slug } = await params;
  const { q } = await searchParams;
  return (
    <main>
      <h1>{slug}</h1>
      <p>{typeof q}</p>
    </main>
  );
}
