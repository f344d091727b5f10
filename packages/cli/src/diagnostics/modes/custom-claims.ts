/**
 * `latchkey test custom-claims`: a JWT template produces the claims it
 * promises for a real user. Without --template, a temporary template with
 * user shortcodes is created (and deleted); with one, its claims (or
 * --expect-claim) must all come out, and a missing one is explained.
 */
import { randomBytes } from 'node:crypto';
import type { JwtTemplateJson } from '@latchkey/backend';
import { LatchkeyApiError } from '@latchkey/backend/errors';
import { decodeJwt } from '@latchkey/backend/jwt';
import { listOf } from '../../lib/api.js';
import { explainRejection } from '../explain.js';
import { keySourceOf, rejectionOf, setUp, tearDown, verifyAsApp, type DiagnosticOptions } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';

const probeClaims = { user_id: '{{user.id}}', email: '{{user.primary_email_address}}', role: '{{user.public_metadata.role}}' };

/** Why a claim the template should produce is absent or empty. */
function whyMissing(name: string, template: JwtTemplateJson): string {
  const defined = template.claims[name];
  const list = Object.keys(template.claims).join(', ') || 'none';
  if (defined === undefined) {
    return `template claim missing: template "${template.name}" defines no claim "${name}" (its claims: ${list}). Add it: latchkey jwt-template show ${template.name}, then recreate it with --claims.`;
  }
  const shortcodes = JSON.stringify(defined).match(/\{\{[^}]+\}\}/g);
  if (shortcodes) {
    return `template claim empty: "${name}" is ${JSON.stringify(defined)}, and ${shortcodes.join(', ')} resolved to nothing for this user (e.g. no such key in public_metadata, or no active organization). Set the data, or add a fallback: {{user.public_metadata.role || "member"}}.`;
  }
  return `"${name}" is a constant in template "${template.name}" but the token does not carry it: the server dropped it (reserved claim names are set by the server).`;
}

export async function runCustomClaims(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  try {
    const template = await report.step(dx.template ? `template "${dx.template}" exists` : 'temporary template created', async () => {
      try {
        if (dx.template) {
          const found = listOf(await dx.api.client.jwtTemplates.list()).find((t) => t.name === dx.template || t.id === dx.template);
          if (!found) return fail(`no template named "${dx.template}"`, 'create it with latchkey jwt-template create, or check the name with latchkey jwt-template list.');
          return passWith(`${found.id}, claims: ${Object.keys(found.claims).join(', ')}`, found);
        }
        await dx.api.client.users.updateUserMetadata(f.userId, { public_metadata: { role: 'latchkey-test' } });
        const created = await dx.api.client.jwtTemplates.create({ name: `latchkey-test-${randomBytes(4).toString('hex')}`, claims: probeClaims, lifetime: 60, allowed_clock_skew: 5 });
        f.cleanups.push(() => dx.api.client.jwtTemplates.delete(created.id));
        return passWith(created.name, created);
      } catch (error) {
        if (error instanceof LatchkeyApiError && error.status === 404 && !dx.template) {
          return fail('POST /v1/jwt_templates answered 404', 'this server has no JWT templates API (an older Latchkey server).');
        }
        throw error;
      }
    }, { required: true });
    const minted = await report.step('template token minted for the session', async () => {
      const { jwt } = await dx.api.client.sessions.getToken(f.sessionId, template!.name);
      return jwt;
    }, { required: true });
    if (!template || !minted) return;
    const claims = decodeJwt<Record<string, unknown>>(minted).payload;
    if (template?.custom_signing_key) {
      report.record({ name: 'template token signature', status: 'skip', detail: 'signed with the template\'s own key, which only its consumer (e.g. Supabase) holds' });
    } else {
      await report.step(`template token signature checks out with ${keySourceOf(dx)}`, async () => {
        const reason = await rejectionOf(verifyAsApp(dx, minted, { now: () => new Date(Number(claims.iat) * 1000) }));
        if (reason) fail(`rejected: ${reason}`, explainRejection(reason, { keySource: keySourceOf(dx) }));
      });
    }
    await report.step('standard claims present (sub, iat, exp, iss)', async () => {
      if (claims.sub !== f.userId) fail(`sub is ${JSON.stringify(claims.sub)}, expected ${f.userId}`);
      const missing = ['iat', 'exp', 'iss'].filter((k) => claims[k] === undefined);
      if (missing.length) fail(`missing ${missing.join(', ')}`);
      if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp - claims.iat !== template.lifetime) {
        fail(`exp − iat is ${claims.exp - claims.iat}s, the template's lifetime is ${template.lifetime}s`);
      }
    });
    const expected = dx.expectClaims.length ? dx.expectClaims : Object.keys(template.claims);
    for (const name of expected) {
      await report.step(`claim "${name}" present`, async () => {
        const value = claims[name];
        if (value === undefined || value === null || value === '') fail(value === undefined ? 'absent from the token' : `empty (${JSON.stringify(value)})`, whyMissing(name, template));
        return passWith(JSON.stringify(value).slice(0, 80), true);
      });
    }
    if (!dx.template) {
      await report.step('shortcodes resolved to this user\'s data', async () => {
        const want = { user_id: f.userId, email: f.email, role: 'latchkey-test' };
        const wrong = Object.entries(want).filter(([k, v]) => claims[k] !== v);
        if (wrong.length) fail(wrong.map(([k, v]) => `${k} is ${JSON.stringify(claims[k])}, expected ${JSON.stringify(v)}`).join('; '));
      });
    }
  } finally {
    await tearDown(report, f);
  }
}
