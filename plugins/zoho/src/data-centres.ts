import { z } from 'zod';

/** The `location` values Zoho puts on its callback, one per data centre. */
export const LOCATIONS = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'uk', 'cn'] as const;

/** A Zoho data centre's `location` value. */
export type Location = (typeof LOCATIONS)[number];

/** Validates a `location` value against the fixed list. */
export const locationSchema = z.enum(LOCATIONS);

/** Where one data centre's accounts server (OAuth) and API live: origins, no trailing slash. */
export interface DataCentre {
  accounts: string;
  api: string;
}

/** Every data centre Plugboard knows, keyed by location. */
export type DataCentreTable = Readonly<Record<Location, DataCentre>>;

/**
 * Zoho's data centres, from https://www.zoho.com/accounts/protocol/oauth/multi-dc.html and the CRM multi-DC page.
 * The only source of hosts: callback values select a row, they never become a URL.
 */
export const ZOHO_DATA_CENTRES: DataCentreTable = {
  us: { accounts: 'https://accounts.zoho.com', api: 'https://www.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', api: 'https://www.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', api: 'https://www.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', api: 'https://www.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', api: 'https://www.zohoapis.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', api: 'https://www.zohoapis.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', api: 'https://www.zohoapis.sa' },
  uk: { accounts: 'https://accounts.zoho.uk', api: 'https://www.zohoapis.uk' },
  cn: { accounts: 'https://accounts.zoho.com.cn', api: 'https://www.zohoapis.com.cn' },
};

/** The built-in table with the config's overrides applied (the overrides are trusted configuration). */
export function resolveDataCentres(overrides: Partial<Record<Location, DataCentre>>): DataCentreTable {
  return { ...ZOHO_DATA_CENTRES, ...overrides };
}

/** The table's row for a location, or undefined for anything that is not a known location. */
export function dataCentreOf(table: DataCentreTable, location: unknown): DataCentre | undefined {
  const parsed = locationSchema.safeParse(location);
  return parsed.success ? table[parsed.data] : undefined;
}

/** Compares two origins the way Zoho writes them (case and a trailing slash do not matter). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
