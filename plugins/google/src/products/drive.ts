import { googleScope } from '../endpoints.js';
import { DRIVE_LOGO } from '../presentation.js';
import { baseMetadataSchema } from '../product.js';
import { googleProvider } from '../provider.js';

/** Google Drive, read-only by default; paths resolve against the Drive v3 API. */
export const googleDrive = googleProvider({
  id: 'google-drive',
  name: 'Google Drive',
  logo: DRIVE_LOGO,
  scopes: [googleScope('drive.readonly')],
  apiBaseUrl: 'https://www.googleapis.com/drive/v3',
  metadataSchema: baseMetadataSchema,
});
