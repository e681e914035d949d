import { describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../emulator/audio/pcm16.js';
import { UPLOAD_NOT_AUDIO, UPLOAD_TOO_LARGE, UPLOAD_UNSUPPORTED_FORMAT } from '../../src/protocol/file-channel.js';
import { peerFixture, sleep } from './support/peer-fixture.js';
import { fakeSpeech } from './support/rtc-client.js';

describe('PeerHost: file uploads and stf', () => {
  const openPeer = peerFixture();

  it('stores an uploaded WAV and speaks it on stf, announcing its duration', async () => {
    const { client } = await openPeer();
    // 1.5 s at 44.1 kHz: resampled to the playout rate, same duration; several 64 KiB chunks.
    const wav = encodeWav16(fakeSpeech(1500, 44_100), 44_100);
    const fileRef = await client.upload(wav);
    expect(fileRef).toMatch(/^file_[0-9a-f]{24}$/);
    client.send('stf', { message: 'from a file', file_ref: fileRef, format: 'wav' });
    const stf = await client.nextMessage('stf');
    expect(stf.data.message).toBe('from a file');
    expect(Math.abs(stf.data.duration - 1500)).toBeLessThanOrEqual(2);
    const from = Date.now();
    await sleep(800);
    expect(Math.max(...client.audioSince(from + 200).map((chunk) => chunk.rms))).toBeGreaterThan(1000);
  });

  it('refuses an upload over the limit and closes its channel', async () => {
    const { test, client } = await openPeer({ maxUploadBytes: 100_000 });
    const answer = await client.upload(new Uint8Array(200_000).fill(7));
    expect(answer).toBe(UPLOAD_TOO_LARGE);
    expect(test.logs.some((line) => line.includes('refused'))).toBe(true);
    // The session is unharmed: a small upload still works.
    expect(await client.upload(encodeWav16(fakeSpeech(100), 16_000))).toMatch(/^file_/);
  });

  it('refuses an upload that is not audio, and an MP3 (the emulator plays WAV only), in the file channel answer', async () => {
    const { test, client } = await openPeer();
    expect(await client.upload(new TextEncoder().encode('hello, not audio'))).toBe(UPLOAD_NOT_AUDIO);
    expect(await client.upload(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]))).toBe(UPLOAD_UNSUPPORTED_FORMAT);
    expect(test.logs.filter((line) => line.includes('upload: refused'))).toHaveLength(2);
    // The session is unharmed: a WAV still uploads.
    expect(await client.upload(encodeWav16(fakeSpeech(100), 16_000))).toMatch(/^file_/);
  });

  it('logs and ignores stf for an unknown file_ref or a format other than WAV', async () => {
    const { test, client } = await openPeer();
    const wav = await client.upload(encodeWav16(fakeSpeech(100), 16_000));
    client.send('stf', { message: 'a', file_ref: 'file_nope', format: 'wav' });
    client.send('stf', { message: 'b', file_ref: wav, format: 'mp3' });
    client.send('ping');
    await client.nextMessage('ping');
    expect(test.logs.some((line) => line.includes('unknown or expired file_ref'))).toBe(true);
    expect(test.logs.some((line) => line.includes('"mp3" is not supported'))).toBe(true);
    await sleep(300);
    expect(client.messagesOf('stf')).toHaveLength(0);
  });
});
