import { useEffect, useState } from 'react';
import { api, qs } from '../api.js';
import { Card, ErrorNote, Loading, PageHeader } from '../components.js';
import { toFailure, useApi } from '../hooks.js';
import { readCounter, signInsPerDay, type DayCount } from '../stats.js';
import type { Paginated, Session } from '../types.js';
import type { ApiFailure } from '../api.js';

const DAYS = 14;
/** The chart reads the newest sessions page by page, up to this many. */
const MAX_SESSIONS = 2000;

export function OverviewPage() {
  const active = useApi<Paginated<Session>>(`/sessions${qs({ status: 'active', paginated: true, limit: 1 })}`);
  const users = useApi<{ total_count: number }>('/users/count');
  const minted = useTokensMinted();
  const chart = useSignInChart();
  return (
    <section>
      <PageHeader title="Overview" subtitle="This instance at a glance." />
      <div className="stats">
        <Stat label="Active sessions" value={active.data?.total_count} error={active.error} />
        <Stat label="Users" value={users.data?.total_count} error={users.error} />
        <Stat
          label="Tokens minted"
          value={minted.value ?? undefined}
          error={minted.error}
          note="by this server process since it started (its /metrics counter)"
        />
      </div>
      <Card title={`Sign-ins, last ${DAYS} days`}>
        {chart.error ? <ErrorNote error={chart.error} /> : chart.days ? <BarChart days={chart.days} /> : <Loading what="Counting sign-ins" />}
        {chart.truncated ? <p className="hint">Counted from the newest {MAX_SESSIONS} sessions.</p> : null}
      </Card>
    </section>
  );
}

function Stat({ label, value, error, note }: { label: string; value: number | undefined; error?: ApiFailure; note?: string }) {
  return (
    <div className="card stat">
      <p className="stat-label">{label}</p>
      <p className="stat-value" data-testid={`stat-${label.toLowerCase().replace(/ /g, '-')}`}>
        {error ? <span className="invalid">unavailable</span> : value === undefined ? '…' : value.toLocaleString()}
      </p>
      {error ? <p className="hint invalid">{error.message}</p> : note ? <p className="hint">{note}</p> : null}
    </div>
  );
}

function useTokensMinted() {
  const [state, setState] = useState<{ value: number | null; error?: ApiFailure }>({ value: null });
  useEffect(() => {
    // Not a Backend API resource: the server's Prometheus counter, same origin.
    fetch('../metrics', { cache: 'no-store' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`metrics answered ${r.status}`))))
      .then(
        (text) => setState({ value: readCounter(text, 'latchkey_tokens_minted_total') ?? 0 }),
        (error) => setState({ value: null, error: toFailure(error) }),
      );
  }, []);
  return state;
}

function useSignInChart() {
  const [state, setState] = useState<{ days?: DayCount[]; error?: ApiFailure; truncated?: boolean }>({});
  useEffect(() => {
    let live = true;
    (async () => {
      const since = Date.now() - DAYS * 86_400_000;
      const created: number[] = [];
      let offset = 0;
      let truncated = false;
      for (;;) {
        const page = await api<Session[]>(`/sessions${qs({ limit: 500, offset })}`);
        for (const s of page) created.push(s.created_at);
        offset += page.length;
        if (page.length < 500) break;
        if (offset >= MAX_SESSIONS) {
          truncated = true;
          break;
        }
        // Ordered by last activity: once a whole page is older than the window, stop.
        if (page.every((s) => s.last_active_at < since)) break;
      }
      if (live) setState({ days: signInsPerDay(created, Date.now(), DAYS), truncated });
    })().catch((error) => live && setState({ error: toFailure(error) }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Whole-number gridlines from 0, at most five. */
function ticks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  const out: number[] = [];
  for (let n = 0; n <= max; n += step) out.push(n);
  return out;
}

function BarChart({ days }: { days: DayCount[] }) {
  const step = Math.max(1, Math.ceil(Math.max(1, ...days.map((d) => d.count)) / 4));
  const max = Math.ceil(Math.max(1, ...days.map((d) => d.count)) / step) * step;
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const label = (d: DayCount) => new Date(d.day).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  const width = 700;
  const height = 220;
  const pad = { left: 36, bottom: 28, top: 12 };
  const barWidth = (width - pad.left) / days.length;
  const y = (n: number) => pad.top + (height - pad.top - pad.bottom) * (1 - n / max);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Bar chart: ${total} sign-ins in the last ${days.length} days`}>
        {ticks(max).map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        {days.map((d, i) => (
          <g key={d.day}>
            <rect x={pad.left + i * barWidth + 4} width={barWidth - 8} y={y(d.count)} height={y(0) - y(d.count)} className="bar">
              <title>{`${label(d)}: ${d.count}`}</title>
            </rect>
            {i % 2 === days.length % 2 || days.length <= 7 ? (
              <text x={pad.left + (i + 0.5) * barWidth} y={height - 8} textAnchor="middle" className="axis">
                {label(d)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption className="hint">
        {total} sign-in{total === 1 ? '' : 's'} (sessions created) in the last {days.length} days.
      </figcaption>
      <div className="visually-hidden">
      <table>
        <caption>Sign-ins per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{label(d)}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
