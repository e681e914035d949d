/**
 * The fake microphone's input: a sentence spoken by the emulator's TTS, padded
 * with silence, written to a temporary WAV for Chromium's
 * `--use-file-for-fake-audio-capture` (which plays it on a loop).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
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
  const { audio } = await makeTTS({ sessionId, text: options.text, apiServer });
  return writePadded(Buffer.from(audio, 'base64'), options.leadSilenceSec ?? 1, options.tailSilenceSec ?? 6);
}

function writePadded(wavBytes: Uint8Array, leadSec: number, tailSec: number): FakeMicWav {
  const speech = new wavefile.WaveFile(wavBytes);
  speech.toBitDepth('16');
  const format = speech.fmt as { sampleRate: number; numChannels: number };
  if (format.numChannels !== 1) throw new Error(`expected mono TTS audio, got ${format.numChannels} channels`);
  const samples = Int16Array.from(speech.getSamples(false, Int16Array) as unknown as ArrayLike<number>);
  const lead = Math.round(leadSec * format.sampleRate);
  const tail = Math.round(tailSec * format.sampleRate);
  const padded = new Int16Array(lead + samples.length + tail);
  padded.set(samples, lead);
  const out = new wavefile.WaveFile();
  out.fromScratch(1, format.sampleRate, '16', padded);
  const dir = mkdtempSync(join(tmpdir(), 'perso-fake-mic-'));
  const path = join(dir, 'speech.wav');
  writeFileSync(path, out.toBuffer());
  return {
    path,
    speechSec: samples.length / format.sampleRate,
    totalSec: padded.length / format.sampleRate,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function firstOf<T>(list: readonly T[], what: string): T {
  const first = list[0];
  if (first === undefined) throw new Error(`the emulator lists no ${what}`);
  return first;
}
