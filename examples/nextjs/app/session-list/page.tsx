import Link from 'next/link';
import { SessionList } from '@latchkey/nextjs';
import { SessionSwitcher } from './session-switcher';

export default function SessionListPage() {
  return (
    <>
      <h1>Accounts on this browser</h1>
      <SessionSwitcher />
      <p>
        <Link href="/sign-in?redirect_url=/session-list">Add another account</Link>
      </p>
      <SessionList />
    </>
  );
}
