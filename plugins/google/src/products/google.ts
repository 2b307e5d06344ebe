import { GOOGLE_LOGO } from '../presentation.js';
import { baseMetadataSchema } from '../product.js';
import { googleProvider } from '../provider.js';

/** Sign in with Google: the identity scopes only; add API scopes with the `scopes` option. */
export const google = googleProvider({
  id: 'google',
  name: 'Google',
  logo: GOOGLE_LOGO,
  scopes: [],
  apiBaseUrl: 'https://www.googleapis.com',
  metadataSchema: baseMetadataSchema,
});
