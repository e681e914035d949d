/**
 * `perso-interactive-sdk-web/machines`: the session statecharts, for people who
 * drive, test or inspect them directly. Apps normally use `createSession`.
 */
export { sessionMachine } from './session.machine.js';
export type { SessionMachine } from './session.machine.js';
export { sessionSetup, FIRST_UTTERANCE_MARGIN_MS, NEXT_UTTERANCE_MARGIN_MS, SPEECH_START_TIMEOUT_MS } from './session.setup.js';
export { connectionMachine } from './connection.machine.js';
export type { ConnectionMachine } from './connection.machine.js';
export { ChatState } from './chat-state.js';
export { toChatStates, toLinkStatus, isRecording, sameChatStates, hasAvatarLink } from './chat-states.js';
export type { SessionSnapshot } from './chat-states.js';
export { createBackoffPolicy, defaultReconnectPolicy } from './reconnect-policy.js';
export type { BackoffPolicyOptions, ReconnectPolicy, RetryContext } from './reconnect-policy.js';
export type * from './connection.types.js';
export type * from './session.types.js';
export type { AudioFormat, ClientMessage, ServerMessage, SpeechMessage } from '../src/protocol/message-channel.js';
