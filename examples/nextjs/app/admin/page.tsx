import { auth } from '@latchkey/nextjs/server';

export default async function AdminPage() {
  // The middleware already sent non-admins to /unauthorized; check here too (defence in depth).
  const { userId, orgId } = await auth.protect({ role: 'org:admin' }, { unauthorizedUrl: '/unauthorized' });
  return (
    <>
      <h1 data-testid="admin-title">Admin</h1>
      <p>
        Welcome, administrator {userId} of {orgId}.
      </p>
    </>
  );
}
