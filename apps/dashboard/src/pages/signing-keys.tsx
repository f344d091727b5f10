import { useState } from 'react';
import { api } from '../api.js';
import { Card, ConfirmButton, ErrorNote, Load, Notice, PageHeader, StatusBadge } from '../components.js';
import { DataTable, type Column } from '../data-table.js';
import { formatTime } from '../format.js';
import { SelectField } from '../form-fields.js';
import { useAction, useApi } from '../hooks.js';
import type { SigningKey } from '../types.js';

const ALGORITHMS = [{ value: '', label: 'Instance setting' }, 'RS256', 'ES256', 'EdDSA'];

const KEY_COLUMNS: Column<SigningKey>[] = [
  { header: 'Key id', cell: (k) => <code>{k.kid}</code> },
  { header: 'Algorithm', cell: (k) => k.algorithm },
  { header: 'Status', cell: (k) => <StatusBadge status={k.status} /> },
  { header: 'Created', hideNarrow: true, cell: (k) => formatTime(k.created_at) },
  { header: 'Signs from', hideNarrow: true, cell: (k) => formatTime(k.activate_at) },
  { header: 'Unpublished at', hideNarrow: true, cell: (k) => formatTime(k.expires_at) },
];

export function SigningKeysPage() {
  const keys = useApi<SigningKey[]>('/signing_keys');
  const [algorithm, setAlgorithm] = useState('');
  const action = useAction();
  const [notice, setNotice] = useState('');
  const rotate = async (immediate: boolean) => {
    const key = await action.run(() => api<SigningKey>('/signing_keys/rotate', { method: 'POST', body: { ...(algorithm ? { algorithm } : {}), immediate } }));
    if (key) {
      setNotice(immediate ? `New key ${key.kid} signs from now on.` : `New key ${key.kid} is published and starts signing at ${formatTime(key.activate_at)}.`);
      keys.reload();
    }
  };
  return (
    <section>
      <PageHeader title="Signing keys" subtitle="Rotation publishes the new key in the JWKS before it signs, and keeps the old one until its last token expires." />
      <Card title="Rotate">
        <div className="inline-form">
          <SelectField label="Algorithm" value={algorithm} onChange={setAlgorithm} choices={ALGORITHMS} />
          <button type="button" className="button primary" disabled={action.busy} onClick={() => rotate(false)}>
            Rotate (after the publish delay)
          </button>
          <ConfirmButton confirmLabel="Rotate immediately" onConfirm={() => rotate(true)} disabled={action.busy}>
            Rotate now (compromised key)
          </ConfirmButton>
        </div>
        <Notice>{notice}</Notice>
        <ErrorNote error={action.error} />
      </Card>
      <Load resource={keys} what="Loading keys" isEmpty={(d) => d.length === 0} empty="No signing keys yet.">
        {(list) => <DataTable className="table-wrap card" rows={list} columns={KEY_COLUMNS} rowKey={(k) => k.kid} />}
      </Load>
    </section>
  );
}
