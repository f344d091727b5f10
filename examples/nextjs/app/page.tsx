import Link from 'next/link';
import { auth } from '@latchkey/nextjs/server';

export default async function Home() {
  const { userId } = await auth();
  return (
    <>
      <h1>Latchkey × Next.js</h1>
      <p data-testid="home-status">{userId ? `Signed in as ${userId}` : 'You are signed out.'}</p>
      <p>
        This app is the seeds&apos; example written against Latchkey: middleware with public routes, sign-in and sign-up pages, a session manager, a
        session list, a token helper, an admin area and a rate-limited API.
      </p>
      {userId ? <Link href="/dashboard">Go to the dashboard</Link> : <Link href="/sign-in">Sign in</Link>}
    </>
  );
}
