import { describe, expect, it } from 'vitest';
import { decodeWav16 } from '../../emulator/audio/pcm16.js';
import { peerFixture, sleep } from './support/peer-fixture.js';
import { waitUntil } from './support/rtc-client.js';

describe('PeerHost: legacy two-way voice (record-start / record-end-*)', () => {
  const openPeer = peerFixture();

  it('records the client audio track and answers stt with the transcript', async () => {
    const heard: Array<{ seconds: number; peak: number; rate: number; language: string | undefined }> = [];
    const { test, client } = await openPeer({
      transcribe: async (wav, language) => {
        const { samples, sampleRate } = decodeWav16(wav);
        // A loop, not Math.max(...samples): a recording stretched by a loaded machine overflows the argument stack.
        let peak = 0;
        for (const sample of samples) peak = Math.max(peak, sample);
        heard.push({ seconds: samples.length / sampleRate, peak, rate: sampleRate, language });
        return 'turn on the lights';
      },
    }, { microphone: true });
    await waitUntil(() => test.logs.some((line) => line.includes('client sends audio')), 5000, 'the uplink track');
    const recordingFrom = performance.now();
    client.send('record-start');
    await sleep(100);
    await client.speakIntoMic(1000);
    client.send('record-end-stt', { language: 'en-US' });
    const stt = await client.nextMessage('stt');
    const recordingSpanSeconds = (performance.now() - recordingFrom) / 1000;
    expect(stt.data).toEqual({ text: 'turn on the lights' });
    expect(heard).toHaveLength(1);
    expect(heard[0]?.rate).toBe(16_000);
    expect(heard[0]?.language).toBe('en-US');
    expect(heard[0]?.seconds).toBeGreaterThan(0.5);
    // Only what came between record-start and record-end: never more than the wall time around them (the mic
    // sends 1 s of tone, but under load its 10 ms timer runs late, so the span is measured, not assumed).
    expect(heard[0]?.seconds).toBeLessThan(recordingSpanSeconds + 0.5);
    expect(heard[0]?.peak).toBeGreaterThan(2000);

    client.send('record-start');
    await client.speakIntoMic(300);
    client.send('record-end-translate', { src_lang: 'en', dst_lang: 'ko' });
    expect((await client.nextMessage('stt')).data.text).toBe('turn on the lights');
    expect(heard[1]?.language).toBe('en');
  });

  it('answers stt-error with the engine error code, or a code of its own', async () => {
    const { client } = await openPeer({
      transcribe: async () => {
        throw Object.assign(new Error('engine crashed'), { code: 'stt_engine_failed' });
      },
    }, { microphone: true });
    client.send('record-start');
    await client.speakIntoMic(200);
    client.send('record-end-stt');
    expect((await client.nextMessage('stt-error')).data).toEqual({ code: 'stt_engine_failed' });

    client.send('record-end-stt');
    expect((await client.nextMessage('stt-error')).data).toEqual({ code: 'not_recording' });
  });

  it('answers stt-error no_audio_track when the client sends no audio', async () => {
    const { client } = await openPeer();
    client.send('record-start');
    client.send('record-end-stt');
    expect((await client.nextMessage('stt-error')).data).toEqual({ code: 'no_audio_track' });
  });
});
