import type { ReactNode } from 'react';
import Link from 'next/link';
import { LatchkeyProvider, SignedIn, SignedOut, UserButton } from '@latchkey/nextjs';
import '@latchkey/react/styles.css';
import './globals.css';
import { browserConfig } from '../lib/latchkey';

// Keys are read at request time, so one `next build` serves embedded and standalone.
export const dynamic = 'force-dynamic';

export const metadata = { title: 'Latchkey × Next.js' };

export default function RootLayout({ children }: { children: ReactNode }) {
  const { publishableKey, frontendApiUrl } = browserConfig();
  return (
    <html lang="en">
      <body>
        <LatchkeyProvider publishableKey={publishableKey} frontendApiUrl={frontendApiUrl}>
          <header className="nav">
            <Link href="/">Home</Link>
            <Link href="/dashboard">Dashboard</Link>
            <Link href="/sessions">Session</Link>
            <Link href="/session-list">Accounts</Link>
            <Link href="/token">Token</Link>
            <Link href="/permissions">Permissions</Link>
            <Link href="/admin">Admin</Link>
            <span className="spacer" />
            <SignedOut>
              <Link href="/sign-in">Sign in</Link>
              <Link href="/sign-up">Sign up</Link>
            </SignedOut>
            <SignedIn>
              <UserButton afterSignOutUrl="/" />
            </SignedIn>
          </header>
          <main>{children}</main>
        </LatchkeyProvider>
      </body>
    </html>
  );
}
