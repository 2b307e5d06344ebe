import { googleAnalytics } from './products/analytics/product.js';
import { googleDrive } from './products/drive.js';
import { gmail } from './products/gmail.js';
import { google } from './products/google.js';

export { GOOGLE_ENDPOINTS, googleScope, IDENTITY_SCOPES } from './endpoints.js';
export type { GoogleOptions } from './options.js';
export type { AnalyticsProperty } from './products/analytics/properties.js';

/** Google's providers, keyed by provider id; the config picks one with `provider:`. */
export default {
  google,
  gmail,
  'google-analytics': googleAnalytics,
  'google-drive': googleDrive,
};
