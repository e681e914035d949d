/** The wire protocol (PROTOCOL.md) shared by the SDK and the emulator. */
export * from './message-channel.js';
export * from './llm-stream.js';
export * from './file-channel.js';
