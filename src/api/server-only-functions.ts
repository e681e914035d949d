/** Public functions only the server entry point exports, in both call styles. */
import { DoesNotExistError } from '../errors.js';
import { named, resolveArgs } from './call-style.js';
import { publicCall } from './endpoint.js';
import { NO_HTTP_STATUS } from './http.js';
import { ORGANISATION_ENDPOINTS, organisationApi } from './organisation-endpoints.js';
import type { ApiKeyOptions } from './settings-functions.js';
import type { SessionTemplate } from './types.js';
import { requireApiKey, requireText } from './validate.js';

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

// `/* @__PURE__ */`: making a call has no side effect, so an app's bundler drops the calls the app never uses.
/** One session template. */
export const getSessionTemplate = /* @__PURE__ */ publicCall<GetSessionTemplate>('getSessionTemplate', ORGANISATION_ENDPOINTS.getSessionTemplate);

/**
 * The `intro_message` of a prompt (`""` when the prompt has none), read from
 * the prompt list. A prompt id not in the list rejects with
 * `DoesNotExistError` (`errorCode` 0: no HTTP error answer, `code`
 * `does_not_exist`, `attr` `prompt`) — the error creating a session with it would give.
 */
export const getIntroMessage: GetIntroMessage = /* @__PURE__ */ named('getIntroMessage', async (...args: unknown[]): Promise<string> => {
  const { apiServer, signal, values } = resolveArgs('getIntroMessage', args, ['apiKey', 'promptId']);
  const apiKey = requireApiKey(values.apiKey);
  const promptId = requireText('promptId', values.promptId);
  const prompts = await organisationApi.getPrompts(apiServer, apiKey, signal);
  const prompt = prompts.find((candidate) => candidate?.prompt_id === promptId);
  if (!prompt) {
    throw new DoesNotExistError(NO_HTTP_STATUS, 'does_not_exist', `Prompt "${promptId}" does not exist in this organisation`, 'prompt');
  }
  return prompt.intro_message ?? '';
}) as GetIntroMessage;
