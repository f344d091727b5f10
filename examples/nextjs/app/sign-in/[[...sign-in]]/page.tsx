import Link from 'next/link';
import { headers } from 'next/headers';
import { SignIn } from '@latchkey/nextjs';
import { safeRedirect } from '../../../lib/safe-redirect';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const host = (await headers()).get('host');
  const target = safeRedirect(params.redirect_url, host);
  return (
    <SignIn
      afterSignInUrl={target}
      footer={
        <span>
          No account? <Link href={`/sign-up?redirect_url=${encodeURIComponent(target)}`}>Sign up</Link>
        </span>
      }
    />
  );
}
