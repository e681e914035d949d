/** The REST layer: every endpoint of PROTOCOL.md, in both call styles. */
export { DEFAULT_API_SERVER } from './validate.js';
export { API_KEY_HEADER, INVALID_RESPONSE_CODE, NO_HTTP_STATUS } from './http.js';
export { UNSUPPORTED_PLATFORM_CODE } from './session-creation.js';
export { PersoUtilServer } from './perso-util-server.js';
export {
  getAllSettings,
  getBackgroundImages,
  getDocuments,
  getIntroMessage,
  getLLMs,
  getMcpServers,
  getModelStyles,
  getPrompts,
  getSessionTemplate,
  getSessionTemplates,
  getSTTs,
  getTextNormalization,
  getTextNormalizations,
  getTTSs,
} from './settings-functions.js';
export type {
  ApiKeyCall,
  ApiKeyOptions,
  GetIntroMessage,
  GetSessionTemplate,
  GetTextNormalization,
  IntroMessageOptions,
  SessionTemplateOptions,
  TextNormalizationOptions,
} from './settings-functions.js';
export { createSessionId, getSessionInfo, makeTTS } from './session-functions.js';
export type {
  CreateSessionId,
  CreateSessionIdOptions,
  CreateSessionIdWithParams,
  CreateSessionIdWithTemplate,
  GetSessionInfo,
  MakeTTS,
  MakeTTSOptions,
  SessionIdOptions,
} from './session-functions.js';
export type * from './types.js';
