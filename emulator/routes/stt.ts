/** `POST /api/v1/session/{id}/stt/`: a multipart WAV upload in, `{text}` out. */
import type { EmulatorContext } from '../context.js';
import { readBody } from '../http/body.js';
import { boundaryOf, parseMultipart } from '../http/multipart.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { HttpError, invalid, sendJson } from '../http/respond.js';
import { SttInputError, SttUnavailableError } from '../engines/stt/engine.js';
import { requireLiveSession } from './session-access.js';

export function registerSttRoute(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/:id/stt/',
    handler: async ({ req, res, params }) => {
      requireLiveSession(emulator, params.id!, 'STT');
      const boundary = boundaryOf(req.headers['content-type']);
      const parts = parseMultipart(await readBody(req, emulator.limits.uploadBytes), boundary);
      const audio = parts.find((part) => part.name === 'audio');
      if (!audio || audio.data.length === 0) throw invalid('audio', 'The form needs an "audio" file (a WAV)');
      const languagePart = parts.find((part) => part.name === 'language');
      const language = languagePart ? languagePart.data.toString('utf8').trim() || undefined : undefined;
      let text: string;
      try {
        text = await emulator.stt.transcribe(audio.data, language);
      } catch (error) {
        if (error instanceof SttUnavailableError) throw new HttpError(503, 'stt_unavailable', error.message);
        if (error instanceof SttInputError) throw invalid('audio', error.message);
        throw new HttpError(500, 'stt_failed', `Speech recognition failed: ${(error as Error).message}`);
      }
      sendJson(res, 200, { text, locale: language ?? 'en-US' });
    },
  });
}
