import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Seals typed, expiring payloads as `<base64url JSON>.<base64url HMAC-SHA256>`.
 * Each purpose derives its own key, so a value sealed for one purpose (a consent transaction)
 * can never be opened as another (an access token).
 */
export class SealedValues<T> {
  readonly #key: Buffer;
  readonly #envelope: z.ZodType<{ payload: T; expiresAt: number }>;
  readonly #now: () => number;

  constructor(signingKey: Buffer, purpose: string, schema: z.ZodType<T>, now: () => number) {
    this.#key = createHmac('sha256', signingKey).update(purpose).digest();
    this.#envelope = z.object({ payload: schema, expiresAt: z.number() }) as z.ZodType<{
      payload: T;
      expiresAt: number;
    }>;
    this.#now = now;
  }

  /** Seals `payload` until `expiresAt` (epoch milliseconds). */
  seal(payload: T, expiresAt: number): string {
    const body = Buffer.from(JSON.stringify({ payload, expiresAt })).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The payload and expiry of an authentic, unexpired value; undefined for anything else. */
  open(value: string): { payload: T; expiresAt: number } | undefined {
    const [body, mac, extra] = value.split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return undefined;
    // Compare the MAC as text: Node's base64url decoder skips stray characters, so comparing bytes would accept altered strings.
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const parsed = this.#envelope.safeParse(json);
    if (!parsed.success || parsed.data.expiresAt <= this.#now()) return undefined;
    return parsed.data;
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}
