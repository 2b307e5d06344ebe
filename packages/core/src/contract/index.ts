export * from './define.js';
export * from './types.js';
