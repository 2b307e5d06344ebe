import { z } from 'zod';
import { parseOrThrow } from '../errors.js';
import { sanitizeSvg } from '../images/svg.js';
import type { Provider } from './types.js';

// A sentence a connect page can lay out: short, one line, no markup needed (the page escapes it).
const descriptionsSchema = z.record(
  z.string().min(1).max(200),
  z.object({ text: z.string().trim().min(1).max(200), sensitive: z.boolean().optional() }).strict(),
);

/**
 * Checks what a provider shows end users, as the hub loads it: its scope descriptions must be short sentences,
 * and its logo is rebuilt by the SVG sanitiser (a logo that is not an SVG refuses the provider). Answers the
 * provider with the sanitised logo.
 */
export function checkPresentation<M>(provider: Provider<M>): Provider<M> {
  if (provider.auth.type === 'oauth2' && provider.auth.scopes.descriptions !== undefined) {
    parseOrThrow(
      descriptionsSchema,
      provider.auth.scopes.descriptions,
      `scope descriptions of provider "${provider.id}"`,
    );
  }
  const logo = parseOrThrow(z.string().optional(), provider.logo, `logo of provider "${provider.id}"`);
  if (logo === undefined) return provider;
  return { ...provider, logo: sanitizeSvg(logo, `The logo of provider "${provider.id}"`).svg };
}
