/**
 * The deprecated six-argument createSession with `enableVoiceChat`: the page's
 * microphone goes to the server as an audio track, and startProcessSTT /
 * stopProcessSTT become `record-start` / `record-end-stt`, answered by the
 * emulator transcribing the uplink. Chromium's fake microphone says a known
 * sentence once, after a lead of silence long enough for the session to connect.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newSessionId } from '../e2e/harness.js';
import { useChromiumPage } from './support/chromium-page.js';

const POCKETSPHINX = '/usr/bin/pocketsphinx_continuous';
const SPOKEN = 'What is the weather in Paris';
const LEAD_SILENCE_SEC = 8;

const fixture = useChromiumPage({
  built: ['client/index.iife.js', 'demo/index.html'],
  emulator: { microphoneSays: { text: SPOKEN, leadSilenceSec: LEAD_SILENCE_SEC } },
  open: '/',
});

describe('legacy two-way voice chat in Chromium', () => {
  it('sends the microphone to the server and transcribes it there with record-start / record-end-stt', async (context) => {
    if (!existsSync(POCKETSPHINX)) context.skip('pocketsphinx is not installed: sudo apt-get install pocketsphinx pocketsphinx-en-us');
    const sessionId = await newSessionId(fixture.emulator);
    const result = await fixture.page.evaluate(
      async ({ apiServer, sessionId }) => {
        const sdk = (window as unknown as { PersoInteractive: typeof import('../../src/client/index.js') }).PersoInteractive;
        const session = await sdk.createSession(apiServer, sessionId, 320, 240, true, []);
        const microphone = session.getLocalStream();
        const hasMicrophone = microphone?.getAudioTracks().length === 1;
        await session.startProcessSTT();
        const recording = session.isSTTRecording();
        // Chromium starts the fake microphone's file when its capture starts, which a loaded machine delays by
        // seconds: listen to the microphone itself and stop once the sentence has been said and a second has passed.
        const context = new AudioContext();
        const analyser = context.createAnalyser();
        context.createMediaStreamSource(microphone!).connect(analyser);
        const samples = new Float32Array(analyser.fftSize);
        const level = (): number => {
          analyser.getFloatTimeDomainData(samples);
          return Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
        };
        const deadline = performance.now() + 40_000;
        let spoke = false;
        let quietSince = performance.now();
        while (performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (level() > 0.01) {
            spoke = true;
            quietSince = performance.now();
          } else if (spoke && performance.now() - quietSince > 1000) break;
        }
        await context.close();
        const text = await session.stopProcessSTT('en-US');
        session.stopSession();
        return { hasMicrophone, recording, spoke, text, recordingAfterStop: session.isSTTRecording() };
      },
      { apiServer: fixture.emulator.url, sessionId },
    );
    expect(result.spoke, 'the fake microphone played the sentence').toBe(true);
    expect(result.hasMicrophone).toBe(true);
    expect(result.recording).toBe(true);
    expect(result.recordingAfterStop).toBe(false);
    // The uplink is Opus over WebRTC, so recognition is looser than on a WAV upload: most words, not all.
    const heard = new Set(result.text.toLowerCase().split(/[^a-z']+/));
    const expected = SPOKEN.toLowerCase().split(' ');
    expect(expected.filter((word) => heard.has(word)).length, `heard "${result.text}"`).toBeGreaterThanOrEqual(3);
    expect(heard.has('paris'), `heard "${result.text}"`).toBe(true);
    await expect.poll(() => fixture.emulator.sessions.get(sessionId)?.status, { timeout: 15_000 }).toBe('TERMINATED');
  }, 120_000);
});
