/**
 * perso-interactive-sdk-web/inspector: live statechart inspection for a
 * session. Not part of the client bundle; import it only where you inspect.
 */
export { attachInspector, toSourceUrl } from './attach.js';
export type { AttachInspectorOptions, InspectorAttachment, InspectorTarget } from './attach.js';
export { createInspectorObserver } from './observer.js';
export type { InspectorObserver } from './observer.js';
export { toInspectorMessage, DEFAULT_MAX_MESSAGE_BYTES, SYNC_EVENT_TYPE } from './messages.js';
export type { MessageOptions } from './messages.js';
export { toJsonSafe, DEFAULT_LIMITS } from './serialize.js';
export type { SerializeLimits } from './serialize.js';
export type { ReconnectOptions, WebSocketConstructorLike, WebSocketLike } from './socket.js';
export { INSPECTOR_PROTOCOL_VERSION, INSPECTOR_WS_PATH } from './protocol.js';
export type * from './protocol.js';
