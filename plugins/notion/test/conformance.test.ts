import { testProvider } from '@plugboard/plugin-kit';
import factory from '../src/index.js';
import { createNotionFake, NOTION_AUTH } from './notion-fake.js';

testProvider(factory, {
  fake: createNotionFake,
  options: (fake) => ({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    authorizationUrl: fake.url('/v1/oauth/authorize'),
    tokenUrl: fake.url('/v1/oauth/token'),
    revocationUrl: fake.url('/v1/oauth/revoke'),
    apiBaseUrl: fake.url('/v1'),
  }),
  expect: {
    authorizationParams: { owner: 'user' },
    pkce: false,
    clientAuth: 'basic',
    tokenRequestFormat: 'json',
    account: {
      id: `${NOTION_AUTH.workspace.id}:${NOTION_AUTH.owner.id}`,
      name: NOTION_AUTH.workspace.name,
      metadata: { workspace: NOTION_AUTH.workspace, botId: NOTION_AUTH.botId, ownerUserId: NOTION_AUTH.owner.id },
    },
    refresh: 'standard',
    revocation: true,
  },
});
