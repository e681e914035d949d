/**
 * The REST layer: every endpoint of PROTOCOL.md, declared once in the
 * endpoint tables, in both call styles. The entry points re-export these
 * modules whole: `settings-functions` and `session-functions` go to both,
 * `create-session-id`, `server-only-functions` and `PersoUtilServer` to the server.
 */
export { DEFAULT_API_SERVER } from './validate.js';
export { API_KEY_HEADER, INVALID_RESPONSE_CODE, NO_HTTP_STATUS } from './http.js';
export { UNSUPPORTED_PLATFORM_CODE } from './session-creation.js';
export { PersoUtilServer } from './perso-util-server.js';
export { ORGANISATION_ENDPOINTS, organisationApi } from './organisation-endpoints.js';
export { SESSION_ENDPOINTS, sessionApi } from './session-endpoints.js';
export type { Endpoint, Scope } from './endpoint.js';
export * from './settings-functions.js';
export * from './session-functions.js';
export * from './create-session-id.js';
export * from './server-only-functions.js';
export type * from './types.js';
