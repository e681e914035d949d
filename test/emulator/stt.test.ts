import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { encodeWav16 } from '../../emulator/audio/pcm16.js';
import { toPcm16kMono } from '../../emulator/engines/stt/wav-input.js';
import { synthesize, transcribe, type Emulator } from '../../emulator/index.js';
import { encodeWav } from '../../src/audio/wav.js';
import { createSession, start } from './emulator-helpers.js';

const { WaveFile } = wavefile as unknown as typeof import('wavefile');

const SENTENCE = 'Please turn on the lights in the kitchen';

/** Word error rate: word-level edit distance over the reference length. */
function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = reference.toLowerCase().match(/[a-z']+/g) ?? [];
  const hyp = hypothesis.toLowerCase().match(/[a-z']+/g) ?? [];
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[hyp.length]! / ref.length;
}

/** 16-bit WAV of `channels` identical channels at `rate`, resampled linearly from 16 kHz. */
function wavAt(samples: Int16Array, rate: number, channels: number): Uint8Array {
  const length = Math.floor((samples.length * rate) / 16000);
  const out = new Int16Array(length * channels);
  for (let i = 0; i < length; i++) {
    const position = (i * 16000) / rate;
    const index = Math.floor(position);
    const value = samples[index]! + ((samples[Math.min(index + 1, samples.length - 1)] ?? 0) - samples[index]!) * (position - index);
    for (let c = 0; c < channels; c++) out[i * channels + c] = Math.round(value);
  }
  return new Uint8Array(encodeWav(out, rate, channels));
}

async function upload(emulator: Emulator, session: string, audio: Uint8Array | null, fields: Record<string, string> = {}) {
  const form = new FormData();
  if (audio) form.append('audio', new Blob([new Uint8Array(audio)], { type: 'audio/wav' }), 'speech.wav');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${emulator.url}/api/v1/session/${session}/stt/`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

let emulator: Emulator;
let session: string;
let speech: Int16Array;
beforeAll(async () => {
  emulator = await start({ limits: { uploadBytes: 2 * 1024 * 1024 } });
  session = await createSession(emulator);
  speech = (await synthesize(SENTENCE, 'kal16')).samples;
});
afterAll(() => emulator.close());

describe('POST /stt/', () => {
  it('transcribes a Flite-spoken sentence with a word error rate of at most 0.5', { timeout: 90_000 }, async () => {
    const { status, body } = await upload(emulator, session, encodeWav16(speech, 16000), { language: 'en-US' });
    expect(status).toBe(200);
    expect(body).toEqual({ text: expect.any(String), locale: 'en-US' });
    expect(wordErrorRate(SENTENCE, body.text)).toBeLessThanOrEqual(0.5);
  });

  it('accepts 44.1 kHz stereo input', { timeout: 90_000 }, async () => {
    const { status, body } = await upload(emulator, session, wavAt(speech, 44100, 2));
    expect(status).toBe(200);
    expect(wordErrorRate(SENTENCE, body.text)).toBeLessThanOrEqual(0.5);
  });

  it('refuses an upload over the limit with 413', async () => {
    const { status, body } = await upload(emulator, session, Buffer.alloc(3 * 1024 * 1024));
    expect(status).toBe(413);
    expect(body.errors[0].code).toBe('request_too_large');
  });

  it('refuses a form without audio, audio that is not WAV, and a body that is not multipart', async () => {
    expect((await upload(emulator, session, null, { language: 'en' })).body.errors[0]).toMatchObject({ code: 'invalid', attr: 'audio' });
    expect((await upload(emulator, session, Buffer.from('definitely not a wav file'))).body.errors[0]).toMatchObject({ code: 'invalid', attr: 'audio' });
    const json = await fetch(`${emulator.url}/api/v1/session/${session}/stt/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    const truncated = await fetch(`${emulator.url}/api/v1/session/${session}/stt/`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="audio"; filename="a.wav"\r\n\r\nRIFF',
    });
    expect(truncated.status).toBe(400);
  });

  it('answers 503 stt_unavailable naming the install command when the engine is missing', async () => {
    const missing = await start({ stt: { pocketsphinxPath: '/nonexistent/pocketsphinx_continuous' } });
    try {
      expect(missing.engines.sttAvailable).toBe(false);
      expect(missing.engines.stt).toContain('apt-get install pocketsphinx pocketsphinx-en-us');
      const id = await createSession(missing);
      const { status, body } = await upload(missing, id, encodeWav16(speech, 16000));
      expect(status).toBe(503);
      expect(body.errors[0]).toMatchObject({ code: 'stt_unavailable', detail: expect.stringContaining('sudo apt-get install pocketsphinx pocketsphinx-en-us') });
    } finally {
      await missing.close();
    }
  });
});

describe('transcribe()', () => {
  it('transcribes a WAV for the peer (legacy record-end-stt)', { timeout: 90_000 }, async () => {
    expect(wordErrorRate(SENTENCE, await transcribe(wavAt(speech, 48000, 1)))).toBeLessThanOrEqual(0.5);
  });
});

describe('the upstream STT engine (PERSO_EMULATOR_STT_*)', () => {
  let upstream: Server;
  const seen: Array<{ url: string; authorization?: string; contentType?: string; body: string }> = [];
  beforeAll(async () => {
    upstream = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('latin1') });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"text":" upstream words "}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('sends the audio as 16 kHz WAV with model and language, and answers its text', async () => {
    const port = (upstream.address() as AddressInfo).port;
    const viaUpstream = await start({ stt: { upstream: undefined }, env: { PERSO_EMULATOR_STT_URL: `http://127.0.0.1:${port}/v1`, PERSO_EMULATOR_STT_MODEL: 'whisper-tiny', PERSO_EMULATOR_STT_KEY: 'sk-stt' } });
    try {
      const id = await createSession(viaUpstream);
      const { status, body } = await upload(viaUpstream, id, wavAt(speech, 44100, 2), { language: 'en-US' });
      expect(status).toBe(200);
      expect(body.text).toBe('upstream words');
      const request = seen.at(-1)!;
      expect(request.url).toBe('/v1/audio/transcriptions');
      expect(request.authorization).toBe('Bearer sk-stt');
      expect(request.contentType).toMatch(/^multipart\/form-data/);
      expect(request.body).toContain('name="model"\r\n\r\nwhisper-tiny');
      expect(request.body).toContain('name="language"\r\n\r\nen');
      const riff = request.body.indexOf('RIFF');
      expect(Buffer.from(request.body.slice(riff + 24, riff + 28), 'latin1').readUInt32LE(0)).toBe(16000);
    } finally {
      await viaUpstream.close();
    }
  });
});

describe('toPcm16kMono', () => {
  it('reads G.711 µ-law and A-law uploads and resamples them to 16 kHz', () => {
    const tone = Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 300 * i) / 8000)));
    for (const encode of [(wav: InstanceType<typeof WaveFile>) => wav.toMuLaw(), (wav: InstanceType<typeof WaveFile>) => wav.toALaw()]) {
      const wav = new WaveFile();
      wav.fromScratch(1, 8000, '16', tone);
      encode(wav);
      const pcm = toPcm16kMono(wav.toBuffer());
      expect(pcm.length).toBe(16000);
      expect(Math.max(...pcm)).toBeGreaterThan(7500);
    }
  });
});
