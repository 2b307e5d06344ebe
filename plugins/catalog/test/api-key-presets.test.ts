import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestHub, type TestHub } from '@plugboard/plugin-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPresetFactory } from '../src/api-key-factory.js';
import { apiKeyPresets } from '../src/api-key-presets.js';
import { accountAnswer, expectedAccount, GOOD_KEY, presentedKey } from './fakes.js';

const OUTAGE_KEY = 'sk-outage-0123456789';

// One fake API for every API-key preset, each under /<preset id>: it checks the key where the preset puts it
// (and the headers it declares), and answers the account, a 401, or an outage.
describe('API-key presets, each against a fake made from its entry', () => {
  let server: Server;
  let t: TestHub;

  beforeAll(async () => {
    const byId = new Map(apiKeyPresets.map((preset) => [preset.id, preset]));
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const [, id = '', ...rest] = url.pathname.split('/');
      const preset = byId.get(id);
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!preset || `/${rest.join('/')}` !== preset.verify.path) return answer(404, { error: 'not_found' });
      const headers = req.headers as Record<string, string | undefined>;
      for (const [name, value] of Object.entries(preset.headers ?? {})) {
        if (headers[name.toLowerCase()] !== value) return answer(400, { error: `missing ${name}` });
      }
      const key = presentedKey(preset, headers);
      if (key === OUTAGE_KEY) return answer(503, { error: 'unavailable' });
      if (key !== GOOD_KEY) return answer(401, { error: 'invalid_api_key' });
      return answer(200, accountAnswer(preset.id, preset.verify));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestHub((publicUrl) =>
      apiKeyPresets.map((preset) =>
        apiKeyPresetFactory(preset)({ apiBaseUrl: `${origin}/${preset.id}` }, { publicUrl }),
      ),
    );
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it.each(apiKeyPresets.map((preset) => [preset.id, preset] as const))('%s', async (id, preset) => {
    const connect = (apiKey: string) =>
      t.api('POST', '/v1/connections', { provider: id, credentials: { type: 'api_key', apiKey } });

    const refused = await connect('sk-wrong-key');
    expect(refused.status, 'a refused key').toBe(400);
    const outage = await connect(OUTAGE_KEY);
    expect(outage.status, 'an outage').toBe(502);

    const accepted = t.expectStatus(await connect(GOOD_KEY), 201).json.connection;
    if (preset.verify.id) expect(accepted.accountId, 'account from verify').toBe(expectedAccount(id).id);
    if (preset.verify.name?.length) expect(accepted.accountName).toBe(expectedAccount(id).name);
    expect(t.logs.join('\n').includes(GOOD_KEY), 'key in logs').toBe(false);
  });
});
