/**
 * Messages an app sends the moment a session is ready reach the emulator in
 * order. @roamhq/wrtc (the emulator's WebRTC) delivered a message that
 * arrived while it was still making a new channel's JavaScript object before
 * those that arrived earlier, in 1 to 10 of 100 new channels here: a `record-end-stt`
 * sent 1 ms after `record-start` then came first and the emulator answered
 * `not_recording`. The SDK now holds the app's messages on a new link until
 * the server's first answer (machines/connection.machine.ts, `delivery`).
 */
import { describe, expect, it } from 'vitest';
import { useSessionFixture } from './harness.js';

const fixture = useSessionFixture();
const SESSIONS = Number(process.env.FIRST_MESSAGES_SESSIONS ?? 60);

describe('the first messages on a new link', () => {
  it(`arrive in order: record-start then record-end-stt sent at once after connect, ${SESSIONS} sessions`, async () => {
    const codes: string[] = [];
    for (let index = 0; index < SESSIONS; index += 1) {
      const session = await fixture.open({ enableVoiceChat: true });
      await session.startVoiceChat();
      // Node has no microphone: in order, the emulator answers no_audio_track; reversed, not_recording.
      const failure = await session.stopVoiceChat().catch((error: unknown) => String(error));
      codes.push(/\((\w+)\)/.exec(String(failure))?.[1] ?? String(failure));
      session.stopSession();
    }
    expect(codes.filter((code) => code !== 'no_audio_track')).toEqual([]);
  }, 120_000);
});
