import Link from 'next/link';
import { headers } from 'next/headers';
import { SignUp } from '@latchkey/nextjs';
import { safeRedirect } from '../../../lib/safe-redirect';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const host = (await headers()).get('host');
  const target = safeRedirect(params.redirect_url, host);
  return (
    <SignUp
      afterSignUpUrl={target}
      footer={
        <span>
          Have an account? <Link href={`/sign-in?redirect_url=${encodeURIComponent(target)}`}>Sign in</Link>
        </span>
      }
    />
  );
}
