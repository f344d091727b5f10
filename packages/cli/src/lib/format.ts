/** Durations, times and tables for people (the `--json` output keeps raw numbers). */
import { usageError } from './io.js';

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses `90`, `90s`, `30m`, `12h`, `7d`, `2w` or `1h30m` into seconds. Plain
 * numbers are seconds, like every `_seconds` setting on the wire.
 */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+)\s*([smhdw])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed.replace(/\s+/g, '')) {
    throw usageError(`${what}: "${text}" is not a duration (examples: 90, 90s, 30m, 12h, 7d, 1h30m)`, 'invalid_duration');
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

/** 604800 → "7d", 5400 → "1h 30m", 45 → "45s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'off';
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(Math.round(seconds));
  const out: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      out.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + out.join(' ');
}

/** An absolute time with how far it is from `nowMs`: "2026-01-01 00:01:00Z (in 59s)". */
export function formatTime(ms: number | null | undefined, nowMs = Date.now()): string {
  if (ms === null || ms === undefined) return '—';
  const iso = new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  const delta = Math.round((ms - nowMs) / 1000);
  const rel = delta === 0 ? 'now' : delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return `${iso} (${rel})`;
}

const visible = (s: string) => s.replace(/\u001b\[\d+m/g, '').length;

/** Left-aligned columns separated by two spaces; the first row is the header. */
export function table(rows: string[][], bold: (s: string) => string = String): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows
    .map((row, r) =>
      row
        .map((cell, i) => {
          const padded = i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell));
          return r === 0 ? bold(padded) : padded;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A secret shown by its first characters only (never in full unless asked). */
export const maskSecret = (secret: string) => `${secret.slice(0, 12)}…`;
