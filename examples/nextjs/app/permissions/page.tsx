import { auth } from '@latchkey/nextjs/server';

export default async function PermissionsPage() {
  const { has, orgId, orgPermissions } = await auth.protect();
  const canWrite = has({ permission: 'org:data:write' });
  return (
    <>
      <h1>Data</h1>
      <p>Organization: {orgId ?? 'none'}</p>
      <p data-testid="permissions">Permissions: {orgPermissions?.join(', ') || 'none'}</p>
      {canWrite ? (
        <button type="button" data-testid="write-button">
          Edit data
        </button>
      ) : (
        <p data-testid="read-only">Read-only: you lack org:data:write.</p>
      )}
    </>
  );
}
