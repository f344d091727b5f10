import { describe, expect, it } from 'vitest';
import { decodeJwt } from './jwt.js';
import { readCounter, signInsPerDay } from './stats.js';

describe('overview numbers', () => {
  it('counts sign-ins per local day, oldest first, with empty days and nothing outside the window', () => {
    const now = new Date(2026, 0, 10, 15, 0).getTime();
    const at = (day: number, hour = 12) => new Date(2026, 0, day, hour).getTime();
    const days = signInsPerDay([at(10), at(10, 1), at(8), at(3), at(11)], now, 3);
    expect(days.map((d) => new Date(d.day).getDate())).toEqual([8, 9, 10]);
    expect(days.map((d) => d.count)).toEqual([1, 0, 2]);
  });

  it('reads a Prometheus counter, summing its label sets, and null when absent', () => {
    const text = '# HELP x\n# TYPE latchkey_tokens_minted_total counter\nlatchkey_tokens_minted_total 4\nlatchkey_tokens_minted_total{kind="t"} 2\nlatchkey_tokens_minted_total_other 9\n';
    expect(readCounter(text, 'latchkey_tokens_minted_total')).toBe(6);
    expect(readCounter(text, 'latchkey_missing')).toBeNull();
  });
});

describe('decodeJwt', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it('decodes header and payload, including non-ASCII text', () => {
    const token = `${part({ alg: 'RS256', kid: 'k1' })}.${part({ sub: 'user_1', name: 'Zoë' })}.sig`;
    expect(decodeJwt(token)).toEqual({ header: { alg: 'RS256', kid: 'k1' }, payload: { sub: 'user_1', name: 'Zoë' } });
  });

  it('refuses what is not a three-part token of JSON objects', () => {
    expect(() => decodeJwt('a.b')).toThrow(/three parts/);
    expect(() => decodeJwt(`${part([1])}.${part({})}.s`)).toThrow(/JSON object/);
    expect(() => decodeJwt('%%%.e30.s')).toThrow();
  });
});
