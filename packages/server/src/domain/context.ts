import type { Cache } from '../cache/contract.js';
import type { Logger, ServerConfig } from '../config/schema.js';
import type { Store } from '../store/contract.js';
import type { DomainEvents, EventOutbox } from './events.js';
import type { RandomSource } from './ids.js';
import type { CryptoBox } from './keys/crypto-box.js';
import type { Keyring } from './keys/keyring.js';
import type { RevocationHub } from './revocations/revocation-hub.js';
import type { SettingsService } from './settings/settings-service.js';
import type { CompiledClaims } from './tokens/templates/compile-claims.js';

/** Everything a domain operation may use; built once in `index.ts`. */
export interface DomainContext {
  store: Store;
  cache: Cache;
  config: ServerConfig;
  settings: SettingsService;
  keys: Keyring;
  /** Current time in Unix milliseconds (the injected clock). */
  now(): number;
  random: RandomSource;
  logger: Logger;
  events: DomainEvents;
  /** Where `inTransaction` writes events with their change (the webhook outbox); absent: not recorded. */
  outbox?: EventOutbox;
  /** The revocation feed, told of user-wide revocations (ban, sign out everywhere); absent: single-session entries only. */
  revocations?: RevocationHub;
  /**
   * Throws `organization_membership_not_found` unless the user may make this
   * organization active. Organizations plug in here (see `domain/orgs`).
   */
  assertActiveOrganization(userId: string, organizationId: string): Promise<void>;
  /** Named JWT templates (see `domain/tokens/mint-template-token.ts`). */
  templates: TemplateRegistry;
}

export interface TemplateRegistry {
  getByName(name: string): Promise<{
    mint(ctx: DomainContext, input: { sessionId: string; clientId?: string; azp?: string }): Promise<{ jwt: string }>;
  } | null>;
  /** The custom claims merged into every session token, compiled (re-read at most every reload interval); null when none. */
  sessionClaims(): Promise<CompiledClaims | null>;
  /** Forgets what is cached, after a change made in this process. */
  reload(): void;
  /** Encrypts (and decrypts) a template's own signing secret for storage. */
  secrets: CryptoBox;
}
