import wrtc from '@roamhq/wrtc';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import type { Emulator } from '../../emulator/index.js';
import { createSessionId } from '../../src/server/index.js';
import type { CreateSessionParams } from '../../src/api/types.js';
import { createSession } from '../../src/client/index.js';
import type { CreateSessionOptions, Session } from '../../src/client/index.js';
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

export interface SessionFixture {
  readonly emulator: Emulator;
  /** Connects a new session (to `target`, by default the file's emulator); it is stopped after the test. */
  open(options?: Partial<CreateSessionOptions>, params?: Partial<CreateSessionParams>, target?: Emulator): Promise<Session>;
  /** Stops a session the test made itself after the test, as `open` does. */
  track(session: Session): Session;
}

/**
 * Call once per test file: an emulator for the file, every session stopped
 * after each test, and no unhandled rejection allowed by the end.
 */
export function useSessionFixture(): SessionFixture {
  let emulator: Emulator | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  const sessions: Session[] = [];
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    emulator = await startTestEmulator();
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.stopSession();
  });
  afterAll(async () => {
    await emulator?.close();
    // A stopped session's last rejections settle a tick after close; they must be seen before the check.
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
  const running = (): Emulator => {
    if (!emulator) throw new Error('the emulator starts in beforeAll');
    return emulator;
  };
  const track = (session: Session): Session => {
    sessions.push(session);
    return session;
  };
  return {
    get emulator() {
      return running();
    },
    async open(options = {}, params = {}, target = running()) {
      const sessionId = await newSessionId(target, params);
      return track(await createSession({ sessionId, width: 640, height: 360, clientTools: [], apiServer: target.url, RTCPeerConnection, ...options }));
    },
    track,
  };
}
