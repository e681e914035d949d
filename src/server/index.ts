/**
 * The server entry point (`perso-interactive-sdk-web/server`): everything
 * that needs the organisation's API key, for Node and other server runtimes.
 * Every REST function of the endpoint tables, in both call styles.
 */
export * from '../api/settings-functions.js';
export * from '../api/session-functions.js';
export * from '../api/create-session-id.js';
export * from '../api/server-only-functions.js';
export { PersoUtilServer } from '../api/perso-util-server.js';
export { DEFAULT_API_SERVER } from '../api/validate.js';
export type * from '../api/types.js';
export {
  AbortError,
  ApiError,
  DoesNotExistError,
  InvalidArgumentError,
  NetworkError,
  NotInOrganizationError,
  SessionCreationError,
} from '../errors.js';
export type { ApiErrorDetail } from '../errors.js';
