import { z } from 'zod';
import { googleScope } from '../../endpoints.js';
import { ANALYTICS_LOGO } from '../../presentation.js';
import { baseMetadataSchema } from '../../product.js';
import { googleProvider } from '../../provider.js';
import { grantedAny } from '../../scopes.js';
import { ANALYTICS_READ_SCOPES, analyticsActions } from './actions.js';
import { connectedPropertySchema, propertiesMetadata } from './connect-metadata.js';

/**
 * Google Analytics connection metadata: the user's properties read at connect (at most 200, `propertiesTruncated`
 * when there were more), and the property chosen with `select-property`, once chosen.
 */
export const analyticsMetadataSchema = baseMetadataSchema.extend({
  properties: z.array(connectedPropertySchema).optional(),
  propertiesTruncated: z.boolean().optional(),
  propertyId: z
    .string()
    .regex(/^properties\/\d+$/)
    .optional(),
  propertyName: z.string().optional(),
});

/** Google Analytics (GA4), read-only; paths resolve against the Analytics Admin API v1beta. */
export const googleAnalytics = googleProvider({
  id: 'google-analytics',
  name: 'Google Analytics',
  logo: ANALYTICS_LOGO,
  scopes: [googleScope('analytics.readonly')],
  apiBaseUrl: 'https://analyticsadmin.googleapis.com/v1beta',
  dataApiUrl: 'https://analyticsdata.googleapis.com/v1beta',
  metadataSchema: analyticsMetadataSchema,
  async accountMetadata({ credentials, fetch }) {
    // A user who unticked Analytics still connects, without the list (the actions then ask for a reconnect).
    if (!grantedAny(credentials, ANALYTICS_READ_SCOPES)) return {};
    return propertiesMetadata(fetch);
  },
  actions: analyticsActions,
});
