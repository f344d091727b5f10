/**
 * The instance's signing keys and their lifecycle:
 *
 *   pending ──(activate_at reached)──▶ active ──(a newer key activates)──▶ retired ──(expires_at)──▶ deleted
 *
 * A rotated-in key is published in the JWKS while `pending`, before it signs
 * anything, so verifiers holding a cached JWKS see it in time; a retired key
 * stays published until the last token it could have signed has expired.
 * Every instance applies due transitions when it reloads, idempotently, so
 * several servers on one database converge without coordination.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm, SigningKeyRecord, Store } from '../../store/contract.js';
import { createJwtSigner, type JwtSigner } from '../tokens/sign-jwt.js';
import type { CryptoBox } from './crypto-box.js';
import { generateSigningKey } from './generate-signing-key.js';

export interface Keyring {
  /** Loads keys, creating the first one on a new instance. */
  initialize(algorithm: SigningAlgorithm): Promise<void>;
  /** The signer of the active key. */
  signer(): Promise<JwtSigner>;
  /** Public keys to publish: pending, active and not yet expired retired keys. */
  jwks(): Promise<{ keys: JsonWebKey[] }>;
  /** The public key for a `kid` we published (to check our own tokens), or null. */
  publicKey(kid: string): Promise<{ key: KeyObject; algorithm: SigningAlgorithm } | null>;
  list(): Promise<SigningKeyRecord[]>;
  /**
   * Adds a new key. It signs after the publish delay, or at once with
   * `immediate` (for a compromised key: verifiers refetch on an unknown kid).
   */
  rotate(options: { algorithm: SigningAlgorithm; immediate?: boolean }): Promise<SigningKeyRecord>;
}

export function createKeyring(options: {
  store: Store;
  box: CryptoBox;
  now: () => number;
  reloadIntervalMs: number;
  publishDelaySeconds: number;
  /** Longest lifetime (plus skew) of any token we mint, for retiring keys. */
  maxTokenLifetimeSeconds: () => Promise<number>;
}): Keyring {
  const { store, box, now } = options;
  let keys: SigningKeyRecord[] = [];
  let loadedAt = -Infinity;
  let inflight: Promise<void> | null = null;
  const signers = new Map<string, JwtSigner>();
  const publicKeys = new Map<string, KeyObject>();

  async function applyDueTransitions(list: SigningKeyRecord[]): Promise<SigningKeyRecord[]> {
    const at = now();
    const due = list.filter((k) => k.status === 'pending' && k.activateAt <= at).sort((a, b) => b.activateAt - a.activateAt);
    const newest = due[0];
    if (newest) {
      const retireUntil = at + (await options.maxTokenLifetimeSeconds()) * 1000;
      for (const key of list) {
        if (key.kid === newest.kid) continue;
        if (key.status === 'active' || key.status === 'pending' && key.activateAt <= at) {
          await store.signingKeys.update(key.kid, { status: 'retired', retiredAt: at, expiresAt: retireUntil });
        }
      }
      await store.signingKeys.update(newest.kid, { status: 'active' });
    }
    for (const key of list) {
      if (key.status === 'retired' && key.expiresAt !== null && key.expiresAt <= at) await store.signingKeys.delete(key.kid);
    }
    return newest || list.some((k) => k.status === 'retired' && k.expiresAt !== null && k.expiresAt <= at)
      ? store.signingKeys.list()
      : list;
  }

  async function load(): Promise<void> {
    keys = await applyDueTransitions(await store.signingKeys.list());
    loadedAt = now();
  }

  async function current(): Promise<SigningKeyRecord[]> {
    if (now() - loadedAt >= options.reloadIntervalMs) {
      inflight ??= load().finally(() => {
        inflight = null;
      });
      await inflight;
    }
    return keys;
  }

  async function insert(algorithm: SigningAlgorithm, activateAt: number): Promise<SigningKeyRecord> {
    const generated = await generateSigningKey(algorithm);
    const record: SigningKeyRecord = {
      kid: generated.kid,
      algorithm,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: box.seal(generated.privateKeyPem),
      status: 'pending',
      createdAt: now(),
      activateAt,
      retiredAt: null,
      expiresAt: null,
    };
    await store.signingKeys.insert(record);
    return record;
  }

  return {
    async initialize(algorithm) {
      await load();
      if (!keys.some((k) => k.status === 'active' || k.status === 'pending')) {
        await insert(algorithm, now());
        await load();
      }
      const active = keys.find((k) => k.status === 'active');
      // Fail at start, not at the first sign-in, when the secret key changed.
      if (active) {
        try {
          box.open(active.privateKeyCiphertext);
        } catch (cause) {
          throw new Error(
            'The signing keys in this database were encrypted with a different secret key; set LATCHKEY_SECRET_KEY to the key this instance was created with',
            { cause },
          );
        }
      }
    },
    async signer() {
      const active = (await current()).find((k) => k.status === 'active');
      if (!active) throw new Error('No active signing key');
      let signer = signers.get(active.kid);
      if (!signer) {
        signer = createJwtSigner(active.kid, active.algorithm, createPrivateKey(box.open(active.privateKeyCiphertext)));
        signers.set(active.kid, signer);
      }
      return signer;
    },
    async jwks() {
      return { keys: (await current()).map((k) => k.publicJwk) };
    },
    async publicKey(kid) {
      const record = (await current()).find((k) => k.kid === kid);
      if (!record) return null;
      let key = publicKeys.get(kid);
      if (!key) {
        key = createPublicKey({ key: record.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
        publicKeys.set(kid, key);
      }
      return { key, algorithm: record.algorithm };
    },
    list: current,
    async rotate({ algorithm, immediate }) {
      const record = await insert(algorithm, immediate ? now() : now() + options.publishDelaySeconds * 1000);
      await load();
      return keys.find((k) => k.kid === record.kid) ?? record;
    },
  };
}
