/**
 * The SDK as this page gets it: the global `PersoInteractive` set by the IIFE
 * build's <script> tag. Only types are imported, so the SDK is never bundled
 * into app.iife.js a second time.
 */
import type * as Sdk from '../src/client/index.js';

declare const PersoInteractive: typeof import('../src/client/index.js') | undefined;

export type PersoSdk = typeof Sdk;
export type Session = Sdk.Session;
export type AllSettings = Sdk.AllSettings;
export type ChatTool = Sdk.ChatTool;
export type ConnectionState = ReturnType<Session['getConnectionState']>;
export type ChatLogEntry = Parameters<Parameters<Session['subscribeChatLog']>[0]>[0][number];
export type ChatStateSet = Parameters<Parameters<Session['subscribeChatStates']>[0]>[0];

/** The global SDK, or null when its script failed to load. */
export function loadSdk(): PersoSdk | null {
  return typeof PersoInteractive === 'undefined' ? null : PersoInteractive;
}
