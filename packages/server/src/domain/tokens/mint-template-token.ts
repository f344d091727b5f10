import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import type { MintedToken, MintSessionTokenInput } from './mint-session-token.js';

/**
 * Mints a token from a named JWT template for an active session. Templates
 * are looked up in the store by name; an unknown name is `template_not_found`.
 */
export async function mintTemplateToken(
  ctx: DomainContext,
  input: MintSessionTokenInput & { template: string },
): Promise<Pick<MintedToken, 'jwt'>> {
  const template = await ctx.templates.getByName(input.template);
  if (!template) {
    throw new LatchkeyDomainError(DomainErrorCode.TemplateNotFound, `There is no JWT template named "${input.template}"`);
  }
  return template.mint(ctx, input);
}
