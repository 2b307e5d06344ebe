import { z } from 'zod';
import { googleScope } from '../../endpoints.js';
import { baseMetadataSchema } from '../../product.js';
import { googleProvider } from '../../provider.js';
import { analyticsActions } from './actions.js';

/** Google Analytics connection metadata: the property chosen with `select-property`, once chosen. */
export const analyticsMetadataSchema = baseMetadataSchema.extend({
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
  scopes: [googleScope('analytics.readonly')],
  apiBaseUrl: 'https://analyticsadmin.googleapis.com/v1beta',
  dataApiUrl: 'https://analyticsdata.googleapis.com/v1beta',
  metadataSchema: analyticsMetadataSchema,
  actions: analyticsActions,
});
