import { useState, type FormEvent } from 'react';
import { api, qs } from '../api.js';
import { ConfirmButton, ErrorNote, Load, Loading, Notice, PageHeader, StatusBadge } from '../components.js';
import { formatTime } from '../format.js';
import { href, navigate, useAction, useApi } from '../hooks.js';
import type { WebhookAttempt, WebhookEndpoint } from '../types.js';

export function WebhooksPage({ endpointId }: { endpointId?: string }) {
  return endpointId ? <EndpointDetail endpointId={endpointId} /> : <EndpointList />;
}

function EndpointList() {
  const endpoints = useApi<WebhookEndpoint[]>('/webhooks/endpoints');
  return (
    <section>
      <PageHeader title="Webhooks" subtitle="Events delivered to your endpoints, signed per the Standard Webhooks spec, with retries." />
      <CreateEndpoint onCreated={endpoints.reload} />
      <Load resource={endpoints} what="Loading endpoints" isEmpty={(d) => d.length === 0} empty="No webhook endpoints yet.">
        {(list) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Endpoint</th>
                  <th scope="col" className="hide-narrow">Events</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href(`/webhooks/${e.id}`)}>{e.url}</a>
                      <div className="muted small">{e.description || e.id}</div>
                    </td>
                    <td className="hide-narrow">{e.event_types?.length ? e.event_types.join(', ') : 'all events'}</td>
                    <td>
                      <StatusBadge status={e.disabled ? 'disabled' : 'enabled'} />
                    </td>
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

function CreateEndpoint({ onCreated }: { onCreated: () => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await action.run(() => api<WebhookEndpoint & { secret: string }>('/webhooks/endpoints', { method: 'POST', body: { url, ...(description ? { description } : {}) } }));
    if (created) {
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      onCreated();
    }
  };
  return (
    <details className="card">
      <summary>New endpoint</summary>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="webhook-url">URL</label>
          <input id="webhook-url" type="url" required placeholder="https://example.com/webhooks/latchkey" value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="webhook-description">Description (optional)</label>
          <input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <button type="submit" className="button primary" disabled={action.busy || !url}>
          Add endpoint
        </button>
      </form>
      {action.error ? <ErrorNote error={action.error} /> : null}
      {secret ? (
        <Notice>
          Signing secret (verify deliveries with it): <code>{secret}</code>
        </Notice>
      ) : null}
    </details>
  );
}

function EndpointDetail({ endpointId }: { endpointId: string }) {
  const path = `/webhooks/endpoints/${encodeURIComponent(endpointId)}`;
  const endpoint = useApi<WebhookEndpoint>(path);
  const attempts = useApi<WebhookAttempt[]>(`${path}/attempts${qs({ limit: 50 })}`);
  const action = useAction();
  const [secret, setSecret] = useState('');
  const reveal = async () => {
    const s = await action.run(() => api<{ key: string }>(`${path}/secret`));
    if (s) setSecret(s.key);
  };
  const remove = async () => {
    if (await action.run(() => api(path, { method: 'DELETE' }))) navigate('/webhooks');
  };
  const e = endpoint.data;
  return (
    <section>
      <PageHeader
        title={e ? e.url : 'Webhook endpoint'}
        subtitle={
          <>
            <a href={href('/webhooks')}>← All endpoints</a> {e ? <>· <code>{e.id}</code></> : null}
          </>
        }
        actions={
          e ? (
            <>
              <button type="button" className="button" onClick={reveal} disabled={action.busy}>
                Show signing secret
              </button>
              <ConfirmButton confirmLabel="Delete endpoint" onConfirm={remove} disabled={action.busy}>
                Delete
              </ConfirmButton>
            </>
          ) : null
        }
      />
      {endpoint.error ? <ErrorNote error={endpoint.error} onRetry={endpoint.reload} /> : !e ? <Loading what="Loading the endpoint" /> : null}
      {action.error ? <ErrorNote error={action.error} /> : null}
      {secret ? (
        <Notice>
          Signing secret: <code>{secret}</code>
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="attempts-title">
        <div className="card-header">
          <h2 id="attempts-title">Delivery attempts</h2>
          <button type="button" className="button small" onClick={attempts.reload}>
            Refresh
          </button>
        </div>
        <Load resource={attempts} what="Loading attempts" isEmpty={(d) => d.length === 0} empty="No delivery attempts yet.">
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Result</th>
                    <th scope="col" className="hide-narrow">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id}>
                      <td>{formatTime(a.attempted_at)}</td>
                      <td>
                        {a.event_type}
                        <div className="muted small">
                          <code>{a.event_id}</code>
                        </div>
                      </td>
                      <td>
                        <StatusBadge status={a.success ? 'delivered' : 'failed'} /> {a.status_code ?? ''} {a.error ? <span className="muted small">{a.error}</span> : null}
                      </td>
                      <td className="hide-narrow">{a.duration_ms === null ? '—' : `${a.duration_ms} ms`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Load>
      </section>
    </section>
  );
}
