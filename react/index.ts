/**
 * `perso-interactive-sdk-web/react`: React bindings (React 18 or later, an
 * optional peer dependency). The SDK itself comes from
 * `perso-interactive-sdk-web/client`, so an app bundles one copy of it.
 */
export { usePersoSession } from './use-perso-session.js';
export type { UsePersoSessionOptions } from './use-perso-session.js';
export type { PersoSessionState, PersoSessionStatus } from './session-keeper.js';
export { PersoSessionProvider } from './provider.js';
export type { PersoSessionProviderProps } from './provider.js';
export { useSession } from './context.js';
export { useChatStates, useChatLog, useConnectionState } from './session-hooks.js';
export { useSessionSelector } from './use-session-selector.js';
export { useSessionEvent } from './use-session-event.js';
export { useConnectionQuality } from './use-connection-quality.js';
export { AvatarVideo } from './avatar-video.js';
export type { AvatarVideoProps } from './avatar-video.js';
export { defineTool, useChatTool } from './chat-tool.js';
export type { ToolSpec } from './chat-tool.js';
