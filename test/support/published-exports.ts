/**
 * The export tables of the published README (shared/README-SEED.md), as data:
 * what each entry point must offer, checked against the sources, the built
 * package and the browser bundles.
 */

export const SEED_SERVER_EXPORTS = [
  'createSessionId', 'getIntroMessage', 'getLLMs', 'getTTSs', 'getSTTs', 'getModelStyles', 'getBackgroundImages',
  'getPrompts', 'getDocuments', 'getMcpServers', 'getTextNormalizations', 'getTextNormalization', 'getAllSettings',
  'getSessionTemplates', 'getSessionTemplate', 'getSessionInfo', 'makeTTS', 'DEFAULT_API_SERVER', 'PersoUtilServer',
  'ApiError', 'SessionCreationError', 'DoesNotExistError', 'NotInOrganizationError',
];

/** The REST functions and error classes of the client table. */
export const SEED_CLIENT_REST_EXPORTS = [
  'getLLMs', 'getTTSs', 'getSTTs', 'getModelStyles', 'getBackgroundImages', 'getPrompts', 'getDocuments', 'getMcpServers',
  'getTextNormalizations', 'getTextNormalization', 'getAllSettings', 'getSessionInfo', 'makeTTS', 'createSessionId',
  'getSessionTemplates', 'DEFAULT_API_SERVER', 'ApiError', 'LLMError', 'LLMStreamingResponseError', 'STTError', 'TTSError',
  'TTSDecodeError', 'SessionCreationError', 'DoesNotExistError', 'NotInOrganizationError',
];

export const SEED_CLIENT_EXPORTS = [
  'createSession', 'Session', 'ChatTool', 'ChatState',
  ...SEED_CLIENT_REST_EXPORTS,
  'LlmProcessor', 'WavRecorder', 'createWavRecorder', 'getWavSampleRate', 'TTS_TARGET_SAMPLE_RATE',
];
