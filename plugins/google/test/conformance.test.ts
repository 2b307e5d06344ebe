import { testProvider } from '@plugboard/plugin-kit';
import google from '../src/index.js';
import { ADA, createFakeGoogle, fakeGoogleOptions, MAILBOX } from './support/fake-google.js';

const identity = ['openid', 'email', 'profile'];
const scope = (name: string) => `https://www.googleapis.com/auth/${name}`;

// Each provider of the package, with what differs: its API on the fake, its scopes, and its metadata.
const providers = [
  { provider: 'google', apiPath: '/', scopes: identity, metadata: { email: ADA.email } },
  {
    provider: 'gmail',
    apiPath: '/gmail/v1',
    scopes: [...identity, scope('gmail.readonly')],
    metadata: { email: ADA.email, emailAddress: MAILBOX },
  },
  {
    provider: 'google-analytics',
    apiPath: '/v1beta',
    scopes: [...identity, scope('analytics.readonly')],
    metadata: {
      email: ADA.email,
      properties: [
        { id: 'properties/2001', name: 'engines.example', websiteUrl: 'https://engines.example' },
        { id: 'properties/2002', name: 'notes.example', websiteUrl: 'https://notes.example/app' },
        { id: 'properties/3001', name: 'club.example', websiteUrl: null },
      ],
      propertiesTruncated: false,
    },
  },
  {
    provider: 'google-drive',
    apiPath: '/drive/v3',
    scopes: [...identity, scope('drive.readonly')],
    metadata: { email: ADA.email },
  },
];

for (const { provider, apiPath, scopes, metadata } of providers) {
  testProvider(google, {
    provider,
    fake: () => createFakeGoogle(),
    options: (fake) => fakeGoogleOptions(fake, apiPath),
    expect: {
      scopes,
      authorizationParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
      pkce: true,
      clientAuth: 'post',
      account: { id: ADA.sub, name: ADA.name, metadata },
      refresh: 'standard',
      revocation: true,
    },
  });
}
