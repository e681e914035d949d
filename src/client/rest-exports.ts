/**
 * The REST part of the client entry point (`perso-interactive-sdk-web/client`),
 * re-exported by src/client/index.ts. Browser-safe: nothing Node-only.
 */
import { createSessionId as createSessionIdAnywhere } from '../api/create-session-id.js';
import type { CreateSessionId } from '../api/create-session-id.js';

export * from '../api/settings-functions.js';
export * from '../api/session-functions.js';
export type { CreateSessionId, CreateSessionIdOptions, CreateSessionIdWithParams, CreateSessionIdWithTemplate } from '../api/create-session-id.js';
export { DEFAULT_API_SERVER } from '../api/validate.js';
export type * from '../api/types.js';
export {
  AbortError,
  ApiError,
  DoesNotExistError,
  InvalidArgumentError,
  LLMError,
  LLMStreamingResponseError,
  NetworkError,
  NotInOrganizationError,
  SessionCreationError,
  STTError,
  TTSDecodeError,
  TTSError,
} from '../errors.js';
export type { ApiErrorDetail } from '../errors.js';

const API_KEY_WARNING =
  '[perso-interactive-sdk-web] createSessionId() is running in a browser: your API key is exposed to anyone who opens this page. ' +
  'Use it for local testing only; in production create sessions on your server (perso-interactive-sdk-web/server) and pass only the sessionId to the page.';

/** Once per page (module instance), however many sessions it creates. */
let apiKeyWarningShown = false;

function isBrowser(): boolean {
  return typeof window !== 'undefined' || typeof document !== 'undefined';
}

/**
 * `createSessionId` of the server entry, for local testing only: in a browser
 * it puts the API key in the page, and says so once with `console.warn`.
 */
export const createSessionId: CreateSessionId = function createSessionId(...args: unknown[]): Promise<string> {
  if (!apiKeyWarningShown && isBrowser()) {
    apiKeyWarningShown = true;
    console.warn(API_KEY_WARNING);
  }
  return (createSessionIdAnywhere as (...forwarded: unknown[]) => Promise<string>)(...args);
} as CreateSessionId;
