import { facebookPages } from './facebook/provider.js';
import { instagram } from './instagram/provider.js';

export { appsecretProof } from './appsecret-proof.js';
export type { FacebookPagesMetadata } from './facebook/account.js';
export type { FacebookPagesOptions } from './facebook/options.js';
export type { InstagramMetadata } from './instagram/account.js';
export type { InstagramOptions } from './instagram/options.js';
export { DEFAULT_GRAPH_VERSION } from './options.js';
export { facebookPages, instagram };

/** Meta's providers, keyed by provider id: the config picks one with `provider:`. */
export default { 'facebook-pages': facebookPages, instagram };
