import { describe, expect, it } from 'vitest';
import { createRouteMatcher } from './route-matcher.js';
import { normalizePath } from './normalize-path.js';

const seeds = ['/', '/sign-in(.*)', '/sign-up(.*)', '/api/webhooks(.*)', '/api/public(.*)', '/admin(.*)', '/api/(.*)'];

describe('createRouteMatcher', () => {
  it('matches the seeds\' patterns as Clerk does', () => {
    const isPublic = createRouteMatcher(['/', '/sign-in(.*)', '/sign-up(.*)', '/api/webhooks(.*)', '/api/public(.*)']);
    expect(isPublic('/')).toBe(true);
    expect(isPublic('/sign-in')).toBe(true);
    expect(isPublic('/sign-in/factor-one')).toBe(true);
    expect(isPublic('/sign-up?redirect_url=/x')).toBe(true);
    expect(isPublic('/api/webhooks/latchkey')).toBe(true);
    expect(isPublic('/api/public')).toBe(true);
    expect(isPublic('/dashboard')).toBe(false);
    expect(isPublic('/api/private')).toBe(false);
    const isAdmin = createRouteMatcher('/admin(.*)');
    expect(isAdmin('/admin')).toBe(true);
    expect(isAdmin('/admin/users')).toBe(true);
    expect(isAdmin('/administrator')).toBe(true); // Clerk's (.*) is a plain suffix
    expect(isAdmin('/dashboard/admin')).toBe(false);
    const isApi = createRouteMatcher('/api/(.*)');
    expect(isApi('/api/x')).toBe(true);
    expect(isApi('/api')).toBe(false);
    expect(createRouteMatcher(seeds)('/anything-else')).toBe(false);
  });

  it('accepts Request, URL and absolute URL strings', () => {
    const isAdmin = createRouteMatcher(['/admin(.*)']);
    expect(isAdmin(new Request('http://localhost:3000/admin/x'))).toBe(true);
    expect(isAdmin(new URL('http://localhost:3000/admin'))).toBe(true);
    expect(isAdmin('http://localhost:3000/public')).toBe(false);
  });

  it('supports :param segments, modifiers and RegExps', () => {
    const m = createRouteMatcher(['/org/:slug/settings', '/files/:path*', /^\/legacy\//]);
    expect(m('/org/acme/settings')).toBe(true);
    expect(m('/org/acme/x/settings')).toBe(false);
    expect(m('/files')).toBe(true);
    expect(m('/files/a/b')).toBe(true);
    expect(m('/legacy/x')).toBe(true);
  });

  it('takes a predicate over the request', () => {
    const m = createRouteMatcher((req) => req.method === 'POST');
    expect(m(new Request('http://x/', { method: 'POST' }))).toBe(true);
    expect(m('/x')).toBe(false);
  });

  describe('bypass attempts against /admin(.*) all match', () => {
    const isAdmin = createRouteMatcher(['/admin(.*)']);
    it.each([
      ['encoded letters', '/%61dmin'],
      ['encoded slash', '/%2fadmin'],
      ['encoded slash inside', '/x%2F..%2Fadmin'],
      ['encoded dots', '/x/%2e%2e/admin'],
      ['encoded dot segment', '/%2e/admin'],
      ['mixed case', '/AdMiN/users'],
      ['upper-case escape', '/%41DMIN'],
      ['double slash', '//admin'],
      ['many slashes', '///admin//users'],
      ['dot segment', '/./admin'],
      ['parent segment', '/x/../admin'],
      ['parent past root', '/../../admin'],
      ['semicolon parameter', '/admin;jsessionid=1'],
      ['semicolon in a prior segment', '/;x/admin'],
      ['semicolon before the segment', '/x;/../admin'],
      ['trailing slash', '/admin/'],
      ['trailing dot', '/admin.'],
      ['trailing dots', '/admin../'],
      ['backslash', '/\\admin'],
      ['encoded backslash', '/x%5c..%5cadmin'],
      ['absolute URL', 'http://localhost//admin'],
    ])('%s: %s', (_name, path) => {
      expect(isAdmin(path)).toBe(true);
    });

    it.each([
      ['encoded newline', '/admin%0a'],
      ['encoded newline before', '/%0aadmin'],
      ['encoded carriage return', '/admin%0d%0a/x'],
      ['encoded NUL', '/admin%00'],
      ['encoded tab', '/%09admin'],
      ['Unicode line separator', '/admin%E2%80%A8'],
      ['Unicode paragraph separator', '/%E2%80%A9admin'],
      ['raw line separator', '/admin\u2028'],
      ['malformed escape', '/admin%zz'],
      ['truncated escape', '/admin%2'],
      ['invalid UTF-8', '/admin%c0%af'],
      ['overlong slash', '/%c0%afadmin'],
    ])('rejects %s (%s) as malformed instead of guessing', (_name, path) => {
      expect(() => isAdmin(path)).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED_PATH', status: 400 }));
    });

    it('decodes exactly once: a double-encoded path stays literal (the app decodes once too)', () => {
      expect(normalizePath('/%2561dmin')).toBe('/%61dmin');
    });
  });

  it('normalizePath documents the canonical form', () => {
    expect(normalizePath('/x/..//ADMIN;jsessionid=1/')).toBe('/admin');
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('')).toBe('/');
  });
});
