import { z } from 'zod';
import { ProviderId } from './common.js';

/** Path parameters of a provider's mounted routes: its id and the rest of the path. */
export const ProviderMountParams = z.strictObject({ id: ProviderId, path: z.string().optional() });
