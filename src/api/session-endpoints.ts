/**
 * The session-scoped endpoints of PROTOCOL.md (the session id is the
 * authority; no key is sent), declared once. `sessionApi` calls them
 * positionally; it is what a page needs for a live session, and it pulls in
 * none of the organisation-scoped endpoints.
 */
import { InvalidArgumentError } from '../errors.js';
import { endpoint, positionalCalls, STREAMED } from './endpoint.js';
import { anyJson, field, jsonArray, jsonObject, mapped } from './expectations.js';
import type { IceServer, LLMStreamRequest, SessionDescription, SessionEventType, SessionInfo, STTResponse, TTSRequest, TTSResponse } from './types.js';
import { isRecord, requireText } from './validate.js';

/** Name of the uploaded file in the STT multipart body; the protocol asks for a WAV file. */
const STT_FILE_NAME = 'audio.wav';

export const SESSION_ENDPOINTS = {
  /** GET `/api/v1/session/{id}/`. */
  getSessionInfo: endpoint<[sessionId: string], SessionInfo>({
    method: 'GET',
    path: '/api/v1/session/{sessionId}/',
    scope: 'session',
    args: ['sessionId'],
    answer: jsonObject<SessionInfo>({ session_id: 'string', capability: 'array' }),
  }),

  /** GET `/api/v1/session/{id}/ice-servers/`, unwrapped from `ice_servers`. */
  getIceServers: endpoint<[sessionId: string], IceServer[]>({
    method: 'GET',
    path: '/api/v1/session/{sessionId}/ice-servers/',
    scope: 'session',
    args: ['sessionId'],
    answer: field('ice_servers', jsonArray<IceServer>()),
  }),

  /** POST `/api/v1/session/{id}/exchange/` with `{client_sdp}`; answers the unwrapped `server_sdp`. */
  exchangeSdp: endpoint<[sessionId: string, offer: SessionDescription], SessionDescription>({
    method: 'POST',
    path: '/api/v1/session/{sessionId}/exchange/',
    scope: 'session',
    args: ['sessionId', 'offer'],
    body: (_sessionId, offer) => {
      if (!isRecord(offer) || typeof offer.sdp !== 'string') {
        throw new InvalidArgumentError('offer', 'must be a session description with an `sdp` string');
      }
      return { json: { client_sdp: { type: offer.type ?? 'offer', sdp: offer.sdp } } };
    },
    answer: mapped(field('server_sdp', jsonObject<{ type?: unknown; sdp: string }>({ sdp: 'string' })), (answer): SessionDescription => ({
      type: answer.type === 'pranswer' ? 'pranswer' : 'answer',
      sdp: answer.sdp,
    })),
  }),

  /**
   * POST `/api/v1/session/{id}/event/create/` with `{event, detail}`; `detail`
   * is sent as `""` when omitted. Answers the server's JSON (`undefined` for an empty body).
   */
  createSessionEvent: endpoint<[sessionId: string, event: SessionEventType, detail?: string], unknown>({
    method: 'POST',
    path: '/api/v1/session/{sessionId}/event/create/',
    scope: 'session',
    args: ['sessionId', 'event', 'detail'],
    body: (_sessionId, event, detail) => ({ json: { event: requireText('event', event), detail: detail ?? '' } }),
    answer: anyJson,
  }),

  /** POST `/api/v1/session/{id}/tts/`; `audio` is base64 of WAV or MP3 bytes. */
  makeTTS: endpoint<[sessionId: string, request: TTSRequest], TTSResponse>({
    method: 'POST',
    path: '/api/v1/session/{sessionId}/tts/',
    scope: 'session',
    args: ['sessionId', 'request'],
    body: (_sessionId, request) => {
      if (!isRecord(request)) throw new InvalidArgumentError('request', 'must be an object `{ text, locale?, output_format? }`');
      const body: TTSRequest = { text: requireText('text', request.text) };
      if (request.locale != null) body.locale = request.locale;
      if (request.output_format != null) body.output_format = request.output_format;
      return { json: body };
    },
    answer: mapped(jsonObject<TTSResponse>({ audio: 'string' }), (answer): TTSResponse => ({ audio: answer.audio })),
  }),

  /** POST `/api/v1/session/{id}/stt/` as multipart: `audio` (uploaded as `audio.wav`) and optional `language`. */
  makeSTT: endpoint<[sessionId: string, audio: Blob, language?: string], STTResponse>({
    method: 'POST',
    path: '/api/v1/session/{sessionId}/stt/',
    scope: 'session',
    args: ['sessionId', 'audio', 'language'],
    body: (_sessionId, audio, language) => {
      if (!(audio instanceof Blob)) throw new InvalidArgumentError('audio', 'must be a Blob or File of WAV bytes');
      const form = new FormData();
      form.append('audio', audio, STT_FILE_NAME);
      if (language != null && language !== '') form.append('language', language);
      return { form };
    },
    answer: mapped(jsonObject<STTResponse>({ text: 'string' }), (answer): STTResponse => ({ text: answer.text })),
  }),

  /**
   * POST `/api/v1/session/{id}/llm/v2/` and answer the SSE body stream once
   * the 2xx headers arrive (a non-2xx answer rejects as `ApiError`). The
   * signal keeps governing the stream afterwards.
   */
  openLLMStream: endpoint<[sessionId: string, body: LLMStreamRequest], ReadableStream<Uint8Array>>({
    method: 'POST',
    path: '/api/v1/session/{sessionId}/llm/v2/',
    scope: 'session',
    args: ['sessionId', 'body'],
    body: (_sessionId, body) => {
      if (!isRecord(body) || !Array.isArray(body.messages) || !Array.isArray(body.tools)) {
        throw new InvalidArgumentError('body', 'must be `{ messages: [...], tools: [...] }`');
      }
      return { json: { messages: body.messages, tools: body.tools } };
    },
    answer: STREAMED,
  }),
};

/** The session-scoped endpoints, positional: `sessionApi.makeTTS(apiServer, sessionId, request, signal?)`. */
export const sessionApi = /* @__PURE__ */ positionalCalls(SESSION_ENDPOINTS);
