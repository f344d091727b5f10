import type { JwtTemplateRecord } from '../../../store/contract.js';
import type { DomainContext } from '../../context.js';
import { loadTokenContext, type TokenRequest } from '../load-token-context.js';
import { compileClaims } from './compile-claims.js';
import { createShortcodeResolver } from './shortcodes.js';
import { signHmacJwt } from './sign-hmac-jwt.js';

/** The claims every template token carries and no template may set (Clerk's default claims of custom JWTs). */
export const TEMPLATE_RESERVED_CLAIMS: ReadonlySet<string> = new Set(['azp', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);

/**
 * Mints one token from a template for an active session: the template's
 * claims rendered for the session's user and organization, then `azp`
 * (when an allowed origin asked), `exp` (now + lifetime), `iat`, `iss`,
 * `jti`, `nbf` (now − allowed clock skew) and `sub`. Signed with the
 * template's own secret when it has one, else with the instance's active key.
 */
export async function mintFromTemplate(
  ctx: DomainContext,
  template: JwtTemplateRecord,
  input: TokenRequest,
): Promise<{ jwt: string; claims: Record<string, unknown> }> {
  const context = await loadTokenContext(ctx, input);
  const compiled = compileClaims(template.claims, { reserved: TEMPLATE_RESERVED_CLAIMS });
  const iat = Math.floor(ctx.now() / 1000);
  const jti = new Uint8Array(10);
  ctx.random(jti);
  const claims = {
    ...compiled.render(createShortcodeResolver(context)),
    ...(input.azp ? { azp: input.azp } : {}),
    exp: iat + template.lifetimeSeconds,
    iat,
    iss: ctx.config.publicUrl,
    jti: Buffer.from(jti).toString('hex'),
    nbf: iat - template.allowedClockSkewSeconds,
    sub: context.user.id,
  };
  const jwt =
    template.signingAlgorithm && template.signingKeyCiphertext
      ? signHmacJwt(template.signingAlgorithm, ctx.templates.secrets.open(template.signingKeyCiphertext), claims)
      : (await ctx.keys.signer()).sign(claims);
  return { jwt, claims };
}
