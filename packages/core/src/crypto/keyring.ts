import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { PlugboardError } from '../errors.js';
import { secretsEqual } from './secrets.js';

const ENVELOPE_VERSION = 'pb1';

/** Binds a ciphertext to where it lives, so a value copied to another row or field does not decrypt. */
export interface EnvelopeContext {
  workspaceId: string;
  rowId: string;
  field: string;
}

/** Encrypts with the first key; decrypts with whichever key id the envelope names (rotation). */
export interface KeyRing {
  encrypt(plaintext: string, context: EnvelopeContext): string;
  decrypt(envelope: string, context: EnvelopeContext): string;
  /** The id of the key that encrypts (a hash prefix, never the key). */
  readonly currentKeyId: string;
  /** Signs `data` with the current key's subkey for `purpose` (HMAC-SHA256): `<key id>.<signature>`. */
  sign(purpose: string, data: string): string;
  /** Checks a `sign` result with whichever key it names (rotation), in constant time. */
  verifySignature(purpose: string, data: string, signed: string): boolean;
}

/** Builds a key ring from base64 keys of 32 bytes each; refuses to exist without one. */
export function createKeyRing(keys: readonly string[]): KeyRing {
  if (keys.length === 0) {
    throw new PlugboardError('validation_error', 'At least one encryption key is required; refusing to start.');
  }
  const ring = keys.map((encoded, index) => {
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      throw new PlugboardError(
        'validation_error',
        `encryptionKeys[${index}] must be 32 random bytes in base64 (openssl rand -base64 32); it decodes to ${key.length} bytes.`,
      );
    }
    return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
  });
  const byId = new Map(ring.map((entry) => [entry.id, entry.key]));
  const current = ring[0]!;
  // A separate subkey per purpose, so a signature made for one use never passes as another.
  const mac = (key: Buffer, purpose: string, data: string) =>
    createHmac('sha256', Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `plugboard ${purpose}`, 32)))
      .update(data)
      .digest('base64url');

  return {
    currentKeyId: current.id,
    sign(purpose, data) {
      return `${current.id}.${mac(current.key, purpose, data)}`;
    },
    verifySignature(purpose, data, signed) {
      const [keyId, signature] = signed.split('.');
      const key = keyId === undefined ? undefined : byId.get(keyId);
      if (!key || signature === undefined) return false;
      return secretsEqual(signature, mac(key, purpose, data));
    },
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [ENVELOPE_VERSION, current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(envelope, context) {
      const [version, keyId, ivText, bodyText] = envelope.split('.');
      if (version !== ENVELOPE_VERSION || keyId === undefined || ivText === undefined || bodyText === undefined) {
        throw new PlugboardError('internal_error', `Cannot decrypt ${context.field}: unknown envelope.`);
      }
      const key = byId.get(keyId);
      if (!key) {
        // The row was written under a key this process was not given: a configuration problem, not a bug.
        throw new PlugboardError(
          'key_unavailable',
          `Cannot decrypt ${context.field}: encryption key ${keyId} is not in the key ring.`,
        );
      }
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(aad(context));
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new PlugboardError('internal_error', `Cannot decrypt ${context.field}: authentication failed.`, {
          cause,
        });
      }
    },
  };
}

function aad({ workspaceId, rowId, field }: EnvelopeContext): Buffer {
  return Buffer.from(JSON.stringify([workspaceId, rowId, field]), 'utf8');
}
