import wavefile from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type Emulator } from '../../emulator/index.js';
import { call, createSession, REST_SESSION, start, WEBRTC_SESSION } from './emulator-helpers.js';

const { WaveFile } = wavefile as unknown as typeof import('wavefile');

let emulator: Emulator;
let slt: string;
beforeAll(async () => {
  emulator = await start({ limits: { ttsTextChars: 300 } });
  slt = await createSession(emulator, WEBRTC_SESSION);
});
afterAll(() => emulator.close());

type Errors = { errors: Array<{ code: string; attr: string | null; detail: string }> };

async function speak(text: string, session = slt, extra: Record<string, unknown> = {}) {
  const answer = await call<{ audio: string }>(emulator, 'POST', `/api/v1/session/${session}/tts/`, { key: null, json: { text, ...extra } });
  expect(answer.status).toBe(200);
  return Buffer.from(answer.body.audio, 'base64');
}

/** Reads the WAV with wavefile, an independent decoder, and answers its format and duration. */
function inspect(bytes: Buffer) {
  const wav = new WaveFile(bytes);
  const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  let peak = 0;
  for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
  return { fmt, seconds: samples.length / fmt.sampleRate, peak };
}

describe('POST /tts/', () => {
  it('answers base64 WAV, 16 kHz mono 16-bit, with audible speech', async () => {
    const { fmt, seconds, peak } = inspect(await speak('Hello there, this is a test.'));
    expect(fmt).toMatchObject({ audioFormat: 1, numChannels: 1, sampleRate: 16000, bitsPerSample: 16 });
    expect(seconds).toBeGreaterThan(0.8);
    expect(seconds).toBeLessThan(5);
    expect(peak).toBeGreaterThan(3000);
  });

  it('speaks longer for longer text', async () => {
    const short = inspect(await speak('Good morning.')).seconds;
    const long = inspect(await speak('Good morning. The weather today is sunny with a light breeze, and tomorrow will be warmer still.')).seconds;
    expect(long / short).toBeGreaterThan(2.5);
  });

  it("speaks with the session's voice", async () => {
    const kal = await createSession(emulator, REST_SESSION);
    const a = await speak('The same sentence in two voices.', slt);
    const b = await speak('The same sentence in two voices.', kal);
    expect(a.equals(b)).toBe(false);
    expect(Math.abs(inspect(a).seconds - inspect(b).seconds)).toBeGreaterThan(0.01);
  });

  it('accepts WAV output formats and accents or emoji in the text', async () => {
    for (const output_format of ['wav', 'PCM_WAV', 'wav_16000']) expect(inspect(await speak('Okay.', slt, { output_format })).seconds).toBeGreaterThan(0.1);
    expect(inspect(await speak('Café crème, très bien 😀')).seconds).toBeGreaterThan(0.5);
  });

  it.each([
    [{ text: '' }, 'text'],
    [{ text: '   ' }, 'text'],
    [{ text: 42 }, 'text'],
    [{}, 'text'],
    [{ text: 'x'.repeat(301) }, 'text'],
    [{ text: 'hi', output_format: 'mp3' }, 'output_format'],
    [{ text: 'hi', output_format: 7 }, 'output_format'],
    [{ text: 'hi', locale: 5 }, 'locale'],
  ])('refuses %o with 400 invalid on %s', async (json, attr) => {
    const { status, body } = await call<Errors>(emulator, 'POST', `/api/v1/session/${slt}/tts/`, { json });
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ code: 'invalid', attr });
  });

  it('serves concurrent requests', async () => {
    const results = await Promise.all(['One.', 'Two.', 'Three.'].map((text) => speak(text)));
    for (const result of results) expect(inspect(result).seconds).toBeGreaterThan(0.2);
  });
});

describe('synthesize()', () => {
  it('answers 16 kHz samples for each 16 kHz voice, different per voice', async () => {
    const voices = ['slt', 'kal16', 'awb', 'rms'];
    const speeches = await Promise.all(voices.map((voice) => synthesize('Testing one two three.', voice)));
    for (const speech of speeches) {
      expect(speech.sampleRate).toBe(16000);
      expect(speech.samples).toBeInstanceOf(Int16Array);
      expect(speech.samples.length / 16000).toBeGreaterThan(0.8);
    }
    expect(new Set(speeches.map((speech) => speech.samples.length)).size).toBeGreaterThan(1);
  });

  it('refuses an unknown voice, and answers no samples for text with nothing to say', async () => {
    await expect(synthesize('hi', 'nobody')).rejects.toThrow(/Unknown Flite voice/);
    expect((await synthesize('😀😀', 'slt')).samples.length).toBe(0);
  });
});
