import { afterEach, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../emulator/engines/tts/flite.js';
import { createTestHost, RtcTestClient, type TestHost } from './support/rtc-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeerHost with real Flite speech', () => {
  let test: TestHost | null = null;
  let client: RtcTestClient | null = null;
  const flite = new FliteEngine();

  afterEach(async () => {
    client?.close();
    await test?.host.close();
    await flite.close();
  });

  it('speaks a synthesised sentence with a duration that matches its audio and a moving mouth', async () => {
    const text = 'Hello, I am the emulator avatar.';
    const reference = await flite.synthesize(text, 'slt');
    test = createTestHost({ synthesize: (words) => flite.synthesize(words, 'slt') });
    client = await RtcTestClient.connect(test.host);
    client.send('ttstf', { message: text });
    const stf = await client.nextMessage('stf');
    const from = Date.now();
    const expectedMs = (reference.samples.length / reference.sampleRate) * 1000;
    expect(Math.abs(stf.data.duration - expectedMs)).toBeLessThan(expectedMs * 0.1);
    await sleep(Math.min(stf.data.duration, 1500));
    const audio = client.audioSince(from + 150).map((chunk) => chunk.rms);
    expect(Math.max(...audio)).toBeGreaterThan(1000);
    const mouth = client.framesSince(from + 150).map((frame) => frame.mouthDarkPixels);
    expect(Math.max(...mouth) - Math.min(...mouth)).toBeGreaterThan(50);
  });
});
