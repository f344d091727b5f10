import { auth, currentUser, latchkeyClient } from '@latchkey/nextjs/server';
import { OrgSwitcher } from './org-switcher';

export default async function Dashboard() {
  const { userId, sessionId, orgId, orgRole } = await auth.protect();
  const user = await currentUser();
  const list = await (await latchkeyClient()).users.getOrganizationMembershipList(userId);
  const memberships = (Array.isArray(list) ? list : list.data).map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role }));
  return (
    <>
      <h1>Dashboard</h1>
      <dl data-testid="dashboard">
        <dt>User</dt>
        <dd data-testid="user-id">{userId}</dd>
        <dt>E-mail</dt>
        <dd data-testid="email">{user?.email_addresses[0]?.email_address}</dd>
        <dt>Session</dt>
        <dd data-testid="session-id">{sessionId}</dd>
        <dt>Organization</dt>
        <dd>{orgId ? `${orgId} (${orgRole})` : 'none'}</dd>
      </dl>
      <h2>Organizations</h2>
      <OrgSwitcher memberships={memberships} />
    </>
  );
}
