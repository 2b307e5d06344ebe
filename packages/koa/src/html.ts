import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { STYLE } from './pages/style.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** A server-rendered page: its body is HTML whose every interpolated value was escaped by its template. */
export interface Page {
  title: string;
  body: string;
  /** Inline JavaScript (the popup's last page); allowed by this response's nonce and nothing else. */
  script?: string | undefined;
  /** Origins the page's form may post to, including where that post's redirect lands; none by default. */
  formAction?: string[] | undefined;
  /** The page's language and direction (`en`, `ltr` by default). */
  lang?: string | undefined;
  dir?: 'ltr' | 'rtl' | undefined;
  /** More CSS after the stylesheet (a workspace's accent colour); made from validated values only. */
  css?: string | undefined;
  /** Shows images (logos) from the hub's own origin; nothing else may load an image. */
  images?: boolean | undefined;
}

/**
 * Headers for every browser-facing answer of the connect flow: never cached (the URL carried a code or a
 * session id), no referrer (it would leak that URL), never framed, and only what the page's CSP allows.
 */
export function setPageHeaders(
  ctx: Context,
  csp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('Content-Security-Policy', csp);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('X-Frame-Options', 'DENY');
}

/** Answers with a self-contained page: inline style and script run by a fresh nonce, nothing loads from elsewhere. */
export function sendPage(ctx: Context, status: number, page: Page): void {
  const nonce = randomBytes(16).toString('base64');
  const formAction = page.formAction?.length ? page.formAction.join(' ') : "'none'";
  setPageHeaders(
    ctx,
    [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      ...(page.images ? ["img-src 'self'"] : []),
      ...(page.script ? [`script-src 'nonce-${nonce}'`] : []),
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
  );
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html>
<html lang="${escapeHtml(page.lang ?? 'en')}" dir="${page.dir ?? 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${STYLE}${page.css ?? ''}</style>
</head>
<body>
<main>
${page.body}
</main>
${page.script ? `<script nonce="${nonce}">${page.script}</script>\n` : ''}</body>
</html>
`;
}
