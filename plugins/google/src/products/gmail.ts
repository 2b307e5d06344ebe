import { readProviderJson } from '@plugboard/core';
import { z } from 'zod';
import { googleScope } from '../endpoints.js';
import { GMAIL_LOGO } from '../presentation.js';
import { baseMetadataSchema } from '../product.js';
import { googleProvider } from '../provider.js';
import { grantedAny } from '../scopes.js';
import { gmailActions } from './gmail-actions.js';

/** Gmail connection metadata: the sign-in address and the mailbox's own (they differ for delegated or alias setups). */
export const gmailMetadataSchema = baseMetadataSchema.extend({ emailAddress: z.string().optional() });

// Any of these lets users.getProfile answer.
const PROFILE_SCOPES = [
  'https://mail.google.com/',
  ...['modify', 'compose', 'readonly', 'metadata'].map((name) => googleScope(`gmail.${name}`)),
];

const profileSchema = z.object({ emailAddress: z.string() });

/** Gmail, read-only by default; paths resolve against the Gmail v1 API. */
export const gmail = googleProvider({
  id: 'gmail',
  name: 'Gmail',
  logo: GMAIL_LOGO,
  scopes: [googleScope('gmail.readonly')],
  apiBaseUrl: 'https://gmail.googleapis.com/gmail/v1',
  metadataSchema: gmailMetadataSchema,
  async accountMetadata({ credentials, fetch }) {
    // The user may untick Gmail on the consent screen; the connection still names its account.
    if (!grantedAny(credentials, PROFILE_SCOPES)) return {};
    const profile = await readProviderJson(fetch, 'users/me/profile', profileSchema, {
      what: 'read the Gmail profile',
    });
    return { emailAddress: profile.emailAddress };
  },
  actions: gmailActions,
});
