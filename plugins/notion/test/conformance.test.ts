import { testProvider } from '@plugboard/plugin-kit';
import factory from '../src/index.js';
import { createNotionFake, NOTION_AUTH, notionOptions } from './notion-fake.js';

testProvider(factory, {
  fake: createNotionFake,
  options: notionOptions,
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
