import wrtc from '@roamhq/wrtc';
import { startEmulator } from '../../emulator/index.js';
import type { Emulator } from '../../emulator/index.js';
import { createSessionId } from '../../src/server/index.js';
import type { CreateSessionParams } from '../../src/api/types.js';
import { WEBRTC_SESSION } from '../emulator/emulator-helpers.js';

export const RTCPeerConnection = wrtc.RTCPeerConnection as unknown as typeof globalThis.RTCPeerConnection;

// The SDK derives `capability` itself; the emulator tests send it raw.
const { capability: _sentRawByEmulatorTests, ...webrtcParams } = WEBRTC_SESSION;
export const FULL_PARAMS: CreateSessionParams = webrtcParams;

export async function startTestEmulator(): Promise<Emulator> {
  return startEmulator({ port: 0, llm: { pace: 0 }, staticDir: false });
}

export function newSessionId(emulator: Emulator, params: Partial<CreateSessionParams> = {}): Promise<string> {
  return createSessionId({ apiKey: emulator.apiKey, apiServer: emulator.url, params: { ...FULL_PARAMS, ...params } });
}

/** Resolves when `predicate` holds, polling the emulator's read-only view (test side only). */
export async function eventually<T>(probe: () => T | undefined | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
