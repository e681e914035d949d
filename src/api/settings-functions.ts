/** Public functions over the organisation's settings, in both call styles. */
import { ApiError, DoesNotExistError } from '../errors.js';
import { named, resolveArgs } from './call-style.js';
import { PersoUtilServer } from './perso-util-server.js';
import { NO_HTTP_STATUS } from './http.js';
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
import { requireApiKey, requireText } from './validate.js';

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

export interface SessionTemplateOptions extends ApiKeyOptions {
  /** `SessionTemplate.sessiontemplate_id`. */
  sessionTemplateId: string;
}

export interface GetSessionTemplate {
  (options: SessionTemplateOptions): Promise<SessionTemplate>;
  (apiServer: string, apiKey: string, sessionTemplateId: string, signal?: AbortSignal): Promise<SessionTemplate>;
}

export interface IntroMessageOptions extends ApiKeyOptions {
  /** `Prompt.prompt_id`. */
  promptId: string;
}

export interface GetIntroMessage {
  (options: IntroMessageOptions): Promise<string>;
  (apiServer: string, apiKey: string, promptId: string, signal?: AbortSignal): Promise<string>;
}

type ListFetcher<T> = (apiServer: string, apiKey: string, signal?: AbortSignal) => Promise<T>;

function apiKeyCall<T>(name: string, fetcher: ListFetcher<T>): ApiKeyCall<T> {
  return named(name, async (...args: unknown[]): Promise<T> => {
    const { apiServer, signal, values } = resolveArgs(name, args, ['apiKey']);
    return fetcher(apiServer, requireApiKey(values.apiKey), signal);
  }) as ApiKeyCall<T>;
}

/** The LLMs the organisation may use. */
export const getLLMs: ApiKeyCall<LLMType[]> = apiKeyCall('getLLMs', PersoUtilServer.getLLMs);
/** The TTS voices the organisation may use. */
export const getTTSs: ApiKeyCall<TTSType[]> = apiKeyCall('getTTSs', PersoUtilServer.getTTSs);
/** The STT engines the organisation may use. */
export const getSTTs: ApiKeyCall<STTType[]> = apiKeyCall('getSTTs', PersoUtilServer.getSTTs);
/** The avatars (model styles) rendered over WebRTC that the organisation may use. */
export const getModelStyles: ApiKeyCall<ModelStyle[]> = apiKeyCall('getModelStyles', PersoUtilServer.getModelStyles);
/** The organisation's background images. */
export const getBackgroundImages: ApiKeyCall<BackgroundImage[]> = apiKeyCall('getBackgroundImages', PersoUtilServer.getBackgroundImages);
/** The organisation's prompts. */
export const getPrompts: ApiKeyCall<Prompt[]> = apiKeyCall('getPrompts', PersoUtilServer.getPrompts);
/** The organisation's documents. */
export const getDocuments: ApiKeyCall<Document[]> = apiKeyCall('getDocuments', PersoUtilServer.getDocuments);
/** The organisation's MCP servers. */
export const getMcpServers: ApiKeyCall<MCPServer[]> = apiKeyCall('getMcpServers', PersoUtilServer.getMcpServers);
/** The organisation's text-normalisation rulesets. */
export const getTextNormalizations: ApiKeyCall<TextNormalizationConfig[]> = apiKeyCall(
  'getTextNormalizations',
  PersoUtilServer.getTextNormalizations,
);
/** The organisation's session templates. */
export const getSessionTemplates: ApiKeyCall<SessionTemplate[]> = apiKeyCall('getSessionTemplates', PersoUtilServer.getSessionTemplates);

/**
 * Every settings list at once, fetched concurrently. A failing
 * text-normalisation list (an `ApiError`, e.g. a server without that
 * endpoint) yields `textNormalizations: []`; any other failure rejects.
 */
export const getAllSettings: ApiKeyCall<AllSettings> = apiKeyCall('getAllSettings', async (apiServer, apiKey, signal) => {
  const [llms, ttsTypes, sttTypes, modelStyles, backgroundImages, prompts, documents, mcpServers, textNormalizations] =
    await Promise.all([
      PersoUtilServer.getLLMs(apiServer, apiKey, signal),
      PersoUtilServer.getTTSs(apiServer, apiKey, signal),
      PersoUtilServer.getSTTs(apiServer, apiKey, signal),
      PersoUtilServer.getModelStyles(apiServer, apiKey, signal),
      PersoUtilServer.getBackgroundImages(apiServer, apiKey, signal),
      PersoUtilServer.getPrompts(apiServer, apiKey, signal),
      PersoUtilServer.getDocuments(apiServer, apiKey, signal),
      PersoUtilServer.getMcpServers(apiServer, apiKey, signal),
      PersoUtilServer.getTextNormalizations(apiServer, apiKey, signal).catch((error: unknown) => {
        if (error instanceof ApiError) return [];
        throw error;
      }),
    ]);
  return { llms, ttsTypes, sttTypes, modelStyles, backgroundImages, prompts, documents, mcpServers, textNormalizations };
});

/** Where to download a text-normalisation ruleset (a short-lived URL). */
export const getTextNormalization: GetTextNormalization = named(
  'getTextNormalization',
  async (...args: unknown[]): Promise<TextNormalizationDownload> => {
    const { apiServer, signal, values } = resolveArgs('getTextNormalization', args, ['apiKey', 'configId']);
    return PersoUtilServer.getTextNormalization(
      apiServer,
      requireApiKey(values.apiKey),
      requireText('configId', values.configId),
      signal,
    );
  },
) as GetTextNormalization;

/** One session template. */
export const getSessionTemplate: GetSessionTemplate = named(
  'getSessionTemplate',
  async (...args: unknown[]): Promise<SessionTemplate> => {
    const { apiServer, signal, values } = resolveArgs('getSessionTemplate', args, ['apiKey', 'sessionTemplateId']);
    return PersoUtilServer.getSessionTemplate(
      apiServer,
      requireApiKey(values.apiKey),
      requireText('sessionTemplateId', values.sessionTemplateId),
      signal,
    );
  },
) as GetSessionTemplate;

/**
 * The `intro_message` of a prompt (`""` when the prompt has none), read from
 * the prompt list. A prompt id not in the list rejects with
 * `DoesNotExistError` (`errorCode` 0: no HTTP error answer, `code`
 * `does_not_exist`, `attr` `prompt`) — the error creating a session with it would give.
 */
export const getIntroMessage: GetIntroMessage = named('getIntroMessage', async (...args: unknown[]): Promise<string> => {
  const { apiServer, signal, values } = resolveArgs('getIntroMessage', args, ['apiKey', 'promptId']);
  const apiKey = requireApiKey(values.apiKey);
  const promptId = requireText('promptId', values.promptId);
  const prompts = await PersoUtilServer.getPrompts(apiServer, apiKey, signal);
  const prompt = prompts.find((candidate) => candidate?.prompt_id === promptId);
  if (!prompt) {
    throw new DoesNotExistError(NO_HTTP_STATUS, 'does_not_exist', `Prompt "${promptId}" does not exist in this organisation`, 'prompt');
  }
  return prompt.intro_message ?? '';
}) as GetIntroMessage;
