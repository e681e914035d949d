/**
 * Low-level API utilities: one static method per endpoint of PROTOCOL.md,
 * positional `(apiServer, apiKey?, ...args, signal?)`. `apiServer` is
 * normalised and arguments are checked on every call (an `InvalidArgumentError`
 * rejection, before any request). Session-scoped methods never send the key.
 */
import { requestJson, requestStream } from './http.js';
import { anyJson, field, jsonArray, jsonObject } from './expectations.js';
import { ORG_PATHS, orgUrl, sessionTemplateUrl, sessionUrl, textNormalizationDownloadUrl } from './paths.js';
import { buildSessionBody, toSessionCreationError } from './session-creation.js';
import type {
  BackgroundImage,
  CreateSessionParams,
  CreateSessionResponse,
  Document,
  IceServer,
  LLMStreamRequest,
  LLMType,
  MCPServer,
  ModelStyle,
  Prompt,
  SessionDescription,
  SessionEventType,
  SessionInfo,
  SessionTemplate,
  STTResponse,
  STTType,
  TextNormalizationConfig,
  TextNormalizationDownload,
  TTSRequest,
  TTSResponse,
  TTSType,
} from './types.js';
import { isRecord, requireApiKey, requireText } from './validate.js';
import { InvalidArgumentError } from '../errors.js';

/** Name of the uploaded file in the STT multipart body; the protocol asks for a WAV file. */
const STT_FILE_NAME = 'audio.wav';

function getList<T>(apiServer: string, apiKey: string, path: string, signal?: AbortSignal): Promise<T[]> {
  return requestJson({ method: 'GET', url: orgUrl(apiServer, path), apiKey: requireApiKey(apiKey), signal }, jsonArray<T>());
}

export class PersoUtilServer {
  // -------------------------------------------------------------------------
  // Organisation scope (API key)
  // -------------------------------------------------------------------------

  /** GET `/api/v1/settings/llm_type/`. */
  static async getLLMs(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<LLMType[]> {
    return getList(apiServer, apiKey, ORG_PATHS.llms, signal);
  }

  /** GET `/api/v1/settings/tts_type/`. */
  static async getTTSs(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<TTSType[]> {
    return getList(apiServer, apiKey, ORG_PATHS.ttsTypes, signal);
  }

  /** GET `/api/v1/settings/stt_type/`. */
  static async getSTTs(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<STTType[]> {
    return getList(apiServer, apiKey, ORG_PATHS.sttTypes, signal);
  }

  /** GET `/api/v1/settings/modelstyle/?platform_type=webrtc` (only avatars this SDK can show). */
  static async getModelStyles(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<ModelStyle[]> {
    return getList(apiServer, apiKey, ORG_PATHS.modelStyles, signal);
  }

  /** GET `/api/v1/background_image/`. */
  static async getBackgroundImages(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<BackgroundImage[]> {
    return getList(apiServer, apiKey, ORG_PATHS.backgroundImages, signal);
  }

  /** GET `/api/v1/prompt/`. */
  static async getPrompts(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<Prompt[]> {
    return getList(apiServer, apiKey, ORG_PATHS.prompts, signal);
  }

  /** GET `/api/v1/document/`. */
  static async getDocuments(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<Document[]> {
    return getList(apiServer, apiKey, ORG_PATHS.documents, signal);
  }

  /** GET `/api/v1/settings/mcp_type/`. */
  static async getMcpServers(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<MCPServer[]> {
    return getList(apiServer, apiKey, ORG_PATHS.mcpServers, signal);
  }

  /** GET `/api/v1/settings/text_normalization_config/`. */
  static async getTextNormalizations(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<TextNormalizationConfig[]> {
    return getList(apiServer, apiKey, ORG_PATHS.textNormalizations, signal);
  }

  /** GET `/api/v1/settings/text_normalization_config/{configId}/download/`: a short-lived URL to the CSV ruleset. */
  static async getTextNormalization(
    apiServer: string,
    apiKey: string,
    configId: string,
    signal?: AbortSignal,
  ): Promise<TextNormalizationDownload> {
    return requestJson(
      { method: 'GET', url: textNormalizationDownloadUrl(apiServer, configId), apiKey: requireApiKey(apiKey), signal },
      jsonObject<TextNormalizationDownload>({ file_url: 'string' }),
    );
  }

  /** GET `/api/v1/session_template/`. */
  static async getSessionTemplates(apiServer: string, apiKey: string, signal?: AbortSignal): Promise<SessionTemplate[]> {
    return getList(apiServer, apiKey, ORG_PATHS.sessionTemplates, signal);
  }

  /** GET `/api/v1/session_template/{id}/`. */
  static async getSessionTemplate(
    apiServer: string,
    apiKey: string,
    sessionTemplateId: string,
    signal?: AbortSignal,
  ): Promise<SessionTemplate> {
    return requestJson(
      { method: 'GET', url: sessionTemplateUrl(apiServer, sessionTemplateId), apiKey: requireApiKey(apiKey), signal },
      jsonObject<SessionTemplate>({ sessiontemplate_id: 'string', model_style: 'object' }),
    );
  }

  /**
   * POST `/api/v1/session/` with `capability` derived from `params`. API
   * errors reject as `DoesNotExistError`, `NotInOrganizationError` or
   * `SessionCreationError`.
   */
  static async createSession(
    apiServer: string,
    apiKey: string,
    params: CreateSessionParams,
    signal?: AbortSignal,
  ): Promise<CreateSessionResponse> {
    const request = {
      method: 'POST',
      url: orgUrl(apiServer, ORG_PATHS.sessions),
      apiKey: requireApiKey(apiKey),
      json: buildSessionBody(params),
      signal,
    } as const;
    try {
      return await requestJson(request, jsonObject<CreateSessionResponse>({ session_id: 'string' }));
    } catch (error) {
      throw toSessionCreationError(error);
    }
  }

  // -------------------------------------------------------------------------
  // Session scope (the id is the authority; no key is sent)
  // -------------------------------------------------------------------------

  /** GET `/api/v1/session/{id}/`. */
  static async getSessionInfo(apiServer: string, sessionId: string, signal?: AbortSignal): Promise<SessionInfo> {
    return requestJson(
      { method: 'GET', url: sessionUrl(apiServer, sessionId), signal },
      jsonObject<SessionInfo>({ session_id: 'string', capability: 'array' }),
    );
  }

  /** GET `/api/v1/session/{id}/ice-servers/`, unwrapped from `ice_servers`. */
  static async getIceServers(apiServer: string, sessionId: string, signal?: AbortSignal): Promise<IceServer[]> {
    return requestJson(
      { method: 'GET', url: sessionUrl(apiServer, sessionId, 'ice-servers/'), signal },
      field('ice_servers', jsonArray<IceServer>()),
    );
  }

  /** POST `/api/v1/session/{id}/exchange/` with `{client_sdp}`; answers the unwrapped `server_sdp`. */
  static async exchangeSdp(
    apiServer: string,
    sessionId: string,
    offer: SessionDescription,
    signal?: AbortSignal,
  ): Promise<SessionDescription> {
    const url = sessionUrl(apiServer, sessionId, 'exchange/');
    if (!isRecord(offer) || typeof offer.sdp !== 'string') {
      throw new InvalidArgumentError('offer', 'must be a session description with an `sdp` string');
    }
    const answer = await requestJson(
      { method: 'POST', url, json: { client_sdp: { type: offer.type ?? 'offer', sdp: offer.sdp } }, signal },
      field('server_sdp', jsonObject<{ type?: unknown; sdp: string }>({ sdp: 'string' })),
    );
    return { type: answer.type === 'pranswer' ? 'pranswer' : 'answer', sdp: answer.sdp };
  }

  /**
   * POST `/api/v1/session/{id}/event/create/` with `{event, detail}`; `detail`
   * is sent as `""` when omitted. Answers the server's JSON (`undefined` for an empty body).
   */
  static async createSessionEvent(
    apiServer: string,
    sessionId: string,
    event: SessionEventType,
    detail?: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const url = sessionUrl(apiServer, sessionId, 'event/create/');
    return requestJson(
      { method: 'POST', url, json: { event: requireText('event', event), detail: detail ?? '' }, signal },
      anyJson,
    );
  }

  /** POST `/api/v1/session/{id}/tts/`; `audio` is base64 of WAV or MP3 bytes. */
  static async makeTTS(apiServer: string, sessionId: string, request: TTSRequest, signal?: AbortSignal): Promise<TTSResponse> {
    const url = sessionUrl(apiServer, sessionId, 'tts/');
    if (!isRecord(request)) throw new InvalidArgumentError('request', 'must be an object `{ text, locale?, output_format? }`');
    const body: TTSRequest = { text: requireText('text', request.text) };
    if (request.locale != null) body.locale = request.locale;
    if (request.output_format != null) body.output_format = request.output_format;
    const answer = await requestJson({ method: 'POST', url, json: body, signal }, jsonObject<TTSResponse>({ audio: 'string' }));
    return { audio: answer.audio };
  }

  /** POST `/api/v1/session/{id}/stt/` as multipart: `audio` (uploaded as `audio.wav`) and optional `language`. */
  static async makeSTT(
    apiServer: string,
    sessionId: string,
    audio: Blob,
    language?: string,
    signal?: AbortSignal,
  ): Promise<STTResponse> {
    const url = sessionUrl(apiServer, sessionId, 'stt/');
    if (!(audio instanceof Blob)) throw new InvalidArgumentError('audio', 'must be a Blob or File of WAV bytes');
    const form = new FormData();
    form.append('audio', audio, STT_FILE_NAME);
    if (language != null && language !== '') form.append('language', language);
    const answer = await requestJson({ method: 'POST', url, form, signal }, jsonObject<STTResponse>({ text: 'string' }));
    return { text: answer.text };
  }

  /**
   * POST `/api/v1/session/{id}/llm/v2/` and answer the SSE body stream once
   * the 2xx headers arrive (a non-2xx answer rejects as `ApiError`). The
   * signal keeps governing the stream afterwards.
   */
  static async openLLMStream(
    apiServer: string,
    sessionId: string,
    body: LLMStreamRequest,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const url = sessionUrl(apiServer, sessionId, 'llm/v2/');
    if (!isRecord(body) || !Array.isArray(body.messages) || !Array.isArray(body.tools)) {
      throw new InvalidArgumentError('body', 'must be `{ messages: [...], tools: [...] }`');
    }
    return requestStream({ method: 'POST', url, json: { messages: body.messages, tools: body.tools }, signal });
  }
}
