import { useState } from 'react';
import { api, qs } from '../api.js';
import { BackLink, Card, ErrorNote, Load, Muted, Notice, PageHeader, Pending, StatusBadge } from '../components.js';
import { DataTable, type Column } from '../data-table.js';
import { formatTime } from '../format.js';
import { CreateCard, DeleteButton, TextField } from '../form-fields.js';
import { href, useAction, useApi } from '../hooks.js';
import type { WebhookAttempt, WebhookEndpoint } from '../types.js';

export function WebhooksPage({ endpointId }: { endpointId?: string }) {
  return endpointId ? <EndpointDetail endpointId={endpointId} /> : <EndpointList />;
}

const ENDPOINT_COLUMNS: Column<WebhookEndpoint>[] = [
  {
    header: 'Endpoint',
    cell: (e) => (
      <>
        <a href={href(`/webhooks/${e.id}`)}>{e.url}</a>
        <Muted>{e.description || e.id}</Muted>
      </>
    ),
  },
  { header: 'Events', hideNarrow: true, cell: (e) => (e.event_types?.length ? e.event_types.join(', ') : 'all events') },
  { header: 'Status', cell: (e) => <StatusBadge status={e.disabled ? 'disabled' : 'enabled'} /> },
];

function EndpointList() {
  const endpoints = useApi<WebhookEndpoint[]>('/webhooks/endpoints');
  return (
    <section>
      <PageHeader title="Webhooks" subtitle="Events delivered to your endpoints, signed per the Standard Webhooks spec, with retries." />
      <CreateEndpoint onCreated={endpoints.reload} />
      <Load resource={endpoints} what="Loading endpoints" isEmpty={(d) => d.length === 0} empty="No webhook endpoints yet.">
        {(list) => <DataTable rows={list} columns={ENDPOINT_COLUMNS} rowKey={(e) => e.id} />}
      </Load>
    </section>
  );
}

function CreateEndpoint({ onCreated }: { onCreated: () => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState('');
  const action = useAction();
  const submit = async () => {
    const created = await action.run(() => api<WebhookEndpoint & { secret: string }>('/webhooks/endpoints', { method: 'POST', body: { url, ...(description ? { description } : {}) } }));
    if (created) {
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      onCreated();
    }
  };
  return (
    <CreateCard
      summary="New endpoint"
      submitLabel="Add endpoint"
      canSubmit={url !== ''}
      action={action}
      onSubmit={submit}
      result={
        secret ? (
          <Notice>
            Signing secret (verify deliveries with it): <code>{secret}</code>
          </Notice>
        ) : null
      }
    >
      <TextField label="URL" type="url" required placeholder="https://example.com/webhooks/latchkey" value={url} onChange={setUrl} />
      <TextField label="Description (optional)" value={description} onChange={setDescription} />
    </CreateCard>
  );
}

const ATTEMPT_COLUMNS: Column<WebhookAttempt>[] = [
  { header: 'When', cell: (a) => formatTime(a.attempted_at) },
  {
    header: 'Event',
    cell: (a) => (
      <>
        {a.event_type}
        <Muted>
          <code>{a.event_id}</code>
        </Muted>
      </>
    ),
  },
  {
    header: 'Result',
    cell: (a) => (
      <>
        <StatusBadge status={a.success ? 'delivered' : 'failed'} /> {a.status_code ?? ''} {a.error ? <span className="muted small">{a.error}</span> : null}
      </>
    ),
  },
  { header: 'Duration', hideNarrow: true, cell: (a) => (a.duration_ms === null ? '—' : `${a.duration_ms} ms`) },
];

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
  const e = endpoint.data;
  return (
    <section>
      <PageHeader
        title={e ? e.url : 'Webhook endpoint'}
        subtitle={
          <>
            <BackLink to="/webhooks">All endpoints</BackLink> {e ? <>· <code>{e.id}</code></> : null}
          </>
        }
        actions={
          e ? (
            <>
              <button type="button" className="button" onClick={reveal} disabled={action.busy}>
                Show signing secret
              </button>
              <DeleteButton confirmLabel="Delete endpoint" path={path} action={action} backTo="/webhooks" />
            </>
          ) : null
        }
      />
      <Pending resource={endpoint} what="Loading the endpoint" />
      <ErrorNote error={action.error} />
      {secret ? (
        <Notice>
          Signing secret: <code>{secret}</code>
        </Notice>
      ) : null}
      <Card
        title="Delivery attempts"
        actions={
          <button type="button" className="button small" onClick={attempts.reload}>
            Refresh
          </button>
        }
      >
        <Load resource={attempts} what="Loading attempts" isEmpty={(d) => d.length === 0} empty="No delivery attempts yet.">
          {(list) => <DataTable rows={list} columns={ATTEMPT_COLUMNS} rowKey={(a) => a.id} />}
        </Load>
      </Card>
    </section>
  );
}
