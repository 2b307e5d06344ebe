export * from './databases.js';
export * from './fake-oauth-server.js';
export * from './receiver.js';
export * from './seed-connections.js';
