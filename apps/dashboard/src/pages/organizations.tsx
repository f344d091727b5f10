import { useState } from 'react';
import { api, qs } from '../api.js';
import { BackLink, Card, Chips, ConfirmButton, ErrorNote, Load, Muted, Notice, PageHeader, PendingPage } from '../components.js';
import { ACTIONS_HEADER, DataTable, Pager, type Column } from '../data-table.js';
import { formatTime } from '../format.js';
import { CreateCard, DeleteButton, Options, SearchBox, SelectField, TextField } from '../form-fields.js';
import { href, navigate, useAction, useApi, usePagedSearch } from '../hooks.js';
import type { Membership, Organization, Paginated, Role, User } from '../types.js';

const PAGE = 20;

export function OrganizationsPage({ organizationId }: { organizationId?: string }) {
  return organizationId ? <OrganizationDetail organizationId={organizationId} /> : <OrganizationList />;
}

const ORGANIZATION_COLUMNS: Column<Organization>[] = [
  {
    header: 'Organization',
    cell: (o) => (
      <>
        <a href={href(`/organizations/${o.id}`)}>{o.name}</a>
        <Muted>{o.slug ?? o.id}</Muted>
      </>
    ),
  },
  { header: 'Members', cell: (o) => o.members_count ?? '—' },
  { header: 'Created', hideNarrow: true, cell: (o) => formatTime(o.created_at) },
];

function OrganizationList() {
  const { query, setQuery, search, offset, setOffset } = usePagedSearch();
  const orgs = useApi<Paginated<Organization>>(`/organizations${qs({ query: search, limit: PAGE, offset, include_members_count: true })}`);
  return (
    <section>
      <PageHeader title="Organizations" subtitle="Members, roles and what each role may do." />
      <CreateOrganization />
      <SearchBox label="Search organizations" placeholder="Search organizations (name, slug, id)" value={query} onChange={setQuery} />
      <Load resource={orgs} what="Loading organizations" isEmpty={(d) => d.data.length === 0} empty={search ? `No organization matches “${search}”.` : 'No organizations yet.'}>
        {(d) => (
          <>
            <DataTable rows={d.data} columns={ORGANIZATION_COLUMNS} rowKey={(o) => o.id} />
            <Pager offset={offset} total={d.total_count} onOffset={setOffset} page={PAGE} />
          </>
        )}
      </Load>
      <RolesList />
    </section>
  );
}

function CreateOrganization() {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const action = useAction();
  const submit = async () => {
    const org = await action.run(() => api<Organization>('/organizations', { method: 'POST', body: { name, ...(slug ? { slug } : {}) } }));
    if (org) navigate(`/organizations/${org.id}`);
  };
  return (
    <CreateCard summary="New organization" submitLabel="Create" canSubmit={name.trim() !== ''} action={action} onSubmit={submit}>
      <TextField label="Name" required value={name} onChange={setName} />
      <TextField label="Slug (optional)" value={slug} onChange={setSlug} />
    </CreateCard>
  );
}

function useRoles() {
  return useApi<Paginated<Role>>(`/organization_roles${qs({ limit: 100 })}`);
}

const ROLE_COLUMNS: Column<Role>[] = [
  {
    header: 'Role',
    cell: (r) => (
      <>
        {r.name}
        <Muted>
          <code>{r.key}</code>
        </Muted>
      </>
    ),
  },
  { header: 'Permissions', cell: (r) => <Chips items={r.permissions.map((p) => p.key)} /> },
];

function RolesList() {
  const roles = useRoles();
  return (
    <Card title="Roles">
      <Load resource={roles} what="Loading roles" isEmpty={(d) => d.data.length === 0} empty="No roles.">
        {(d) => <DataTable rows={d.data} columns={ROLE_COLUMNS} rowKey={(r) => r.id} />}
      </Load>
    </Card>
  );
}

function OrganizationDetail({ organizationId }: { organizationId: string }) {
  const path = `/organizations/${encodeURIComponent(organizationId)}`;
  const org = useApi<Organization>(path);
  const members = useApi<Paginated<Membership>>(`${path}/memberships${qs({ limit: 100 })}`);
  const roles = useRoles();
  const action = useAction();
  const [notice, setNotice] = useState('');
  const changeMember = async (userId: string, init: { method: string; body?: unknown }, done: string) => {
    if (await action.run(() => api(`${path}/memberships/${userId}`, init))) {
      setNotice(done);
      members.reload();
    }
  };
  const back = <BackLink to="/organizations">All organizations</BackLink>;
  if (!org.data) return <PendingPage title="Organization" back={back} resource={org} what="Loading the organization" />;
  const o = org.data;
  const roleKeys = roles.data?.data.map((r) => r.key) ?? ['org:admin', 'org:member'];
  const columns: Column<Membership>[] = [
    { header: 'Member', cell: (m) => <a href={href(`/users/${m.public_user_data.user_id}`)}>{m.public_user_data.identifier}</a> },
    {
      header: 'Role',
      cell: (m) => (
        <>
          <label className="visually-hidden" htmlFor={`role-${m.id}`}>
            Role of {m.public_user_data.identifier}
          </label>
          <select
            id={`role-${m.id}`}
            value={m.role}
            disabled={action.busy}
            onChange={(e) => changeMember(m.public_user_data.user_id, { method: 'PATCH', body: { role: e.target.value } }, `Role changed to ${e.target.value}.`)}
          >
            <Options choices={[...new Set([m.role, ...roleKeys])]} />
          </select>
        </>
      ),
    },
    { header: 'Permissions', hideNarrow: true, cell: (m) => <Chips items={m.permissions} /> },
    {
      header: ACTIONS_HEADER,
      cell: (m) => (
        <ConfirmButton className="button small danger" confirmLabel="Remove" onConfirm={() => changeMember(m.public_user_data.user_id, { method: 'DELETE' }, 'Member removed.')}>
          Remove
        </ConfirmButton>
      ),
    },
  ];
  return (
    <section>
      <PageHeader
        title={o.name}
        subtitle={
          <>
            {back} · <code>{o.id}</code> {o.slug ? <>· {o.slug}</> : null}
          </>
        }
        actions={<DeleteButton confirmLabel="Delete organization" path={path} action={action} backTo="/organizations" />}
      />
      <Notice>{notice}</Notice>
      <ErrorNote error={action.error} />
      <Card title="Members">
        <AddMember path={path} roleKeys={roleKeys} onAdded={() => (setNotice('Member added.'), members.reload())} />
        <Load resource={members} what="Loading members" isEmpty={(d) => d.data.length === 0} empty="No members yet.">
          {(d) => <DataTable rows={d.data} columns={columns} rowKey={(m) => m.id} />}
        </Load>
      </Card>
    </section>
  );
}

function AddMember({ path, roleKeys, onAdded }: { path: string; roleKeys: string[]; onAdded: () => void }) {
  const [who, setWho] = useState('');
  const [role, setRole] = useState('org:member');
  const action = useAction();
  const submit = async () => {
    const added = await action.run(async () => {
      let userId = who.trim();
      if (!userId.startsWith('user_')) {
        const found = await api<User[]>(`/users${qs({ email_address: userId, limit: 1 })}`);
        if (!found[0]) throw new Error(`No user with the e-mail address ${userId}`);
        userId = found[0].id;
      }
      return api(`${path}/memberships`, { method: 'POST', body: { user_id: userId, role } });
    });
    if (added) {
      setWho('');
      onAdded();
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void submit())} aria-label="Add a member">
      <TextField label="User (e-mail or id)" required value={who} onChange={setWho} />
      <SelectField label="Role" value={role} onChange={setRole} choices={roleKeys} />
      <button type="submit" className="button" disabled={action.busy || !who.trim()}>
        Add member
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}
