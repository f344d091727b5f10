import { useState } from 'react';
import { api } from '../api.js';
import { ConfirmButton, ErrorNote, Load, Notice, PageHeader, StatusBadge } from '../components.js';
import { formatTime } from '../format.js';
import { useAction, useApi } from '../hooks.js';
import type { SigningKey } from '../types.js';

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
      <section className="card" aria-labelledby="rotate-title">
        <h2 id="rotate-title">Rotate</h2>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="rotate-algorithm">Algorithm</label>
            <select id="rotate-algorithm" value={algorithm} onChange={(e) => setAlgorithm(e.target.value)}>
              <option value="">Instance setting</option>
              <option value="RS256">RS256</option>
              <option value="ES256">ES256</option>
              <option value="EdDSA">EdDSA</option>
            </select>
          </div>
          <button type="button" className="button primary" disabled={action.busy} onClick={() => rotate(false)}>
            Rotate (after the publish delay)
          </button>
          <ConfirmButton confirmLabel="Rotate immediately" onConfirm={() => rotate(true)} disabled={action.busy}>
            Rotate now (compromised key)
          </ConfirmButton>
        </div>
        {notice ? <Notice>{notice}</Notice> : null}
        {action.error ? <ErrorNote error={action.error} /> : null}
      </section>
      <Load resource={keys} what="Loading keys" isEmpty={(d) => d.length === 0} empty="No signing keys yet.">
        {(list) => (
          <div className="table-wrap card">
            <table>
              <thead>
                <tr>
                  <th scope="col">Key id</th>
                  <th scope="col">Algorithm</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="hide-narrow">Created</th>
                  <th scope="col" className="hide-narrow">Signs from</th>
                  <th scope="col" className="hide-narrow">Unpublished at</th>
                </tr>
              </thead>
              <tbody>
                {list.map((k) => (
                  <tr key={k.kid}>
                    <td>
                      <code>{k.kid}</code>
                    </td>
                    <td>{k.algorithm}</td>
                    <td>
                      <StatusBadge status={k.status} />
                    </td>
                    <td className="hide-narrow">{formatTime(k.created_at)}</td>
                    <td className="hide-narrow">{formatTime(k.activate_at)}</td>
                    <td className="hide-narrow">{formatTime(k.expires_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Load>
    </section>
  );
}
