import type { Store } from '../../../store/contract.js';
import type { SettingsService } from '../../settings/settings-service.js';

/**
 * The longest a token signed with an instance key stays valid, clock skew
 * included: session tokens, or the longest-lived JWT template signed with
 * the instance keys (templates with their own secret do not count). A
 * retired key stays in the JWKS this long, so that no token it signed stops
 * verifying early.
 */
export async function maxTokenLifetimeSeconds(store: Store, settings: SettingsService): Promise<number> {
  const [s, templates] = await Promise.all([settings.get(), store.jwtTemplates.maxInstanceSignedLifetimeSeconds()]);
  return Math.max(s.sessionTokenTtlSeconds + s.clockSkewSeconds, templates);
}
