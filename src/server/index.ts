/**
 * The server entry point (`perso-interactive-sdk-web/server`): everything
 * that needs the organisation's API key, for Node and other server runtimes.
 */
export {
  createSessionId,
  getAllSettings,
  getBackgroundImages,
  getDocuments,
  getIntroMessage,
  getLLMs,
  getMcpServers,
  getModelStyles,
  getPrompts,
  getSessionInfo,
  getSessionTemplate,
  getSessionTemplates,
  getSTTs,
  getTextNormalization,
  getTextNormalizations,
  getTTSs,
  makeTTS,
  DEFAULT_API_SERVER,
  PersoUtilServer,
} from '../api/index.js';
export type {
  ApiKeyCall,
  ApiKeyOptions,
  CreateSessionId,
  CreateSessionIdOptions,
  CreateSessionIdWithParams,
  CreateSessionIdWithTemplate,
  GetIntroMessage,
  GetSessionInfo,
  GetSessionTemplate,
  GetTextNormalization,
  IntroMessageOptions,
  MakeTTS,
  MakeTTSOptions,
  SessionIdOptions,
  SessionTemplateOptions,
  TextNormalizationOptions,
} from '../api/index.js';
export type * from '../api/types.js';
export {
  AbortError,
  ApiError,
  DoesNotExistError,
  InvalidArgumentError,
  NetworkError,
  NotInOrganizationError,
  SessionCreationError,
} from '../errors.js';
export type { ApiErrorDetail } from '../errors.js';
