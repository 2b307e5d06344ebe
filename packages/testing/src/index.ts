export * from './bundled-providers.js';
export * from './databases.js';
export * from './fake-oauth-server.js';
export * from './fresh-process.js';
export * from './hub-process.js';
export * from './receiver.js';
export * from './sandbox-flow.js';
export * from './seed-connections.js';
