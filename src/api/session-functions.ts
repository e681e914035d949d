/** Public functions that act on a session (the session id is the authority), in both call styles; both entry points export them. */
import { named, resolveArgs } from './call-style.js';
import { publicCall } from './endpoint.js';
import { SESSION_ENDPOINTS, sessionApi } from './session-endpoints.js';
import type { SessionInfo, TTSRequest, TTSResponse } from './types.js';
import { isRecord, requireText } from './validate.js';

/** Options of the session-scoped calls: the session id is the only authority needed. */
export interface SessionIdOptions {
  sessionId: string;
  /** @default DEFAULT_API_SERVER ("https://platform.perso.ai") */
  apiServer?: string;
  /** Aborts the request; the call then rejects with `AbortError`. */
  signal?: AbortSignal;
}

export interface GetSessionInfo {
  (options: SessionIdOptions): Promise<SessionInfo>;
  (apiServer: string, sessionId: string, signal?: AbortSignal): Promise<SessionInfo>;
}

export interface MakeTTSOptions extends SessionIdOptions, TTSRequest {}

export interface MakeTTS {
  (options: MakeTTSOptions): Promise<TTSResponse>;
  /** `request`: the text to speak, or `{ text, locale?, output_format? }`. */
  (apiServer: string, sessionId: string, request: TTSRequest | string, signal?: AbortSignal): Promise<TTSResponse>;
}

// `/* @__PURE__ */`: making a call has no side effect, so an app's bundler drops the calls the app never uses.
/** A session's metadata (status, capabilities, settings). No API key needed. */
export const getSessionInfo = /* @__PURE__ */ publicCall<GetSessionInfo>('getSessionInfo', SESSION_ENDPOINTS.getSessionInfo);

/** Synthesises speech with the session's voice; answers `{ audio }`, base64 of WAV or MP3 bytes. No API key needed. */
export const makeTTS: MakeTTS = /* @__PURE__ */ named('makeTTS', async (...args: unknown[]): Promise<TTSResponse> => {
  const { apiServer, signal, values } = resolveArgs('makeTTS', args, ['sessionId', 'request']);
  const sessionId = requireText('sessionId', values.sessionId);
  const fromPositional = values.request;
  const request: Record<string, unknown> =
    typeof fromPositional === 'string' ? { text: fromPositional }
    : isRecord(fromPositional) ? fromPositional
    : values;
  const tts: TTSRequest = { text: requireText('text', request.text) };
  if (request.locale != null) tts.locale = requireText('locale', request.locale);
  if (request.output_format != null) tts.output_format = requireText('output_format', request.output_format);
  return sessionApi.makeTTS(apiServer, sessionId, tts, signal);
}) as MakeTTS;
