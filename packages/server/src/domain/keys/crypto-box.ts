import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for private signing keys (and any other secret the
 * server must read back): AES-256-GCM under a key derived with HKDF-SHA256
 * from the instance secret key, so a copy of the database alone reveals no
 * private key. Format: `v1.<iv>.<ciphertext+tag>`, base64url.
 */
export interface CryptoBox {
  seal(plaintext: string): string;
  /** Throws when the box was sealed under another secret key or was tampered with. */
  open(sealed: string): string;
}

export function createCryptoBox(secretKey: string, purpose = 'latchkey signing keys v1'): CryptoBox {
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'latchkey', purpose, 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !body) throw new Error('Unrecognised sealed value');
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}
