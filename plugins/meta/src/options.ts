import { originUrl } from '@plugboard/core';
import { z } from 'zod';

/** The Graph API version used when the config names none (the latest when this plugin was written). */
export const DEFAULT_GRAPH_VERSION = 'v25.0';

const required = z.string({ error: 'required' }).min(1, 'required');

/** An origin (scheme, host, port) of a Meta host; tests point these at a fake, production keeps the defaults. */
export const originSchema = originUrl();

/** Options every Meta provider takes: the Meta app, the scopes, and the Graph API version. */
export const metaAppOptions = {
  appId: required,
  appSecret: required,
  /** Replaces the provider's default scopes. */
  scopes: z.array(z.string().min(1)).optional(),
  graphVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'a Graph API version such as v25.0')
    .default(DEFAULT_GRAPH_VERSION),
};
