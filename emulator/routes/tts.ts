/** `POST /api/v1/session/{id}/tts/`: WAV speech from Flite, base64 in `{audio}`. */
import { voiceForTtsType } from '../catalog.js';
import type { EmulatorContext } from '../context.js';
import { readJsonObject } from '../http/body.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { HttpError, invalid, sendJson } from '../http/respond.js';
import { encodeWav16 } from '../audio/pcm16.js';
import { requireLiveSession } from './session-access.js';

/** `output_format` values the emulator accepts; all mean 16 kHz 16-bit mono WAV. */
export const SUPPORTED_TTS_FORMATS = ['wav', 'pcm_wav', 'wav_16000', 'pcm_16000_wav'] as const;

export function registerTtsRoute(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/:id/tts/',
    handler: async ({ req, res, params }) => {
      const record = requireLiveSession(emulator, params.id!, 'TTS');
      const body = await readJsonObject(req, emulator.limits.jsonBodyBytes);
      const text = body.text;
      if (typeof text !== 'string' || text.trim() === '') throw invalid('text', 'text must be a non-empty string');
      if (text.length > emulator.limits.ttsTextChars) {
        throw invalid('text', `text is ${text.length} characters; the limit is ${emulator.limits.ttsTextChars}`);
      }
      if (body.locale !== undefined && body.locale !== null && typeof body.locale !== 'string') throw invalid('locale', 'locale must be a string');
      const format = body.output_format;
      if (format !== undefined && format !== null && (typeof format !== 'string' || !(SUPPORTED_TTS_FORMATS as readonly string[]).includes(format.toLowerCase()))) {
        throw invalid('output_format', `Unsupported output_format ${JSON.stringify(format)}; the emulator produces WAV only (${SUPPORTED_TTS_FORMATS.join(', ')})`);
      }
      const voice = voiceForTtsType(record.params.ttsType?.name).fliteVoice;
      let speech;
      try {
        speech = await emulator.tts.synthesize(text, voice);
      } catch (error) {
        throw new HttpError(500, 'tts_failed', `Speech synthesis failed: ${(error as Error).message}`);
      }
      sendJson(res, 200, { audio: Buffer.from(encodeWav16(speech.samples, speech.sampleRate)).toString('base64') });
    },
  });
}
