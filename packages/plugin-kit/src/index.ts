export { testProvider } from './conformance/test-provider.js';
export type * from './conformance/types.js';
export { createFakeProvider } from './fake/server.js';
export type * from './fake/types.js';
