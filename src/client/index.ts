/**
 * `perso-interactive-sdk-web/client`: everything a web page needs to run an
 * avatar session. Bundled for browsers (ESM, CJS, IIFE): nothing Node-only.
 */
export * from './rest-exports.js';
export { createSession } from './create-session.js';
export { Session } from './session.js';
export type { ProcessLLMOptions, ProcessTTSOptions, STTResponse, ConnectionState, SessionActor } from './session.js';
export type {
  CreateSessionOptions,
  SessionTimeouts,
  SpeechRecorder,
  PositionalCreateSessionArgs,
  LegacyCreateSessionArgs,
} from './options.js';
export type { SessionEventMap, SessionEventName, SessionEventListener, AutoplayBlocked } from './session-events.js';
export type { TurnTimeline, TurnStep, TurnTimelineEnd } from './turn-timeline.js';
export { TURN_STEPS } from './turn-timeline.js';
export type { ConnectionQuality, ConnectionQualityLevel, ConnectionFigures } from '../../machines/connection-quality.js';
export { QUALITY_LIMITS, QUALITY_HYSTERESIS } from '../../machines/connection-quality.js';
export type { PageEvents, VisibilityTarget } from './wake-signals.js';
export { ChatState } from '../../machines/chat-state.js';
export type { ChatLogEntry, TtsRequestOptions } from '../../machines/session.types.js';
export type { CloseReason } from '../../machines/connection.types.js';
export { createBackoffPolicy, defaultReconnectPolicy } from '../../machines/reconnect-policy.js';
export type { ReconnectPolicy, RetryContext, BackoffPolicyOptions } from '../../machines/reconnect-policy.js';
export { ChatTool } from '../llm/chat-tool.js';
export type { ChatToolArguments } from '../llm/chat-tool.js';
export type { ToolStart, ToolEnd, ToolFailure } from '../llm/tool-activity.js';
export { LlmProcessor } from '../llm/llm-processor.js';
export type { LlmProcessorCallbacks, LlmProcessorOptions } from '../llm/llm-processor.js';
export type { ChatMessage, ChatMessageInput, LLMChunk, ToolCall, ToolDefinition } from '../llm/types.js';
export { WavRecorder, createWavRecorder } from '../audio/wav-recorder.js';
export type { WavRecorderOptions } from '../audio/wav-recorder.js';
export { getWavSampleRate } from '../audio/wav-header.js';
export { TTS_TARGET_SAMPLE_RATE } from '../audio/constants.js';
export { SessionClosedError, LinkUnavailableError } from '../errors.js';
export { FileUploadError, UploadRefusedError } from '../errors.js';
export { MicrophoneBusyError } from '../errors.js';
export { energyVad } from '../audio/vad/voice-listener.js';
export type { EnergyVadOptions, Utterance, VoiceActivityDetector, VoiceActivityHandlers } from '../audio/vad/voice-listener.js';
export type { ListeningOptions } from './hands-free.js';
export type { ListeningState } from '../../machines/listening-state.js';
