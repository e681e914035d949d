/** Public functions that create a session or act on one, in both call styles. */
import { InvalidArgumentError } from '../errors.js';
import { named, resolveArgs } from './call-style.js';
import { PersoUtilServer } from './perso-util-server.js';
import { paramsFromTemplate, toSessionCreationError } from './session-creation.js';
import type { ApiKeyOptions } from './settings-functions.js';
import type { CreateSessionParams, SessionInfo, TTSRequest, TTSResponse } from './types.js';
import { isRecord, requireApiKey, requireText } from './validate.js';

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

/** Options of the session-scoped calls: the session id is the only authority needed. */
export interface SessionIdOptions {
  sessionId: string;
  /** @default DEFAULT_API_SERVER ("https://platform.perso.ai") */
  apiServer?: string;
  /** Aborts the request; the call then rejects with `AbortError`. */
  signal?: AbortSignal;
}

export interface GetSessionInfo {
  (options: SessionIdOptions): Promise<SessionInfo>;
  (apiServer: string, sessionId: string, signal?: AbortSignal): Promise<SessionInfo>;
}

export interface MakeTTSOptions extends SessionIdOptions, TTSRequest {}

export interface MakeTTS {
  (options: MakeTTSOptions): Promise<TTSResponse>;
  /** `request`: the text to speak, or `{ text, locale?, output_format? }`. */
  (apiServer: string, sessionId: string, request: TTSRequest | string, signal?: AbortSignal): Promise<TTSResponse>;
}

/**
 * Creates a session and answers its id, from params (with `capability`
 * derived from them) or from a session template (fetched, refused unless its
 * model style is for `webrtc`, mapped to params). Every API error on the way
 * — the template fetch included — rejects as `DoesNotExistError`,
 * `NotInOrganizationError` or `SessionCreationError`.
 */
export const createSessionId: CreateSessionId = named('createSessionId', async (...args: unknown[]): Promise<string> => {
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
  const created = await PersoUtilServer.createSession(apiServer, apiKey, sessionParams, signal);
  return created.session_id;
}) as CreateSessionId;

async function templateParams(apiServer: string, apiKey: string, sessionTemplateId: string, signal?: AbortSignal): Promise<CreateSessionParams> {
  try {
    return paramsFromTemplate(await PersoUtilServer.getSessionTemplate(apiServer, apiKey, sessionTemplateId, signal));
  } catch (error) {
    throw toSessionCreationError(error);
  }
}

/** A session's metadata (status, capabilities, settings). No API key needed. */
export const getSessionInfo: GetSessionInfo = named('getSessionInfo', async (...args: unknown[]): Promise<SessionInfo> => {
  const { apiServer, signal, values } = resolveArgs('getSessionInfo', args, ['sessionId']);
  return PersoUtilServer.getSessionInfo(apiServer, requireText('sessionId', values.sessionId), signal);
}) as GetSessionInfo;

/** Synthesises speech with the session's voice; answers `{ audio }`, base64 of WAV or MP3 bytes. No API key needed. */
export const makeTTS: MakeTTS = named('makeTTS', async (...args: unknown[]): Promise<TTSResponse> => {
  const { apiServer, signal, values } = resolveArgs('makeTTS', args, ['sessionId', 'request']);
  const sessionId = requireText('sessionId', values.sessionId);
  const fromPositional = values.request;
  const request: Record<string, unknown> =
    typeof fromPositional === 'string' ? { text: fromPositional }
    : isRecord(fromPositional) ? fromPositional
    : values;
  const tts: TTSRequest = { text: requireText('text', request.text) };
  if (request.locale != null) tts.locale = requireText('locale', request.locale);
  if (request.output_format != null) tts.output_format = requireText('output_format', request.output_format);
  return PersoUtilServer.makeTTS(apiServer, sessionId, tts, signal);
}) as MakeTTS;
