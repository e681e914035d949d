import { PersoUtilServer } from '../api/index.js';

/**
 * Tells the server that the client ended the session (a `SESSION_END` event),
 * so it is TERMINATED at once and cannot be re-attached. Fire-and-forget:
 * `stopSession()` neither waits for it nor fails with it — the server also
 * ends a session whose `message` channel closed cleanly.
 */
export function announceSessionEnd(apiServer: string, sessionId: string): void {
  PersoUtilServer.createSessionEvent(apiServer, sessionId, 'SESSION_END').catch(() => undefined);
}
