import { randomBytes } from 'node:crypto';
import { type FakeProvider, startTestHub } from '@plugboard/plugin-kit';
import zoho from '../../src/index.js';
import { startZohoDataCentre } from './zoho-fake.js';

/** A data centre row pointing both the accounts server and the API at one fake. */
export const rowOf = (fake: FakeProvider) => ({ accounts: fake.origin, api: fake.origin });

/**
 * Three fake Zoho data centres (us is the app's home: its accounts server shows the consent page) sharing one
 * client (Zoho's multi-DC apps may use one secret everywhere), and a hub whose Zoho provider points at them.
 */
export async function startZohoHub() {
  const clientSecret = `zoho-secret-canary-${randomBytes(12).toString('hex')}`;
  const dcs = {
    us: await startZohoDataCentre({ clientSecret }),
    eu: await startZohoDataCentre({ clientSecret }),
    in: await startZohoDataCentre({ clientSecret }),
  };
  const api = await startTestHub((publicUrl) => [
    zoho(
      {
        clientId: dcs.us.clientId,
        clientSecret,
        dataCenters: { us: rowOf(dcs.us), eu: rowOf(dcs.eu), in: rowOf(dcs.in) },
      },
      { publicUrl },
    ),
  ]);

  /**
   * Plays the user: the consent page is on the home accounts server, which sends the user on to their own data
   * centre (as Zoho does); that one redirects back with `location` and `accounts-server` (overridable by `extra`).
   */
  const approve = (location: keyof typeof dcs, authorizationUrl: string, extra: Record<string, string> = {}) => {
    const home = new URL(authorizationUrl);
    const atDc = new URL(`${home.pathname}${home.search}`, dcs[location].origin);
    return dcs[location].approve(atDc.href, { location, 'accounts-server': dcs[location].origin, ...extra });
  };

  /** A connect flow through the engine that must succeed. */
  const connect = (location: keyof typeof dcs) =>
    api.connected('zoho', (url) => approve(location, url), { ownerId: location });

  return {
    api,
    dcs,
    clientSecret,
    approve,
    connect,
    async close() {
      await api.close();
      await Promise.all(Object.values(dcs).map((fake) => fake.close()));
    },
  };
}

/** The running Zoho hub of a test file. */
export type ZohoHub = Awaited<ReturnType<typeof startZohoHub>>;
