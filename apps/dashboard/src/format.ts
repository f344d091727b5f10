/** Durations and times for people; the same duration syntax as the CLI (`90`, `30m`, `12h`, `7d`, `1h30m`). */
const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds, or null when the text is not a duration. Plain numbers are seconds. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+)\s*([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s+/g, '') !== trimmed.replace(/\s+/g, '')) return null;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/** 604800 → "7d", 5400 → "1h 30m", 45 → "45s", null → "off". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'off';
  if (seconds === 0) return '0s';
  let rest = Math.abs(Math.round(seconds));
  const out: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return (seconds < 0 ? '-' : '') + out.join(' ');
}

/** "2026-01-01 14:03" in the viewer's time zone. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "3m ago", "in 2h". */
export function formatRelative(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return '—';
  const delta = Math.round((ms - now) / 1000);
  if (Math.abs(delta) < 5) return 'just now';
  const text = formatDuration(Math.abs(delta)).split(' ')[0];
  return delta < 0 ? `${text} ago` : `in ${text}`;
}
