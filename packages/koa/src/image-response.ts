import type { Context } from 'koa';

// An image served from the hub's origin: its own type only, never sniffed, never a document that runs.
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Answers with an image the connect pages show (a workspace's or a provider's logo), cached by its version. */
export function sendImage(
  ctx: Context,
  image: { contentType: string; bytes: Buffer | string; sha256: string },
  version: string | undefined,
): void {
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', IMAGE_CSP);
  ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
  // A versioned URL never changes content: cache it; an unversioned one is checked each time.
  ctx.set('Cache-Control', version === image.sha256 ? 'public, max-age=31536000, immutable' : 'no-cache');
  ctx.set('ETag', `"${image.sha256}"`);
  ctx.type = image.contentType;
  ctx.body = image.bytes;
}
