export { renderApiReference } from './api-reference.js';
export { createApp } from './app.js';
export type { Access } from './auth.js';
export { ERROR_CODES, type ErrorBody, STATUS_BY_CODE } from './errors.js';
export { createOpenApiDocument, toOpenApiPath } from './openapi.js';
export { type ApiOptions, DEFAULT_BODY_LIMIT_BYTES } from './options.js';
export type { HttpMethod, Route } from './route.js';
export { createRouter } from './router.js';
export { routes } from './routes/index.js';
