import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMatcher, isStaticPath } from './constants.js';

describe('defaultMatcher', () => {
  it('is what examples/nextjs/proxy.ts writes literally (Next reads config statically)', () => {
    const proxy = readFileSync(new URL('../../../../examples/nextjs/proxy.ts', import.meta.url), 'utf8');
    for (const pattern of defaultMatcher) expect(proxy).toContain(`'${pattern.replace(/\\/g, '\\\\')}'`);
  });

  it('skips Next internals and static files but not pages, API routes or JSON', () => {
    const first = new RegExp(`^${defaultMatcher[0]}$`);
    expect(first.test('/_next/static/chunk.js')).toBe(false);
    expect(first.test('/logo.png')).toBe(false);
    expect(first.test('/dashboard')).toBe(true);
    expect(first.test('/data.json')).toBe(true);
    expect(isStaticPath('/_next/image')).toBe(true);
    expect(isStaticPath('/styles/site.css')).toBe(true);
    expect(isStaticPath('/api/data.json')).toBe(false);
    expect(isStaticPath('/dashboard')).toBe(false);
  });
});
