/**
 * Validates the body of `POST /api/v1/session/` against the catalog, the way
 * the platform does: a missing or mistyped field is `invalid`, an unknown
 * name or id is `does_not_exist`, another organisation's is
 * `not_in_organization`; each names the field in `attr`.
 */
import type { BackgroundImage, Document, LLMType, MCPServer, ModelStyle, Prompt, STTType, TextNormalizationConfig } from '../../src/api/types.js';
import { CatalogView, FOREIGN, TTS_VOICES, type TtsVoice } from '../catalog.js';
import { HttpError, invalid } from '../http/respond.js';
import { isRecord } from '../http/body.js';

export const KNOWN_CAPABILITIES = ['STF_WEBRTC', 'STF_ONPREMISE', 'LLM', 'TTS', 'STT'] as const;

export interface ResolvedSessionParams {
  capability: string[];
  modelStyle: ModelStyle;
  prompt: Prompt;
  document: Document | null;
  llmType: LLMType | null;
  ttsType: TtsVoice | null;
  sttType: STTType | null;
  backgroundImage: BackgroundImage | null;
  mcpServers: MCPServer[];
  paddingLeft: number | null;
  paddingTop: number | null;
  paddingHeight: number | null;
  textNormalizationConfig: TextNormalizationConfig | null;
  textNormalizationLocale: string | null;
  sttTextNormalizationConfig: TextNormalizationConfig | null;
  sttTextNormalizationLocale: string | null;
}

export function resolveSessionParams(body: unknown, catalog: CatalogView): ResolvedSessionParams {
  if (!isRecord(body)) throw invalid(null, 'The JSON body must be an object');
  const usingStf = optionalBoolean(body, 'using_stf_webrtc') ?? false;
  const capability = readCapability(body, usingStf);

  const modelStyle = lookup(body, 'model_style', true, catalog.allModelStyles(), (item) => item.name, FOREIGN.model_style)!;
  if (capability.includes('STF_WEBRTC') && modelStyle.platform_type !== 'webrtc') {
    throw invalid('model_style', `Model style "${modelStyle.name}" is for platform "${modelStyle.platform_type}" and cannot be used with STF_WEBRTC`);
  }
  const prompt = lookup(body, 'prompt', true, catalog.prompts(), (item) => item.prompt_id, FOREIGN.prompt)!;
  const document = lookup(body, 'document', false, catalog.documents(), (item) => item.document_id, FOREIGN.document);
  if (prompt.require_document && !document) throw invalid('document', `Prompt "${prompt.prompt_id}" requires a document`);

  const llmType = lookup(body, 'llm_type', capability.includes('LLM'), catalog.llmTypes(), (item) => item.name, FOREIGN.llm_type);
  const ttsType = lookup(body, 'tts_type', capability.includes('TTS'), TTS_VOICES, (item) => item.name, FOREIGN.tts_type);
  const sttType = lookup(body, 'stt_type', capability.includes('STT'), catalog.sttTypes(), (item) => item.name, FOREIGN.stt_type);
  const backgroundImage = lookup(body, 'background_image', false, catalog.backgroundImages(), (item) => item.backgroundimage_id, FOREIGN.background_image);
  const normalizations = catalog.textNormalizations();
  const normalizationId = (item: TextNormalizationConfig) => item.textnormalizationconfig_id;

  return {
    capability,
    modelStyle,
    prompt,
    document,
    llmType,
    ttsType,
    sttType,
    backgroundImage,
    mcpServers: readMcpServers(body, catalog.mcpServers()),
    paddingLeft: optionalNumber(body, 'padding_left'),
    paddingTop: optionalNumber(body, 'padding_top'),
    paddingHeight: optionalNumber(body, 'padding_height'),
    textNormalizationConfig: lookup(body, 'text_normalization_config', false, normalizations, normalizationId, FOREIGN.text_normalization_config),
    textNormalizationLocale: optionalString(body, 'text_normalization_locale'),
    sttTextNormalizationConfig: lookup(body, 'stt_text_normalization_config', false, normalizations, normalizationId, FOREIGN.text_normalization_config),
    sttTextNormalizationLocale: optionalString(body, 'stt_text_normalization_locale'),
  };
}

/** The capability list as sent, or derived from the params the way the SDK derives it when absent. */
function readCapability(body: Record<string, unknown>, usingStf: boolean): string[] {
  const raw = body.capability;
  let names: string[];
  if (raw === undefined || raw === null) {
    names = [
      ...(usingStf ? ['STF_WEBRTC'] : []),
      ...(isPresent(body.llm_type) ? ['LLM'] : []),
      ...(isPresent(body.tts_type) ? ['TTS'] : []),
      ...(isPresent(body.stt_type) ? ['STT'] : []),
    ];
  } else {
    if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) throw invalid('capability', 'capability must be a list of capability names');
    const unknown = raw.find((item) => !(KNOWN_CAPABILITIES as readonly string[]).includes(item as string));
    if (unknown !== undefined) throw invalid('capability', `"${String(unknown)}" is not a valid choice; expected one of ${KNOWN_CAPABILITIES.join(', ')}`);
    names = [...new Set(raw as string[])];
  }
  if (usingStf && !names.includes('STF_WEBRTC')) names.unshift('STF_WEBRTC');
  if (!usingStf && body.using_stf_webrtc === false && names.includes('STF_WEBRTC')) {
    throw invalid('using_stf_webrtc', 'using_stf_webrtc is false but capability lists STF_WEBRTC');
  }
  return names;
}

function lookup<T>(
  body: Record<string, unknown>,
  attr: string,
  required: boolean,
  items: readonly T[],
  key: (item: T) => string,
  foreignKey: string,
): T | null {
  const value = body[attr];
  if (!isPresent(value)) {
    if (required) throw invalid(attr, `This field is required.`);
    return null;
  }
  if (typeof value !== 'string') throw invalid(attr, `${attr} must be a string`);
  const found = items.find((item) => key(item) === value);
  if (found) return found;
  if (value === foreignKey) throw new HttpError(400, 'not_in_organization', `${attr} "${value}" is not in your organization.`, attr);
  throw new HttpError(400, 'does_not_exist', `${attr} "${value}" does not exist.`, attr);
}

function readMcpServers(body: Record<string, unknown>, servers: MCPServer[]): MCPServer[] {
  const value = body.mcp_servers;
  if (!isPresent(value)) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalid('mcp_servers', 'mcp_servers must be a list of MCP server ids');
  return (value as string[]).map((id) => {
    const found = servers.find((server) => server.mcpserver_id === id);
    if (found) return found;
    if (id === FOREIGN.mcp_server) throw new HttpError(400, 'not_in_organization', `mcp_servers "${id}" is not in your organization.`, 'mcp_servers');
    throw new HttpError(400, 'does_not_exist', `mcp_servers "${id}" does not exist.`, 'mcp_servers');
  });
}

function optionalBoolean(body: Record<string, unknown>, attr: string): boolean | null {
  const value = body[attr];
  if (!isPresent(value)) return null;
  if (typeof value !== 'boolean') throw invalid(attr, `${attr} must be a boolean`);
  return value;
}

function optionalNumber(body: Record<string, unknown>, attr: string): number | null {
  const value = body[attr];
  if (!isPresent(value)) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(attr, `${attr} must be a number`);
  return value;
}

function optionalString(body: Record<string, unknown>, attr: string): string | null {
  const value = body[attr];
  if (!isPresent(value)) return null;
  if (typeof value !== 'string') throw invalid(attr, `${attr} must be a string`);
  return value;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
