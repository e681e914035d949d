/** Every URL of PROTOCOL.md, built from a normalised API server. */
import { normalizeApiServer, requireText } from './validate.js';

/** Organisation-scoped paths (sent with the API key). */
export const ORG_PATHS = {
  llms: '/api/v1/settings/llm_type/',
  ttsTypes: '/api/v1/settings/tts_type/',
  sttTypes: '/api/v1/settings/stt_type/',
  modelStyles: '/api/v1/settings/modelstyle/?platform_type=webrtc',
  backgroundImages: '/api/v1/background_image/',
  prompts: '/api/v1/prompt/',
  documents: '/api/v1/document/',
  mcpServers: '/api/v1/settings/mcp_type/',
  textNormalizations: '/api/v1/settings/text_normalization_config/',
  sessionTemplates: '/api/v1/session_template/',
  sessions: '/api/v1/session/',
} as const;

export function orgUrl(apiServer: string, path: string): string {
  return `${normalizeApiServer(apiServer)}${path}`;
}

export function textNormalizationDownloadUrl(apiServer: string, configId: string): string {
  return orgUrl(apiServer, `/api/v1/settings/text_normalization_config/${segment('configId', configId)}/download/`);
}

export function sessionTemplateUrl(apiServer: string, sessionTemplateId: string): string {
  return orgUrl(apiServer, `/api/v1/session_template/${segment('sessionTemplateId', sessionTemplateId)}/`);
}

/** `/api/v1/session/{id}/` plus `suffix` (e.g. `tts/`); the id is the only authority these calls carry. */
export function sessionUrl(apiServer: string, sessionId: string, suffix = ''): string {
  return orgUrl(apiServer, `/api/v1/session/${segment('sessionId', sessionId)}/${suffix}`);
}

/** An id as one path segment: an id can never walk to another path. */
function segment(argument: string, value: unknown): string {
  return encodeURIComponent(requireText(argument, value));
}
