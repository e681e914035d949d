/**
 * Low-level API utilities: one static function per endpoint of PROTOCOL.md,
 * positional `(apiServer, apiKey | sessionId, ...args, signal?)`, derived
 * from the endpoint tables. `apiServer` is normalised and arguments are
 * checked on every call (an `InvalidArgumentError` rejection, before any
 * request). Session-scoped functions never send the key.
 */
import { organisationApi } from './organisation-endpoints.js';
import { sessionApi } from './session-endpoints.js';

export const PersoUtilServer = /* @__PURE__ */ Object.assign(class PersoUtilServer {}, organisationApi, sessionApi);

export type PersoUtilServer = typeof PersoUtilServer;
