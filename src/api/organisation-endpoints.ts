/** The organisation-scoped endpoints of PROTOCOL.md (sent with the API key), declared once. */
import { endpoint, positionalCalls } from './endpoint.js';
import { jsonArray, jsonObject } from './expectations.js';
import { buildSessionBody, toSessionCreationError } from './session-creation.js';
import type {
  BackgroundImage,
  CreateSessionParams,
  CreateSessionResponse,
  Document,
  LLMType,
  MCPServer,
  ModelStyle,
  Prompt,
  SessionTemplate,
  STTType,
  TextNormalizationConfig,
  TextNormalizationDownload,
  TTSType,
} from './types.js';

function list<T>(path: string) {
  return endpoint<[apiKey: string], T[]>({ method: 'GET', path, scope: 'organisation', args: ['apiKey'], answer: jsonArray<T>() });
}

// `/* @__PURE__ */`: making a call has no side effect, so an app's bundler drops the calls the app never uses.
export const ORGANISATION_ENDPOINTS = {
  /** GET `/api/v1/settings/llm_type/`. */
  getLLMs: /* @__PURE__ */ list<LLMType>('/api/v1/settings/llm_type/'),
  /** GET `/api/v1/settings/tts_type/`. */
  getTTSs: /* @__PURE__ */ list<TTSType>('/api/v1/settings/tts_type/'),
  /** GET `/api/v1/settings/stt_type/`. */
  getSTTs: /* @__PURE__ */ list<STTType>('/api/v1/settings/stt_type/'),
  /** GET `/api/v1/settings/modelstyle/?platform_type=webrtc` (only avatars this SDK can show). */
  getModelStyles: /* @__PURE__ */ list<ModelStyle>('/api/v1/settings/modelstyle/?platform_type=webrtc'),
  /** GET `/api/v1/background_image/`. */
  getBackgroundImages: /* @__PURE__ */ list<BackgroundImage>('/api/v1/background_image/'),
  /** GET `/api/v1/prompt/`. */
  getPrompts: /* @__PURE__ */ list<Prompt>('/api/v1/prompt/'),
  /** GET `/api/v1/document/`. */
  getDocuments: /* @__PURE__ */ list<Document>('/api/v1/document/'),
  /** GET `/api/v1/settings/mcp_type/`. */
  getMcpServers: /* @__PURE__ */ list<MCPServer>('/api/v1/settings/mcp_type/'),
  /** GET `/api/v1/settings/text_normalization_config/`. */
  getTextNormalizations: /* @__PURE__ */ list<TextNormalizationConfig>('/api/v1/settings/text_normalization_config/'),
  /** GET `/api/v1/session_template/`. */
  getSessionTemplates: /* @__PURE__ */ list<SessionTemplate>('/api/v1/session_template/'),

  /** GET `/api/v1/settings/text_normalization_config/{configId}/download/`: a short-lived URL to the CSV ruleset. */
  getTextNormalization: /* @__PURE__ */ endpoint<[apiKey: string, configId: string], TextNormalizationDownload>({
    method: 'GET',
    path: '/api/v1/settings/text_normalization_config/{configId}/download/',
    scope: 'organisation',
    args: ['apiKey', 'configId'],
    answer: jsonObject<TextNormalizationDownload>({ file_url: 'string' }),
  }),

  /** GET `/api/v1/session_template/{id}/`. */
  getSessionTemplate: /* @__PURE__ */ endpoint<[apiKey: string, sessionTemplateId: string], SessionTemplate>({
    method: 'GET',
    path: '/api/v1/session_template/{sessionTemplateId}/',
    scope: 'organisation',
    args: ['apiKey', 'sessionTemplateId'],
    answer: jsonObject<SessionTemplate>({ sessiontemplate_id: 'string', model_style: 'object' }),
  }),

  /**
   * POST `/api/v1/session/` with `capability` derived from `params`. API
   * errors reject as `DoesNotExistError`, `NotInOrganizationError` or
   * `SessionCreationError`.
   */
  createSession: /* @__PURE__ */ endpoint<[apiKey: string, params: CreateSessionParams], CreateSessionResponse>({
    method: 'POST',
    path: '/api/v1/session/',
    scope: 'organisation',
    args: ['apiKey', 'params'],
    body: (_apiKey, params) => ({ json: buildSessionBody(params) }),
    answer: jsonObject<CreateSessionResponse>({ session_id: 'string' }),
    mapError: toSessionCreationError,
  }),
};

/** The organisation-scoped endpoints, positional: `organisationApi.getLLMs(apiServer, apiKey, signal?)`. */
export const organisationApi = /* @__PURE__ */ positionalCalls(ORGANISATION_ENDPOINTS);
