/** Public functions over the organisation's settings, in both call styles; both entry points export all of them. */
import { ApiError } from '../errors.js';
import { named, resolveArgs } from './call-style.js';
import { publicCall } from './endpoint.js';
import { ORGANISATION_ENDPOINTS, organisationApi } from './organisation-endpoints.js';
import type {
  AllSettings,
  BackgroundImage,
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
import { requireApiKey } from './validate.js';

/** Options shared by every organisation-scoped call. */
export interface ApiKeyOptions {
  /** The organisation's API key (keep it on your server). */
  apiKey: string;
  /** @default DEFAULT_API_SERVER ("https://platform.perso.ai") */
  apiServer?: string;
  /** Aborts the request; the call then rejects with `AbortError`. */
  signal?: AbortSignal;
}

/** An organisation-scoped call without further arguments, in both call styles. */
export interface ApiKeyCall<T> {
  (options: ApiKeyOptions): Promise<T>;
  (apiServer: string, apiKey: string, signal?: AbortSignal): Promise<T>;
}

export interface TextNormalizationOptions extends ApiKeyOptions {
  /** `TextNormalizationConfig.textnormalizationconfig_id`. */
  configId: string;
}

export interface GetTextNormalization {
  (options: TextNormalizationOptions): Promise<TextNormalizationDownload>;
  (apiServer: string, apiKey: string, configId: string, signal?: AbortSignal): Promise<TextNormalizationDownload>;
}

function listCall<T>(name: keyof typeof ORGANISATION_ENDPOINTS): ApiKeyCall<T> {
  return publicCall<ApiKeyCall<T>>(name, ORGANISATION_ENDPOINTS[name]);
}

// `/* @__PURE__ */`: making a call has no side effect, so an app's bundler drops the calls the app never uses.
/** The LLMs the organisation may use. */
export const getLLMs: ApiKeyCall<LLMType[]> = /* @__PURE__ */ listCall('getLLMs');
/** The TTS voices the organisation may use. */
export const getTTSs: ApiKeyCall<TTSType[]> = /* @__PURE__ */ listCall('getTTSs');
/** The STT engines the organisation may use. */
export const getSTTs: ApiKeyCall<STTType[]> = /* @__PURE__ */ listCall('getSTTs');
/** The avatars (model styles) rendered over WebRTC that the organisation may use. */
export const getModelStyles: ApiKeyCall<ModelStyle[]> = /* @__PURE__ */ listCall('getModelStyles');
/** The organisation's background images. */
export const getBackgroundImages: ApiKeyCall<BackgroundImage[]> = /* @__PURE__ */ listCall('getBackgroundImages');
/** The organisation's prompts. */
export const getPrompts: ApiKeyCall<Prompt[]> = /* @__PURE__ */ listCall('getPrompts');
/** The organisation's documents. */
export const getDocuments: ApiKeyCall<Document[]> = /* @__PURE__ */ listCall('getDocuments');
/** The organisation's MCP servers. */
export const getMcpServers: ApiKeyCall<MCPServer[]> = /* @__PURE__ */ listCall('getMcpServers');
/** The organisation's text-normalisation rulesets. */
export const getTextNormalizations: ApiKeyCall<TextNormalizationConfig[]> = /* @__PURE__ */ listCall('getTextNormalizations');
/** The organisation's session templates. */
export const getSessionTemplates: ApiKeyCall<SessionTemplate[]> = /* @__PURE__ */ listCall('getSessionTemplates');

/**
 * Every settings list at once, fetched concurrently. A failing
 * text-normalisation list (an `ApiError`, e.g. a server without that
 * endpoint) yields `textNormalizations: []`; any other failure rejects.
 */
export const getAllSettings: ApiKeyCall<AllSettings> = /* @__PURE__ */ named('getAllSettings', async (...args: unknown[]): Promise<AllSettings> => {
  const { apiServer, signal, values } = resolveArgs('getAllSettings', args, ['apiKey']);
  const apiKey = requireApiKey(values.apiKey);
  const [llms, ttsTypes, sttTypes, modelStyles, backgroundImages, prompts, documents, mcpServers, textNormalizations] =
    await Promise.all([
      organisationApi.getLLMs(apiServer, apiKey, signal),
      organisationApi.getTTSs(apiServer, apiKey, signal),
      organisationApi.getSTTs(apiServer, apiKey, signal),
      organisationApi.getModelStyles(apiServer, apiKey, signal),
      organisationApi.getBackgroundImages(apiServer, apiKey, signal),
      organisationApi.getPrompts(apiServer, apiKey, signal),
      organisationApi.getDocuments(apiServer, apiKey, signal),
      organisationApi.getMcpServers(apiServer, apiKey, signal),
      organisationApi.getTextNormalizations(apiServer, apiKey, signal).catch((error: unknown) => {
        if (error instanceof ApiError) return [];
        throw error;
      }),
    ]);
  return { llms, ttsTypes, sttTypes, modelStyles, backgroundImages, prompts, documents, mcpServers, textNormalizations };
}) as ApiKeyCall<AllSettings>;

/** Where to download a text-normalisation ruleset (a short-lived URL). */
export const getTextNormalization = /* @__PURE__ */ publicCall<GetTextNormalization>('getTextNormalization', ORGANISATION_ENDPOINTS.getTextNormalization);
