import { z } from 'zod';

const param = z.string().max(5000);

/** Query of the public OAuth callback; providers may add their own parameters, which the engine validates. */
export const CallbackQuerySchema = z
  .object({
    code: param.optional(),
    state: param.optional(),
    error: param.optional(),
    error_description: param.optional(),
  })
  .catchall(param);
