/** `createSessionId`: creates a session from params or a template, in both call styles. */
import { InvalidArgumentError } from '../errors.js';
import { named, resolveArgs } from './call-style.js';
import { organisationApi } from './organisation-endpoints.js';
import { paramsFromTemplate, toSessionCreationError } from './session-creation.js';
import type { ApiKeyOptions } from './settings-functions.js';
import type { CreateSessionParams } from './types.js';
import { requireApiKey, requireText } from './validate.js';

/** `createSessionId` from explicit params. */
export interface CreateSessionIdWithParams extends ApiKeyOptions {
  params: CreateSessionParams;
  sessionTemplateId?: undefined;
}

/** `createSessionId` from a saved session template. */
export interface CreateSessionIdWithTemplate extends ApiKeyOptions {
  /** `SessionTemplate.sessiontemplate_id`; the template must be for the `webrtc` platform. */
  sessionTemplateId: string;
  params?: undefined;
}

export type CreateSessionIdOptions = CreateSessionIdWithParams | CreateSessionIdWithTemplate;

export interface CreateSessionId {
  (options: CreateSessionIdOptions): Promise<string>;
  /** `paramsOrTemplateId`: session params, or a session template id. */
  (apiServer: string, apiKey: string, paramsOrTemplateId: CreateSessionParams | string, signal?: AbortSignal): Promise<string>;
}

// `/* @__PURE__ */`: making a call has no side effect, so an app's bundler drops the calls the app never uses.
/**
 * Creates a session and answers its id, from params (with `capability`
 * derived from them) or from a session template (fetched, refused unless its
 * model style is for `webrtc`, mapped to params). Every API error on the way
 * — the template fetch included — rejects as `DoesNotExistError`,
 * `NotInOrganizationError` or `SessionCreationError`.
 */
export const createSessionId: CreateSessionId = /* @__PURE__ */ named('createSessionId', async (...args: unknown[]): Promise<string> => {
  const { apiServer, signal, values } = resolveArgs('createSessionId', args, ['apiKey', 'params']);
  const apiKey = requireApiKey(values.apiKey);
  const templateIdGivenPositionally = typeof args[0] === 'string' && typeof values.params === 'string';
  const { params, sessionTemplateId } = templateIdGivenPositionally ? { params: undefined, sessionTemplateId: values.params } : values;
  if (params !== undefined && sessionTemplateId !== undefined) {
    throw new InvalidArgumentError('createSessionId', 'pass either params or sessionTemplateId, not both');
  }
  if (params === undefined && sessionTemplateId === undefined) {
    throw new InvalidArgumentError('createSessionId', 'needs params or a sessionTemplateId');
  }
  const sessionParams = sessionTemplateId === undefined
    ? (params as CreateSessionParams)
    : await templateParams(apiServer, apiKey, requireText('sessionTemplateId', sessionTemplateId), signal);
  const created = await organisationApi.createSession(apiServer, apiKey, sessionParams, signal);
  return created.session_id;
}) as CreateSessionId;

async function templateParams(apiServer: string, apiKey: string, sessionTemplateId: string, signal?: AbortSignal): Promise<CreateSessionParams> {
  try {
    return paramsFromTemplate(await organisationApi.getSessionTemplate(apiServer, apiKey, sessionTemplateId, signal));
  } catch (error) {
    throw toSessionCreationError(error);
  }
}
