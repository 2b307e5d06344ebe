import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing } from '../src/index.js';

const key = () => randomBytes(32).toString('base64');
const where = { workspaceId: 'ws1', rowId: 'row1', field: 'connections.credentials' };

describe('rule 7.5: envelope encryption', () => {
  it('round-trips with AES-256-GCM and a fresh IV each time', () => {
    const ring = createKeyRing([key()]);
    const a = ring.encrypt('secret-token', where);
    const b = ring.encrypt('secret-token', where);
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-token');
    expect(a.split('.')[1]).toBe(ring.currentKeyId);
    expect(ring.decrypt(a, where)).toBe('secret-token');
  });

  it('binds the ciphertext to workspace, row and field (AAD)', () => {
    const ring = createKeyRing([key()]);
    const sealed = ring.encrypt('secret-token', where);
    for (const moved of [
      { ...where, workspaceId: 'ws2' },
      { ...where, rowId: 'row2' },
      { ...where, field: 'oauth_apps.client_secret' },
    ]) {
      expect(() => ring.decrypt(sealed, moved)).toThrow(/authentication failed/);
    }
  });

  it('rotates: the first key encrypts, older keys still decrypt', () => {
    const oldKey = key();
    const sealedWithOld = createKeyRing([oldKey]).encrypt('v', where);
    const rotated = createKeyRing([key(), oldKey]);
    expect(rotated.decrypt(sealedWithOld, where)).toBe('v');
    expect(rotated.encrypt('v', where).split('.')[1]).toBe(rotated.currentKeyId);
    expect(() => createKeyRing([key()]).decrypt(sealedWithOld, where)).toThrow(
      /encryption key [0-9a-f]{12} is not in the key ring/,
    );
  });

  it('refuses to exist without a key, or with a key that is not 32 bytes', () => {
    expect(() => createKeyRing([])).toThrow(/refusing to start/);
    expect(() => createKeyRing([randomBytes(16).toString('base64')])).toThrow(/decodes to 16 bytes/);
  });

  it('detects tampering', () => {
    const ring = createKeyRing([key()]);
    const parts = ring.encrypt('secret-token', where).split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), where)).toThrow();
  });
});
