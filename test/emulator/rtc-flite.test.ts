import { afterEach, describe, expect, it } from 'vitest';
import { FliteEngine } from '../../emulator/engines/tts/flite.js';
import { peerFixture, sleep } from './support/peer-fixture.js';

describe('PeerHost with real Flite speech', () => {
  const flite = new FliteEngine();
  afterEach(() => flite.close());
  // Registered after Flite's afterEach, so it runs first: the host goes before its engine.
  const openPeer = peerFixture();

  it('speaks a synthesised sentence with a duration that matches its audio and a moving mouth', async () => {
    const text = 'Hello, I am the emulator avatar.';
    const reference = await flite.synthesize(text, 'slt');
    const { client } = await openPeer({ synthesize: (words) => flite.synthesize(words, 'slt') });
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
