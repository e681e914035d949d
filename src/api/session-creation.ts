/** Turning params or a template into the session-creation body, and typing its failures. */
import { ApiError, DoesNotExistError, InvalidArgumentError, NotInOrganizationError, SessionCreationError } from '../errors.js';
import type { CapabilityName, CreateSessionBody, CreateSessionParams, SessionTemplate } from './types.js';
import { NO_HTTP_STATUS } from './http.js';
import { isRecord, requireText } from './validate.js';

/** `SessionCreationError.code` when a template is not for WebRTC. */
export const UNSUPPORTED_PLATFORM_CODE = 'unsupported_platform_type';

const OPTIONAL_FIELDS = [
  'llm_type',
  'tts_type',
  'stt_type',
  'document',
  'background_image',
  'mcp_servers',
  'padding_left',
  'padding_top',
  'padding_height',
  'text_normalization_config',
  'text_normalization_locale',
  'stt_text_normalization_config',
  'stt_text_normalization_locale',
] as const satisfies readonly (keyof CreateSessionParams)[];

/**
 * The POST body: the params with `capability` derived from them (`STF_WEBRTC`
 * when `using_stf_webrtc`, `LLM`/`TTS`/`STT` for each `*_type` given), and
 * without the optional fields that are `undefined` or `null`.
 */
export function buildSessionBody(params: CreateSessionParams): CreateSessionBody {
  if (!isRecord(params)) throw new InvalidArgumentError('params', 'must be an object of session parameters');
  if (typeof params.using_stf_webrtc !== 'boolean') {
    throw new InvalidArgumentError('params.using_stf_webrtc', 'must be true or false');
  }
  const capability: CapabilityName[] = [];
  if (params.using_stf_webrtc) capability.push('STF_WEBRTC');
  if (params.llm_type != null) capability.push('LLM');
  if (params.tts_type != null) capability.push('TTS');
  if (params.stt_type != null) capability.push('STT');

  const body: CreateSessionBody = {
    capability,
    using_stf_webrtc: params.using_stf_webrtc,
    model_style: requireText('params.model_style', params.model_style),
    prompt: requireText('params.prompt', params.prompt),
  };
  for (const name of OPTIONAL_FIELDS) {
    const value = params[name];
    if (value != null) Object.assign(body, { [name]: value });
  }
  return body;
}

/**
 * The params a template stands for: ids of its nested objects, and the
 * `*_type` names only for the capabilities the template has. A template whose
 * model style is not rendered over WebRTC (including one that does not say)
 * is refused, since this SDK can only show WebRTC avatars.
 */
export function paramsFromTemplate(template: SessionTemplate): CreateSessionParams {
  const platform = template.model_style?.platform_type;
  if (platform !== 'webrtc') {
    throw new SessionCreationError(
      NO_HTTP_STATUS,
      UNSUPPORTED_PLATFORM_CODE,
      `Session template "${template.sessiontemplate_id}" uses model style "${template.model_style?.name}" ` +
        `for platform "${platform ?? 'unspecified'}"; only "webrtc" templates can be used with this SDK`,
      'model_style',
    );
  }
  const capabilities = new Set((template.capability ?? []).map((entry) => entry.name));
  const params: CreateSessionParams = {
    using_stf_webrtc: capabilities.has('STF_WEBRTC'),
    model_style: template.model_style.name,
    prompt: template.prompt?.prompt_id,
    llm_type: capabilities.has('LLM') ? nameOf(template.llm_type) : undefined,
    tts_type: capabilities.has('TTS') ? nameOf(template.tts_type) : undefined,
    stt_type: capabilities.has('STT') ? nameOf(template.stt_type) : undefined,
    document: template.document?.document_id,
    background_image: template.background_image?.backgroundimage_id,
    mcp_servers: template.mcp_servers?.length ? template.mcp_servers.map((server) => server.mcpserver_id) : undefined,
    padding_left: template.padding_left ?? undefined,
    padding_top: template.padding_top ?? undefined,
    padding_height: template.padding_height ?? undefined,
    text_normalization_config: textNormalizationId(template.text_normalization_config),
    text_normalization_locale: template.text_normalization_locale ?? undefined,
    stt_text_normalization_config: textNormalizationId(template.stt_text_normalization_config),
    stt_text_normalization_locale: template.stt_text_normalization_locale ?? undefined,
  };
  return params;
}

/**
 * Any `ApiError` met while creating a session, typed by its code:
 * `does_not_exist` → `DoesNotExistError`, `not_in_organization` →
 * `NotInOrganizationError`, anything else → `SessionCreationError`.
 * Network, abort and argument errors pass through unchanged.
 */
export function toSessionCreationError(error: unknown): unknown {
  if (!(error instanceof ApiError) || error instanceof SessionCreationError) return error;
  const Type =
    error.code === 'does_not_exist' ? DoesNotExistError
    : error.code === 'not_in_organization' ? NotInOrganizationError
    : SessionCreationError;
  const typed = new Type(error.errorCode, error.code, error.detail, error.attr, error.errors);
  typed.stack = error.stack;
  return typed;
}

function nameOf(value: { name: string } | string | null | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return value?.name ?? undefined;
}

function textNormalizationId(value: { textnormalizationconfig_id: string } | string | null | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return value?.textnormalizationconfig_id ?? undefined;
}
