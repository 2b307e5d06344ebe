import type { ActionDefinition, Credentials, ProviderFetch } from '@plugboard/core';
import { z } from 'zod';

/** Metadata every Google connection keeps: the address the user signed in with (when `email` was granted). */
export const baseMetadataSchema = z.object({ email: z.string().optional() });

/** What a product hook receives: the new connection's token and a fetch signed with it. */
export interface ProductContext {
  credentials: Credentials;
  fetch: ProviderFetch;
}

/** One Google product (Gmail, Analytics, ...): what differs between the providers of this package. */
export interface GoogleProduct<M extends z.output<typeof baseMetadataSchema>> {
  id: string;
  name: string;
  /** Its logo on the connect pages (SVG). */
  logo: string;
  /** Scopes asked for besides the sign-in ones. */
  scopes: string[];
  /** Where the product's API lives; proxied calls and actions resolve paths against it. */
  apiBaseUrl: string;
  metadataSchema: z.ZodType<M>;
  /** Product metadata added to the account's at connect time (Gmail's mailbox address). */
  accountMetadata?: ((context: ProductContext) => Promise<Partial<M>>) | undefined;
  /** A second API on another host the actions call (Analytics' Data API); overridable with `dataApiUrl`. */
  dataApiUrl?: string | undefined;
  /** Named operations on a connection, built for the provider's id in the hub and the product's API URLs. */
  actions?:
    | ((providerId: string, urls: { dataApiUrl?: string | undefined }) => Record<string, ActionDefinition<any, any>>)
    | undefined;
}
