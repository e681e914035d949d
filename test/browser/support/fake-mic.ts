/**
 * The fake microphone's input: a sentence spoken by the emulator's TTS, padded
 * with silence, written to a temporary WAV for Chromium's
 * `--use-file-for-fake-audio-capture` (which plays it on a loop).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { createPrng } from '../../../emulator/avatar/prng.js';
import { createSessionId, getAllSettings, makeTTS } from '../../../src/server/index.js';

export interface FakeMicOptions {
  /** The emulator's origin. */
  apiServer: string;
  /** The emulator's API key (only this test process holds it). */
  apiKey: string;
  text: string;
  /** Silence before the speech. @default 1 */
  leadSilenceSec?: number;
  /** Silence after the speech, so the loop leaves a gap. @default 6 */
  tailSilenceSec?: number;
}

export interface FakeMicWav {
  path: string;
  /** Length of the spoken part, in seconds. */
  speechSec: number;
  /** Length of the whole file (one loop), in seconds. */
  totalSec: number;
  /** Removes the file. */
  remove(): void;
}

export async function synthesizeFakeMicWav(options: FakeMicOptions): Promise<FakeMicWav> {
  const speech = await speak(options, options.text);
  return writePadded(speech, options.leadSilenceSec ?? 1, options.tailSilenceSec ?? 6);
}

/**
 * One part of a scripted microphone input: a sentence (optionally quieter by
 * `gainDb`, or over white noise of `noiseAmplitude`), silence, or white noise alone.
 */
export type FakeMicPart = { say: string; gainDb?: number; noiseAmplitude?: number } | { silenceSec: number } | { noiseSec: number; amplitude: number };

export interface FakeMicScript extends FakeMicWav {
  /**
   * Where each `say` part starts and ends in the file, in seconds; `voiced*`
   * is where its voice really is (the TTS pads its audio with near-silence),
   * which is what a detector's start and end delays are measured from.
   */
  spoken: Array<{ text: string; startSec: number; endSec: number; voicedStartSec: number; voicedEndSec: number }>;
  /** The first sample above FIRST_SOUND_LEVEL, in seconds: where a listener can anchor the file's time line. */
  firstSoundSec: number;
}

/** A sample this loud (of full scale) is "sound" for `firstSoundSec`. */
export const FIRST_SOUND_LEVEL = 0.002;
/** A 10 ms window within this many dB of the sentence's loudest is voiced. */
const VOICED_BELOW_PEAK_DB = 35;

/** A microphone input made of parts: sentences spoken by the emulator's TTS, silence, low white noise. */
export async function synthesizeFakeMicScript(options: Omit<FakeMicOptions, 'text'>, parts: FakeMicPart[]): Promise<FakeMicScript> {
  const voices = new Map<string, { samples: Int16Array; sampleRate: number }>();
  for (const part of parts) if ('say' in part && !voices.has(part.say)) voices.set(part.say, readMono(await speak(options, part.say)));
  const rates = new Set([...voices.values()].map((voice) => voice.sampleRate));
  if (rates.size > 1) throw new Error('the TTS answered two sample rates');
  const sampleRate = [...rates][0] ?? 16_000;
  const pieces: Int16Array[] = [];
  const spoken: FakeMicScript['spoken'] = [];
  let length = 0;
  const random = createPrng(0x2545f491);
  const addNoise = (piece: Int16Array, amplitude: number): void => {
    for (let i = 0; i < piece.length; i++) piece[i] = clamp16(piece[i]! + Math.round((random() - 0.5) * 2 * amplitude * 32767));
  };
  for (const part of parts) {
    let piece: Int16Array;
    if ('say' in part) {
      const voice = voices.get(part.say)!.samples;
      const gain = 10 ** ((part.gainDb ?? 0) / 20);
      piece = gain === 1 ? voice.slice() : voice.map((sample) => Math.round(sample * gain));
      const voiced = voicedSpan(piece, sampleRate);
      spoken.push({
        text: part.say,
        startSec: length / sampleRate,
        endSec: (length + piece.length) / sampleRate,
        voicedStartSec: (length + voiced.start) / sampleRate,
        voicedEndSec: (length + voiced.end) / sampleRate,
      });
      if (part.noiseAmplitude) addNoise(piece, part.noiseAmplitude);
    } else {
      piece = new Int16Array(Math.round(('silenceSec' in part ? part.silenceSec : part.noiseSec) * sampleRate));
      if ('noiseSec' in part) addNoise(piece, part.amplitude);
    }
    pieces.push(piece);
    length += piece.length;
  }
  const joined = new Int16Array(length);
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  const loud = FIRST_SOUND_LEVEL * 32768;
  const first = joined.findIndex((sample) => Math.abs(sample) > loud);
  return {
    ...writeSamples(joined, sampleRate, spoken.reduce((sum, part) => sum + part.endSec - part.startSec, 0)),
    spoken,
    firstSoundSec: (first < 0 ? 0 : first) / sampleRate,
  };
}

function clamp16(value: number): number {
  return Math.max(-32768, Math.min(32767, value));
}

/** The first and last sample of the 10 ms windows within VOICED_BELOW_PEAK_DB of the loudest. */
function voicedSpan(samples: Int16Array, sampleRate: number): { start: number; end: number } {
  const window = Math.max(1, Math.round(sampleRate / 100));
  const levels: number[] = [];
  for (let at = 0; at < samples.length; at += window) {
    let sum = 0;
    const end = Math.min(samples.length, at + window);
    for (let i = at; i < end; i++) sum += samples[i]! * samples[i]!;
    levels.push(Math.sqrt(sum / (end - at)));
  }
  const threshold = Math.max(...levels) * 10 ** (-VOICED_BELOW_PEAK_DB / 20);
  const first = levels.findIndex((level) => level > threshold);
  const last = levels.length - 1 - [...levels].reverse().findIndex((level) => level > threshold);
  return { start: first * window, end: Math.min(samples.length, (last + 1) * window) };
}

async function speak(options: Omit<FakeMicOptions, 'text'>, text: string): Promise<Uint8Array> {
  const { apiServer, apiKey } = options;
  const settings = await getAllSettings({ apiKey, apiServer });
  const sessionId = await createSessionId({
    apiKey,
    apiServer,
    params: {
      using_stf_webrtc: false,
      model_style: firstOf(settings.modelStyles, 'model style').name,
      prompt: firstOf(settings.prompts, 'prompt').prompt_id,
      tts_type: firstOf(settings.ttsTypes, 'TTS type').name,
    },
  });
  const { audio } = await makeTTS({ sessionId, text, apiServer });
  return Buffer.from(audio, 'base64');
}

function readMono(wavBytes: Uint8Array): { samples: Int16Array; sampleRate: number } {
  const speech = new wavefile.WaveFile(wavBytes);
  speech.toBitDepth('16');
  const format = speech.fmt as { sampleRate: number; numChannels: number };
  if (format.numChannels !== 1) throw new Error(`expected mono TTS audio, got ${format.numChannels} channels`);
  return { samples: Int16Array.from(speech.getSamples(false, Int16Array) as unknown as ArrayLike<number>), sampleRate: format.sampleRate };
}

function writePadded(wavBytes: Uint8Array, leadSec: number, tailSec: number): FakeMicWav {
  const { samples, sampleRate } = readMono(wavBytes);
  const lead = Math.round(leadSec * sampleRate);
  const tail = Math.round(tailSec * sampleRate);
  const padded = new Int16Array(lead + samples.length + tail);
  padded.set(samples, lead);
  return writeSamples(padded, sampleRate, samples.length / sampleRate);
}

function writeSamples(samples: Int16Array, sampleRate: number, speechSec: number): FakeMicWav {
  const out = new wavefile.WaveFile();
  out.fromScratch(1, sampleRate, '16', samples);
  const dir = mkdtempSync(join(tmpdir(), 'perso-fake-mic-'));
  const path = join(dir, 'speech.wav');
  writeFileSync(path, out.toBuffer());
  return {
    path,
    speechSec,
    totalSec: samples.length / sampleRate,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function firstOf<T>(list: readonly T[], what: string): T {
  const first = list[0];
  if (first === undefined) throw new Error(`the emulator lists no ${what}`);
  return first;
}
