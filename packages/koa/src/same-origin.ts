import { PlugboardError } from '@plugboard/core';
import type { Context } from 'koa';

/**
 * Refuses a request a page of another site made the browser send (cross-site request forgery). Browsers say
 * where a request comes from in `Sec-Fetch-Site`, and older ones in `Origin`; a request with neither header
 * did not come from a browser page, and cannot carry a user's session anyway.
 * Pages of the hub send no referrer, so the Origin of their own posts may read `null`: only browsers that
 * also send `Sec-Fetch-Site` (every current one) get past this from such a page.
 */
export function assertSameOrigin(ctx: Context, origin: string): void {
  const site = ctx.get('Sec-Fetch-Site');
  const sender = ctx.get('Origin');
  const allowed = site ? site === 'same-origin' : !sender || sender === origin;
  if (!allowed) throw new PlugboardError('forbidden', 'This form can only be sent from its own page on this hub.');
}
