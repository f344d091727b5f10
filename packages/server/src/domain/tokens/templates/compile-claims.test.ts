import { describe, expect, it } from 'vitest';
import type { SessionTokenContext } from '../../../store/contract.js';
import { compileClaims } from './compile-claims.js';
import { TEMPLATE_RESERVED_CLAIMS } from './mint-from-template.js';
import { createShortcodeResolver } from './shortcodes.js';

const at = Date.UTC(2026, 0, 1);
const base: SessionTokenContext = {
  session: {
    id: 'sess_1', userId: 'user_1', clientId: 'client_1', status: 'active', createdAt: at, updatedAt: at, lastActiveAt: at,
    expireAt: at + 1e6, abandonAt: null, endedAt: null, lastActiveOrganizationId: 'org_1', latestActivity: null, actor: null,
  },
  user: {
    id: 'user_1', emailAddress: 'maria@example.com', emailAddressId: 'idn_1', passwordHash: null, firstName: 'Maria', lastName: 'Doe',
    externalId: 'ext-7', publicMetadata: { profile: { interests: ['reading', 'climbing'] }, role: 'editor', age: 0, flags: { beta: false } },
    privateMetadata: { ssn: 'never' }, unsafeMetadata: { foo: { bar: 42 } }, banned: false, locked: false,
    createdAt: 1_227_618_844_000, updatedAt: at, lastSignInAt: null,
  },
  organization: {
    organization: {
      id: 'org_1', name: 'Acme', slug: 'acme', maxAllowedMemberships: 0, adminDeleteEnabled: true, publicMetadata: { tier: 'gold' },
      privateMetadata: { internal: true }, createdBy: null, createdAt: at, updatedAt: at,
    },
    membership: {
      id: 'orgmem_1', organizationId: 'org_1', userId: 'user_1', role: 'org:admin', publicMetadata: { team: 'core' }, privateMetadata: {},
      createdAt: at, updatedAt: at,
    },
    permissions: ['org:sys_memberships:manage', 'org:reports:read', 'org:reports:manage'],
  },
};
const withoutOrg: SessionTokenContext = { ...base, organization: null };

const render = (claims: Record<string, unknown>, context = base) =>
  compileClaims(claims, { reserved: TEMPLATE_RESERVED_CLAIMS }).render(createShortcodeResolver(context));
const one = (expression: string, context = base) => render({ v: expression }, context).v;

describe('JWT template shortcodes', () => {
  it.each([
    ['{{user.id}}', 'user_1'],
    ['{{user.external_id}}', 'ext-7'],
    ['{{user.first_name}}', 'Maria'],
    ['{{user.last_name}}', 'Doe'],
    ['{{user.full_name}}', 'Maria Doe'],
    ['{{user.username}}', null],
    ['{{user.primary_email_address}}', 'maria@example.com'],
    ['{{user.email_verified}}', true],
    ['{{user.primary_phone_number}}', null],
    ['{{user.phone_number_verified}}', false],
    ['{{user.image_url}}', null],
    ['{{user.has_image}}', false],
    ['{{user.two_factor_enabled}}', false],
    ['{{user.created_at}}', 1_227_618_844],
    ['{{user.updated_at}}', at / 1000],
    ['{{user.last_sign_in_at}}', null],
    ['{{user.public_metadata}}', { profile: { interests: ['reading', 'climbing'] }, role: 'editor', age: 0, flags: { beta: false } }],
    ['{{user.public_metadata.profile.interests}}', ['reading', 'climbing']],
    ['{{user.public_metadata.profile.interests.1}}', 'climbing'],
    ['{{user.public_metadata.role}}', 'editor'],
    ['{{user.public_metadata.missing.deeper}}', null],
    ['{{user.unsafe_metadata}}', { foo: { bar: 42 } }],
    ['{{user.unsafe_metadata.foo.bar}}', 42],
    ['{{org.id}}', 'org_1'],
    ['{{org.name}}', 'Acme'],
    ['{{org.slug}}', 'acme'],
    ['{{org.image_url}}', null],
    ['{{org.has_image}}', false],
    ['{{org.created_at}}', at / 1000],
    ['{{org.public_metadata}}', { tier: 'gold' }],
    ['{{org.public_metadata.tier}}', 'gold'],
    ['{{org_membership.role}}', 'org:admin'],
    ['{{org_membership.permissions}}', ['org:reports:manage', 'org:reports:read']],
    ['{{org_membership.public_metadata.team}}', 'core'],
    ['{{session.id}}', 'sess_1'],
    ['{{session.actor}}', null],
    ['{{user.i_dont_exist}}', null],
    ['{{nothing.at.all}}', null],
    ['{{  user.id  }}', 'user_1'],
    ['  {{user.id}}  ', 'user_1'],
  ])('%s → %j (its own type)', (expression, value) => {
    expect(one(expression)).toEqual(value);
  });

  it('gives null for every org.* and org_membership.* without an active organization', () => {
    for (const code of ['org.id', 'org.name', 'org.slug', 'org.public_metadata', 'org_membership.role', 'org_membership.permissions']) {
      expect(one(`{{${code}}}`, withoutOrg), code).toBeNull();
    }
  });

  it('carries the actor of an impersonated session', () => {
    expect(one('{{session.actor}}', { ...base, session: { ...base.session, actor: { sub: 'user_admin' } } })).toEqual({ sub: 'user_admin' });
  });

  it('does not read prototype members as shortcodes', () => {
    for (const code of ['__proto__.x', 'user.constructor', 'user.public_metadata.constructor', 'user.toString']) expect(one(`{{${code}}}`), code).toBeNull();
  });
});

describe('interpolation', () => {
  it('builds strings, printing null as Clerk does and objects as JSON', () => {
    expect(render({
      full_name: '{{user.last_name}} {{user.first_name}}',
      greeting: 'Hello, {{user.first_name}}!',
      missing: '{{user.username}} Maria',
      number: 'age {{user.public_metadata.age}}',
      boolean: 'verified={{user.email_verified}}',
      object: 'meta={{user.unsafe_metadata}}',
      url: 'https://api.example.com/{{org.slug}}/{{user.id}}',
      plain: 'no shortcodes }} here',
    })).toEqual({
      full_name: 'Doe Maria',
      greeting: 'Hello, Maria!',
      missing: 'null Maria',
      number: 'age 0',
      boolean: 'verified=true',
      object: 'meta={"foo":{"bar":42}}',
      url: 'https://api.example.com/acme/user_1',
      plain: 'no shortcodes }} here',
    });
  });

  it('renders nested objects and arrays, and leaves static values as they are', () => {
    expect(render({ a: { b: ['{{user.id}}', 1, null, true, { c: '{{org.slug}}' }] }, n: 3, z: null })).toEqual({
      a: { b: ['user_1', 1, null, true, { c: 'acme' }] },
      n: 3,
      z: null,
    });
  });
});

describe('|| fallbacks', () => {
  it.each([
    // The first operand that is neither null nor false wins…
    ["{{user.username || user.first_name}}", 'Maria'],
    ["{{user.username || 'Awesome User'}}", 'Awesome User'],
    ['{{user.public_metadata.age || 30}}', 0], // 0 is not null or false: it stays (Clerk's rule)
    ['{{user.public_metadata.nope || user.unsafe_metadata.nope || 30}}', 30],
    ['{{user.phone_number_verified || user.email_verified}}', true],
    ['{{user.public_metadata.flags.beta || true}}', true],
    ['{{user.public_metadata.missing || -1.5}}', -1.5],
    ["{{org.id || 'personal'}}", 'org_1'],
    // …else the last one, whatever it is.
    ['{{user.username || user.primary_phone_number}}', null],
    ['{{user.phone_number_verified || false}}', false],
    ["{{ user.username||'a'||'b' }}", 'a'],
  ])('%s → %j', (expression, value) => {
    expect(one(expression)).toEqual(value);
  });

  it('falls back per organization', () => {
    expect(one("{{org.slug || 'personal'}}", withoutOrg)).toBe('personal');
    expect(one("{{org_membership.role || 'org:none'}}", withoutOrg)).toBe('org:none');
  });

  it('reads string literals with escapes, || and }} inside them', () => {
    expect(one("{{user.username || 'it\\'s || {{fine}}'}}")).toBe("it's || {{fine}}");
    expect(one("{{user.username || 'back\\\\slash'}}")).toBe('back\\slash');
  });

  it('works inside interpolation', () => {
    expect(one("{{user.username || 'anon'}}@{{org.slug || 'personal'}}", withoutOrg)).toBe('anon@personal');
  });
});

describe('claims refused when the template is saved', () => {
  const refuse = (claims: unknown, pattern: RegExp) => {
    let error: unknown;
    try {
      compileClaims(claims, { reserved: TEMPLATE_RESERVED_CLAIMS });
    } catch (e) {
      error = e;
    }
    expect(error, JSON.stringify(claims)).toMatchObject({ code: 'jwt_template_invalid', meta: { param_name: 'claims' } });
    expect((error as Error).message).toMatch(pattern);
  };

  it.each([
    [{ v: '{{user.id' }, /not closed/],
    [{ v: '{{}}' }, /empty/],
    [{ v: '{{user.id ||}}' }, /missing after \|\|/],
    [{ v: '{{user.id | user.name}}' }, /expected \|\|/],
    [{ v: '{{user.id user.name}}' }, /expected \|\|/],
    [{ v: "{{user.username || 'it''s'}}" }, /expected \|\|/],
    [{ v: "{{'open}}" }, /not closed/],
    [{ v: '{{null}}' }, /not a shortcode/],
    [{ v: '{{user..id}}' }, /not a shortcode/],
    [{ v: '{{1e5}}' }, /not a shortcode/],
    [{ nested: { deep: ['{{user.private_metadata}}'] } }, /private metadata/],
    [{ v: "{{user.username || user.private_metadata.ssn || 'x'}}" }, /private metadata/],
    [{ v: '{{org.private_metadata}}' }, /private metadata/],
    [{ sub: 'someone-else' }, /sub is set by Latchkey/],
    [{ exp: 1, iat: 2 }, /exp, iat are set by Latchkey/],
    [['not', 'an', 'object'], /JSON object/],
    [null, /JSON object/],
    [{ big: 'x'.repeat(40_000) }, /at most/],
  ])('%j', (claims, pattern) => refuse(claims, pattern));

  it('refuses claims nested deeper than 16 levels', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { d: deep };
    refuse(deep, /deeper/);
  });
});
