/**
 * A small Prometheus registry: counters, gauges read at scrape time and one
 * latency histogram. Enough for `/metrics` without a client library.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Record<string, string>) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export interface MetricsRegistry {
  countRequest(method: string, status: number, seconds: number): void;
  increment(name: string, help: string, labels?: Record<string, string>): void;
  /** A value read at each scrape (async reads are bounded by the scrape). */
  gauge(name: string, help: string, read: () => number | Promise<number | Record<string, number>> | Record<string, number>, label?: string): void;
  render(): Promise<string>;
}

export function createMetricsRegistry(): MetricsRegistry {
  const counters = new Map<string, { help: string; values: Map<string, number> }>();
  const gauges: { name: string; help: string; read: () => unknown; label?: string }[] = [];
  const histogram = new Map<string, { buckets: number[]; sum: number; count: number }>();

  const increment = (name: string, help: string, labels: Record<string, string> = {}) => {
    let counter = counters.get(name);
    if (!counter) counters.set(name, (counter = { help, values: new Map() }));
    const key = labelText(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + 1);
  };

  return {
    countRequest(method, status, seconds) {
      increment('latchkey_http_requests_total', 'HTTP requests answered, by method and status', { method, status: String(status) });
      let h = histogram.get(method);
      if (!h) histogram.set(method, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
      for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.buckets[i]!++;
      h.sum += seconds;
      h.count++;
    },
    increment,
    gauge(name, help, read, label) {
      gauges.push({ name, help, read, label });
    },
    async render() {
      const lines: string[] = [];
      for (const [name, { help, values }] of counters) {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
        for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`);
      }
      lines.push('# HELP latchkey_http_request_duration_seconds Request latency', '# TYPE latchkey_http_request_duration_seconds histogram');
      for (const [method, h] of histogram) {
        BUCKETS.forEach((le, i) => lines.push(`latchkey_http_request_duration_seconds_bucket{method="${method}",le="${le}"} ${h.buckets[i]}`));
        lines.push(`latchkey_http_request_duration_seconds_bucket{method="${method}",le="+Inf"} ${h.count}`);
        lines.push(`latchkey_http_request_duration_seconds_sum{method="${method}"} ${h.sum}`);
        lines.push(`latchkey_http_request_duration_seconds_count{method="${method}"} ${h.count}`);
      }
      for (const gauge of gauges) {
        let value: unknown;
        try {
          value = await gauge.read();
        } catch {
          continue; // e.g. the database is down: leave the series out rather than report a wrong value
        }
        lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
        if (typeof value === 'number') lines.push(`${gauge.name} ${value}`);
        else for (const [k, v] of Object.entries(value as Record<string, number>)) lines.push(`${gauge.name}{${gauge.label ?? 'kind'}="${escapeLabel(k)}"} ${v}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
