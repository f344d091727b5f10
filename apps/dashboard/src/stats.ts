/** Numbers for the overview page, computed from Backend API lists. */

export interface DayCount {
  /** Local midnight of the day, Unix ms. */
  day: number;
  count: number;
}

const startOfDay = (ms: number) => {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/** Sign-ins (sessions created) per local day over the last `days` days, oldest first, zero days included. */
export function signInsPerDay(createdAt: number[], now: number, days: number): DayCount[] {
  const out: DayCount[] = [];
  const today = startOfDay(now);
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(today);
    d.setDate(d.getDate() - i);
    out.push({ day: d.getTime(), count: 0 });
  }
  const index = new Map(out.map((d, i) => [d.day, i]));
  for (const at of createdAt) {
    const i = index.get(startOfDay(at));
    if (i !== undefined) out[i]!.count++;
  }
  return out;
}

/** The value of a Prometheus counter in a /metrics text (summed over its label sets), or null when absent. */
export function readCounter(metricsText: string, name: string): number | null {
  let total: number | null = null;
  for (const line of metricsText.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && match[1] === name) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}
